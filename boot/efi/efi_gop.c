/* efi_gop.c - see efi_gop.h. Rectangles are filled with Blt(EfiBltVideoFill) (UEFI 12.9, Blt). */
#include "efi_gop.h"
#include "efi_globals.h"

#define EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID \
	{ 0x9042a9de, 0x23dc, 0x4a38, { 0x96, 0xfb, 0x7a, 0xde, 0xd0, 0x80, 0x51, 0x6a } }

typedef struct {
	uint32_t Version, HorizontalResolution, VerticalResolution;
	int32_t PixelFormat;
	uint32_t PixelInformation[4];
	uint32_t PixelsPerScanLine;
} EFI_GRAPHICS_OUTPUT_MODE_INFORMATION;

typedef struct {
	uint32_t MaxMode, Mode;
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *Info;
	UINTN SizeOfInfo;
	EFI_PHYSICAL_ADDRESS FrameBufferBase;
	UINTN FrameBufferSize;
} EFI_GRAPHICS_OUTPUT_PROTOCOL_MODE;

typedef struct {
	uint8_t Blue, Green, Red, Reserved;
} EFI_GRAPHICS_OUTPUT_BLT_PIXEL;

enum { EfiBltVideoFill = 0 };

typedef struct EFI_GRAPHICS_OUTPUT_PROTOCOL {
	void *QueryMode;
	void *SetMode;
	EFI_STATUS(EFIAPI *Blt)(struct EFI_GRAPHICS_OUTPUT_PROTOCOL *, EFI_GRAPHICS_OUTPUT_BLT_PIXEL *, int operation,
				UINTN src_x, UINTN src_y, UINTN dst_x, UINTN dst_y, UINTN width, UINTN height, UINTN delta);
	EFI_GRAPHICS_OUTPUT_PROTOCOL_MODE *Mode;
} EFI_GRAPHICS_OUTPUT_PROTOCOL;

/* EFI's system font is 8 x 19 pixels (UEFI 2.10, 34.2 "EFI_HII_FONT_PROTOCOL": EFI_GLYPH_HEIGHT 19). */
enum { GLYPH_HEIGHT_PX = 19, MARGIN_PX = 16, QUIET_MODULES = 4 };

static void fill(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, uint8_t level, UINTN x, UINTN y, UINTN w, UINTN h)
{
	EFI_GRAPHICS_OUTPUT_BLT_PIXEL p = { level, level, level, 0 };
	gop->Blt(gop, &p, EfiBltVideoFill, 0, 0, x, y, w, h, 0);
}

bool efi_gop_draw_qr(const struct qr_matrix *m, int text_rows)
{
	UINTN text_band = (UINTN)(text_rows > 0 ? text_rows : 0) * GLYPH_HEIGHT_PX + MARGIN_PX / 2;
	static const EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = NULL;
	if (EFI_ERROR(efi_boot->LocateProtocol(&gop_guid, NULL, (void **)&gop)) || !gop || !gop->Mode || !gop->Mode->Info)
		return false;
	UINTN width = gop->Mode->Info->HorizontalResolution, height = gop->Mode->Info->VerticalResolution;
	UINTN modules = (UINTN)m->width + 2 * QUIET_MODULES;
	UINTN room_w = width > 2 * MARGIN_PX ? width - 2 * MARGIN_PX : 0;
	UINTN room_h = height > text_band + MARGIN_PX ? height - text_band - MARGIN_PX : 0;
	UINTN px = (room_w < room_h ? room_w : room_h) / modules;
	if (px < 2)
		return false; /* too small a screen for a code a phone can read */
	UINTN side = modules * px, left = (width - side) / 2, top = text_band + (room_h - side) / 2;
	fill(gop, 0xff, left, top, side, side);
	for (int y = 0; y < m->width; y++)
		for (int x = 0; x < m->width; x++)
			if (qr_matrix_dark(m, x, y))
				fill(gop, 0x00, left + (QUIET_MODULES + (UINTN)x) * px, top + (QUIET_MODULES + (UINTN)y) * px, px, px);
	return true;
}
