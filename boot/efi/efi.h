/*
 * efi.h - the subset of the UEFI interfaces the application uses.
 *
 * Layouts follow the UEFI Specification 2.10 (sections 4 "EFI System Table",
 * 7 "Services - Boot Services", 8 "Services - Runtime Services", 9 "Protocols -
 * EFI Loaded Image", 12 "Console Support", 13 "Media Access") and the TCG EFI
 * Protocol Specification (EFI_TCG2_PROTOCOL). Only members the application
 * calls are typed; the rest are kept as opaque pointers so offsets stay right.
 *
 * Built with clang for x86_64-unknown-windows (or aarch64-unknown-windows),
 * so the calling convention UEFI requires (Microsoft x64; AAPCS64 on Arm64,
 * UEFI 2.3.6) is the default; EFIAPI is empty.
 */
#ifndef PREFLIGHT_EFI_H
#define PREFLIGHT_EFI_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define EFIAPI

typedef uint64_t UINTN;
typedef uint64_t EFI_STATUS;
typedef void *EFI_HANDLE;
typedef void *EFI_EVENT;
typedef uint16_t CHAR16;
typedef uint8_t BOOLEAN;
typedef uint64_t EFI_PHYSICAL_ADDRESS;

typedef struct {
	uint32_t Data1;
	uint16_t Data2;
	uint16_t Data3;
	uint8_t Data4[8];
} EFI_GUID;

#define EFI_ERROR_BIT (1ULL << 63)
#define EFI_ERROR(s) (((s) & EFI_ERROR_BIT) != 0)
#define EFI_SUCCESS 0ULL
#define EFI_LOAD_ERROR (EFI_ERROR_BIT | 1)
#define EFI_INVALID_PARAMETER (EFI_ERROR_BIT | 2)
#define EFI_UNSUPPORTED (EFI_ERROR_BIT | 3)
#define EFI_BUFFER_TOO_SMALL (EFI_ERROR_BIT | 5)
#define EFI_NOT_READY (EFI_ERROR_BIT | 6)
#define EFI_DEVICE_ERROR (EFI_ERROR_BIT | 7)
#define EFI_WRITE_PROTECTED (EFI_ERROR_BIT | 8)
#define EFI_OUT_OF_RESOURCES (EFI_ERROR_BIT | 9)
#define EFI_VOLUME_FULL (EFI_ERROR_BIT | 11)
#define EFI_NOT_FOUND (EFI_ERROR_BIT | 14)
#define EFI_ACCESS_DENIED (EFI_ERROR_BIT | 15)
#define EFI_TIMEOUT (EFI_ERROR_BIT | 18)
#define EFI_ABORTED (EFI_ERROR_BIT | 21)
#define EFI_SECURITY_VIOLATION (EFI_ERROR_BIT | 26)

typedef struct {
	uint64_t Signature;
	uint32_t Revision;
	uint32_t HeaderSize;
	uint32_t CRC32;
	uint32_t Reserved;
} EFI_TABLE_HEADER;

/* 12.3 Simple Text Input Protocol */
typedef struct {
	uint16_t ScanCode;
	CHAR16 UnicodeChar;
} EFI_INPUT_KEY;

typedef struct EFI_SIMPLE_TEXT_INPUT_PROTOCOL {
	EFI_STATUS(EFIAPI *Reset)(struct EFI_SIMPLE_TEXT_INPUT_PROTOCOL *, BOOLEAN);
	EFI_STATUS(EFIAPI *ReadKeyStroke)(struct EFI_SIMPLE_TEXT_INPUT_PROTOCOL *, EFI_INPUT_KEY *);
	EFI_EVENT WaitForKey;
} EFI_SIMPLE_TEXT_INPUT_PROTOCOL;

/* 12.4 Simple Text Output Protocol */
typedef struct {
	int32_t MaxMode;
	int32_t Mode;
	int32_t Attribute;
	int32_t CursorColumn;
	int32_t CursorRow;
	BOOLEAN CursorVisible;
} SIMPLE_TEXT_OUTPUT_MODE;

