/* efi_args.c - recover the command line the application was started with. */
#include "efi_args.h"
#include "efi_globals.h"
#include <stdio.h>
#include <string.h>

static void append_char16(char *out, size_t len, size_t *pos, const CHAR16 *s, size_t max_chars)
{
	for (size_t i = 0; i < max_chars && s[i] && *pos + 1 < len; i++)
		out[(*pos)++] = s[i] < 0x80 ? (char)s[i] : '?';
	out[*pos] = 0;
}

int efi_command_line(char *out, size_t len)
{
	static const EFI_GUID shell_guid = EFI_SHELL_PARAMETERS_PROTOCOL_GUID;
	static const EFI_GUID image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_SHELL_PARAMETERS_PROTOCOL *shell = NULL;
	EFI_LOADED_IMAGE_PROTOCOL *image = NULL;
	size_t pos = 0;
	out[0] = 0;
	if (!EFI_ERROR(efi_boot->HandleProtocol(efi_image, &shell_guid, (void **)&shell)) && shell) {
		for (UINTN i = 0; i < shell->Argc && i < 32; i++) {
			if (i && pos + 1 < len)
				out[pos++] = ' ';
			append_char16(out, len, &pos, shell->Argv[i], 256);
		}
		return 1;
	}
	/* A boot entry's optional data: use it only when it is a NUL-terminated UCS-2 string. */
	if (!EFI_ERROR(efi_boot->HandleProtocol(efi_image, &image_guid, (void **)&image)) && image &&
	    image->LoadOptions && image->LoadOptionsSize >= 2 && image->LoadOptionsSize % 2 == 0) {
		const CHAR16 *opts = image->LoadOptions;
		size_t chars = image->LoadOptionsSize / 2;
		bool text = opts[chars - 1] == 0;
		for (size_t i = 0; i + 1 < chars && text; i++)
			text = opts[i] >= 0x20 && opts[i] < 0x7f;
		if (text)
			append_char16(out, len, &pos, opts, chars);
	}
	return 0;
}