typedef struct EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL {
	EFI_STATUS(EFIAPI *Reset)(struct EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *, BOOLEAN);
	EFI_STATUS(EFIAPI *OutputString)(struct EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *, const CHAR16 *);
	void *TestString;
	EFI_STATUS(EFIAPI *QueryMode)(struct EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *, UINTN, UINTN *, UINTN *);
	EFI_STATUS(EFIAPI *SetMode)(struct EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *, UINTN);
	EFI_STATUS(EFIAPI *SetAttribute)(struct EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *, UINTN);
	EFI_STATUS(EFIAPI *ClearScreen)(struct EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *);
	EFI_STATUS(EFIAPI *SetCursorPosition)(struct EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *, UINTN, UINTN);
	EFI_STATUS(EFIAPI *EnableCursor)(struct EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *, BOOLEAN);
	SIMPLE_TEXT_OUTPUT_MODE *Mode;
} EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL;

#define EFI_BLACK 0x00
#define EFI_GREEN 0x02
#define EFI_RED 0x04
#define EFI_LIGHTGRAY 0x07
#define EFI_YELLOW 0x0E
#define EFI_WHITE 0x0F

/* 8.3 Time Services */
typedef struct {
	uint16_t Year;
	uint8_t Month;
	uint8_t Day;
	uint8_t Hour;
	uint8_t Minute;
	uint8_t Second;
	uint8_t Pad1;
	uint32_t Nanosecond;
	int16_t TimeZone;
	uint8_t Daylight;
	uint8_t Pad2;
} EFI_TIME;

typedef enum { EfiResetCold, EfiResetWarm, EfiResetShutdown, EfiResetPlatformSpecific } EFI_RESET_TYPE;

typedef struct {
	EFI_TABLE_HEADER Hdr;
	EFI_STATUS(EFIAPI *GetTime)(EFI_TIME *, void *);
	void *SetTime;
	void *GetWakeupTime;
	void *SetWakeupTime;
	void *SetVirtualAddressMap;
	void *ConvertPointer;
	EFI_STATUS(EFIAPI *GetVariable)(const CHAR16 *, const EFI_GUID *, uint32_t *, UINTN *, void *);
	void *GetNextVariableName;
	void *SetVariable;
	void *GetNextHighMonotonicCount;
	void(EFIAPI *ResetSystem)(EFI_RESET_TYPE, EFI_STATUS, UINTN, const void *);
	void *UpdateCapsule;
	void *QueryCapsuleCapabilities;
	void *QueryVariableInfo;
} EFI_RUNTIME_SERVICES;

/* 7.2 Memory Allocation Services */
typedef enum {
	EfiReservedMemoryType,
	EfiLoaderCode,
	EfiLoaderData,
} EFI_MEMORY_TYPE;

typedef enum { AllHandles, ByRegisterNotify, ByProtocol } EFI_LOCATE_SEARCH_TYPE;

/* 7.2 GetMemoryMap: the firmware's descriptors are DescriptorSize apart, which may exceed this structure. */
typedef struct {
	uint32_t Type;
	EFI_PHYSICAL_ADDRESS PhysicalStart;
	uint64_t VirtualStart;
	uint64_t NumberOfPages;
	uint64_t Attribute;
} EFI_MEMORY_DESCRIPTOR;

/* 7.1 CreateEvent, SetTimer */
#define EVT_TIMER 0x80000000
#define EVT_NOTIFY_SIGNAL 0x00000200
#define TPL_CALLBACK 8
enum { TimerCancel, TimerPeriodic, TimerRelative };

#define EFI_OPEN_PROTOCOL_GET_PROTOCOL 0x00000002
#define EFI_OPEN_PROTOCOL_EXCLUSIVE 0x00000020

typedef struct {
	EFI_TABLE_HEADER Hdr;
	void *RaiseTPL;
	void *RestoreTPL;
	void *AllocatePages;
	void *FreePages;
	EFI_STATUS(EFIAPI *GetMemoryMap)(UINTN *, EFI_MEMORY_DESCRIPTOR *, UINTN *, UINTN *, uint32_t *);
	EFI_STATUS(EFIAPI *AllocatePool)(EFI_MEMORY_TYPE, UINTN, void **);
	EFI_STATUS(EFIAPI *FreePool)(void *);
	EFI_STATUS(EFIAPI *CreateEvent)(uint32_t type, UINTN tpl, void (EFIAPI *notify)(EFI_EVENT, void *), void *context,
					EFI_EVENT *event);
	EFI_STATUS(EFIAPI *SetTimer)(EFI_EVENT, int type, uint64_t trigger_100ns);
	EFI_STATUS(EFIAPI *WaitForEvent)(UINTN, EFI_EVENT *, UINTN *);
	void *SignalEvent;
	EFI_STATUS(EFIAPI *CloseEvent)(EFI_EVENT);
	EFI_STATUS(EFIAPI *CheckEvent)(EFI_EVENT);
	void *InstallProtocolInterface;
	void *ReinstallProtocolInterface;
	void *UninstallProtocolInterface;
	EFI_STATUS(EFIAPI *HandleProtocol)(EFI_HANDLE, const EFI_GUID *, void **);
	void *Reserved;
	void *RegisterProtocolNotify;
	void *LocateHandle;
	void *LocateDevicePath;
	void *InstallConfigurationTable;
	/* 7.4: LoadImage(BootPolicy, ParentImageHandle, DevicePath, SourceBuffer, SourceSize, ImageHandle) */
	EFI_STATUS(EFIAPI *LoadImage)(BOOLEAN, EFI_HANDLE, const void *, const void *, UINTN, EFI_HANDLE *);
	EFI_STATUS(EFIAPI *StartImage)(EFI_HANDLE, UINTN *, CHAR16 **);
	EFI_STATUS(EFIAPI *Exit)(EFI_HANDLE, EFI_STATUS, UINTN, const CHAR16 *);
	EFI_STATUS(EFIAPI *UnloadImage)(EFI_HANDLE);
	void *ExitBootServices;
	void *GetNextMonotonicCount;
	EFI_STATUS(EFIAPI *Stall)(UINTN);
	EFI_STATUS(EFIAPI *SetWatchdogTimer)(UINTN, uint64_t, UINTN, const CHAR16 *);
	EFI_STATUS(EFIAPI *ConnectController)(EFI_HANDLE, EFI_HANDLE *, void *, BOOLEAN);
	void *DisconnectController;
	EFI_STATUS(EFIAPI *OpenProtocol)(EFI_HANDLE, const EFI_GUID *, void **, EFI_HANDLE, EFI_HANDLE, uint32_t);
	EFI_STATUS(EFIAPI *CloseProtocol)(EFI_HANDLE, const EFI_GUID *, EFI_HANDLE, EFI_HANDLE);
	void *OpenProtocolInformation;
	void *ProtocolsPerHandle;
	EFI_STATUS(EFIAPI *LocateHandleBuffer)(EFI_LOCATE_SEARCH_TYPE, const EFI_GUID *, void *, UINTN *, EFI_HANDLE **);
	EFI_STATUS(EFIAPI *LocateProtocol)(const EFI_GUID *, void *, void **);
	void *InstallMultipleProtocolInterfaces;
	void *UninstallMultipleProtocolInterfaces;
	void *CalculateCrc32;
	void *CopyMem;
	void *SetMem;
	void *CreateEventEx;
} EFI_BOOT_SERVICES;

typedef struct {
	EFI_GUID VendorGuid;
	void *VendorTable;
} EFI_CONFIGURATION_TABLE;

typedef struct {
	EFI_TABLE_HEADER Hdr;
	CHAR16 *FirmwareVendor;
	uint32_t FirmwareRevision;
	EFI_HANDLE ConsoleInHandle;
	EFI_SIMPLE_TEXT_INPUT_PROTOCOL *ConIn;
	EFI_HANDLE ConsoleOutHandle;
	EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *ConOut;
	EFI_HANDLE StandardErrorHandle;
	EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *StdErr;
	EFI_RUNTIME_SERVICES *RuntimeServices;
	EFI_BOOT_SERVICES *BootServices;
	UINTN NumberOfTableEntries;
	EFI_CONFIGURATION_TABLE *ConfigurationTable;
} EFI_SYSTEM_TABLE;

/* 9.1 Loaded Image Protocol */
#define EFI_LOADED_IMAGE_PROTOCOL_GUID \
	{ 0x5b1b31a1, 0x9562, 0x11d2, { 0x8e, 0x3f, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b } }
typedef struct {
	uint32_t Revision;
	EFI_HANDLE ParentHandle;
	EFI_SYSTEM_TABLE *SystemTable;
	EFI_HANDLE DeviceHandle;
	void *FilePath;
	void *Reserved;
	uint32_t LoadOptionsSize;
	void *LoadOptions;
	void *ImageBase;
	uint64_t ImageSize;
	EFI_MEMORY_TYPE ImageCodeType;
	EFI_MEMORY_TYPE ImageDataType;
	void *Unload;
} EFI_LOADED_IMAGE_PROTOCOL;

/* UEFI Shell 2.2, 2.3: EFI_SHELL_PARAMETERS_PROTOCOL (argv of a shell command) */
#define EFI_SHELL_PARAMETERS_PROTOCOL_GUID \
	{ 0x752f3136, 0x4e16, 0x4fdc, { 0xa2, 0x2a, 0xe5, 0xf4, 0x68, 0x12, 0xf4, 0xca } }
typedef struct {
	CHAR16 **Argv;
	UINTN Argc;
	void *StdIn;
	void *StdOut;
	void *StdErr;
} EFI_SHELL_PARAMETERS_PROTOCOL;

/* 13.4 Simple File System Protocol, 13.5 File Protocol */
#define EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID \
	{ 0x964e5b22, 0x6459, 0x11d2, { 0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b } }
#define EFI_FILE_INFO_GUID \
	{ 0x09576e92, 0x6d3f, 0x11d2, { 0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b } }

#define EFI_FILE_MODE_READ 0x0000000000000001ULL
#define EFI_FILE_MODE_WRITE 0x0000000000000002ULL
#define EFI_FILE_MODE_CREATE 0x8000000000000000ULL
#define EFI_FILE_DIRECTORY 0x0000000000000010ULL

typedef struct EFI_FILE_PROTOCOL {
	uint64_t Revision;
	EFI_STATUS(EFIAPI *Open)(struct EFI_FILE_PROTOCOL *, struct EFI_FILE_PROTOCOL **, const CHAR16 *, uint64_t, uint64_t);
	EFI_STATUS(EFIAPI *Close)(struct EFI_FILE_PROTOCOL *);
	EFI_STATUS(EFIAPI *Delete)(struct EFI_FILE_PROTOCOL *);
	EFI_STATUS(EFIAPI *Read)(struct EFI_FILE_PROTOCOL *, UINTN *, void *);
	EFI_STATUS(EFIAPI *Write)(struct EFI_FILE_PROTOCOL *, UINTN *, const void *);
	EFI_STATUS(EFIAPI *GetPosition)(struct EFI_FILE_PROTOCOL *, uint64_t *);
	EFI_STATUS(EFIAPI *SetPosition)(struct EFI_FILE_PROTOCOL *, uint64_t);
	EFI_STATUS(EFIAPI *GetInfo)(struct EFI_FILE_PROTOCOL *, const EFI_GUID *, UINTN *, void *);
	EFI_STATUS(EFIAPI *SetInfo)(struct EFI_FILE_PROTOCOL *, const EFI_GUID *, UINTN, void *);
	EFI_STATUS(EFIAPI *Flush)(struct EFI_FILE_PROTOCOL *);
} EFI_FILE_PROTOCOL;

typedef struct EFI_SIMPLE_FILE_SYSTEM_PROTOCOL {
	uint64_t Revision;
	EFI_STATUS(EFIAPI *OpenVolume)(struct EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *, EFI_FILE_PROTOCOL **);
} EFI_SIMPLE_FILE_SYSTEM_PROTOCOL;

typedef struct {
	uint64_t Size;
	uint64_t FileSize;
	uint64_t PhysicalSize;
	EFI_TIME CreateTime;
	EFI_TIME LastAccessTime;
	EFI_TIME ModificationTime;
	uint64_t Attribute;
	CHAR16 FileName[1];
} EFI_FILE_INFO;

/* 37.5 EFI RNG Protocol */
#define EFI_RNG_PROTOCOL_GUID \
	{ 0x3152bca5, 0xeade, 0x433d, { 0x86, 0x2e, 0xc0, 0x1c, 0xdc, 0x29, 0x1f, 0x44 } }
typedef struct EFI_RNG_PROTOCOL {
	void *GetInfo;
	EFI_STATUS(EFIAPI *GetRNG)(struct EFI_RNG_PROTOCOL *, const EFI_GUID *, UINTN, uint8_t *);
} EFI_RNG_PROTOCOL;

/* 4.6 Configuration tables: SMBIOS entry points (DMTF DSP0134 5.2) */
#define SMBIOS3_TABLE_GUID \
	{ 0xf2fd1544, 0x9794, 0x4a2c, { 0x99, 0x2e, 0xe5, 0xbb, 0xcf, 0x20, 0xe3, 0x94 } }
#define SMBIOS_TABLE_GUID \
	{ 0xeb9d2d31, 0x2d88, 0x11d3, { 0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d } }
/* 3.3 Globally defined variables (SecureBoot, SetupMode) */
#define EFI_GLOBAL_VARIABLE_GUID \
	{ 0x8be4df61, 0x93ca, 0x11d2, { 0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03, 0x2b, 0x8c } }

/* 4.6 Configuration tables: ACPI 2.0+ RSDP */
#define EFI_ACPI_20_TABLE_GUID \
	{ 0x8868e871, 0xe4f1, 0x11d3, { 0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81 } }
/* UEFI 4.6.1.3 (EFI_DTB_TABLE_GUID): the flattened device tree a firmware without ACPI (U-Boot) publishes */
#define EFI_DTB_TABLE_GUID \
	{ 0xb1b621d5, 0xf19c, 0x41a5, { 0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0 } }

/* TCG EFI Protocol Specification, 6.1 EFI_TCG2_PROTOCOL */
#define EFI_TCG2_PROTOCOL_GUID \
	{ 0x607f766c, 0x7455, 0x42be, { 0x93, 0x0b, 0xe4, 0xd7, 0x6d, 0xb2, 0x72, 0x0f } }
/* TCG EFI Protocol Specification for TPM 1.2 (EFI_TCG_PROTOCOL) */
#define EFI_TCG_PROTOCOL_GUID \
	{ 0xf541796d, 0xa62e, 0x4954, { 0xa7, 0x75, 0x95, 0x84, 0xf6, 0x1b, 0x9c, 0xdd } }

/*
 * EFI_TCG2_BOOT_SERVICE_CAPABILITY is read as bytes (tpmdrv/efi_tcg2.c): firmware builds differ on
 * whether the structure is packed (30 bytes) or naturally aligned (36 bytes); its Size field tells.
 */

typedef struct EFI_TCG2_PROTOCOL {
	EFI_STATUS(EFIAPI *GetCapability)(struct EFI_TCG2_PROTOCOL *, void *);
	EFI_STATUS(EFIAPI *GetEventLog)(struct EFI_TCG2_PROTOCOL *, uint32_t, EFI_PHYSICAL_ADDRESS *, EFI_PHYSICAL_ADDRESS *,
					BOOLEAN *);
	void *HashLogExtendEvent;
	EFI_STATUS(EFIAPI *SubmitCommand)(struct EFI_TCG2_PROTOCOL *, uint32_t, uint8_t *, uint32_t, uint8_t *);
	void *GetActivePcrBanks;
	void *SetActivePcrBanks;
	void *GetResultOfSetActivePcrBanks;
} EFI_TCG2_PROTOCOL;

#endif
