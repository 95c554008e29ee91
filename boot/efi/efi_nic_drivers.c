/*
 * efi_nic_drivers.c - see efi_nic_drivers.h. UEFI 2.10: 7.4 LoadImage, from a
 * buffer with the file's device path, so that the firmware's Secure Boot
 * policy judges the image by where it came from (EFI_ACCESS_DENIED or
 * EFI_SECURITY_VIOLATION when it is not allowed: OVMF answers the first for
 * an unsigned driver on a USB stick, measured; after the second the image may
 * be loaded, and its handle is freed with UnloadImage); StartImage (a driver
 * returns from its entry point once its driver binding is installed; one that
 * returns an error is unloaded by the firmware); 7.3 ConnectController;
 * 10.3.5.4 the media file path node. The file's PE headers are checked first
 * (checks/util/pe_image.h), and the very bytes checked go to LoadImage.
 */
#include "efi_nic_drivers.h"
#include "efi_console.h"
#include "efi_files.h"
#include "efi_globals.h"
#include "efi_progress.h"
#include "checks/util/pe_image.h"
#include "net/efi_snp.h"
#include "net/snp_nic.h"
#include "boot/platform.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The machine type this application runs as (PE Format, "Machine Types"); the Arm64 build loads Arm64 drivers. */
#if defined(__x86_64__)
#define NATIVE_MACHINE PE_MACHINE_AMD64
#elif defined(__aarch64__)
#define NATIVE_MACHINE PE_MACHINE_ARM64
#else
#error "efi_nic_drivers.c: no PE machine type for this architecture"
#endif

enum {
	DRIVER_FILES_MAX = 16,              /* more is a mistake; the rest are named as not tried */
	DRIVER_SIZE_MAX = 16 * 1024 * 1024, /* vendors' UNDI drivers are 100 KiB to 1 MiB */
	DRIVER_PATH_MAX = 160,
	DEVICE_PATH_NODES_MAX = 64,
	NICS_LIST_MAX = sizeof(((struct nic_driver_facts *)0)->nics_before_list), /* "mac, mac, ..." */
};

struct driver_list {
	char path[DRIVER_FILES_MAX][DRIVER_PATH_MAX];
	int count, over;
	char dir[DRIVER_PATH_MAX];  /* the folder being listed */
	char subdirs[8][48];
	int subdir_count;
};

static void record(struct nic_driver_facts *f, const char *name, bool started, const char *what)
{
	f->started += started;
	efi_printf("DRIVER   %s %s: %s\n", started ? "started" : "refused", name, what);
	if (f->count == NIC_DRIVERS_REPORTED)
		return;
	struct nic_driver_outcome *o = &f->each[f->count++];
	snprintf(o->name, sizeof(o->name), "%s", name);
	o->started = started;
	snprintf(o->what, sizeof(o->what), "%s", what);
}

static void add_file(void *ctx, const char *name)
{
	struct driver_list *l = ctx;
	size_t n = strlen(name);
	if (n < 5 || strcasecmp(name + n - 4, ".efi") != 0)
		return;
	if (l->count == DRIVER_FILES_MAX || strlen(l->dir) + 1 + n >= DRIVER_PATH_MAX) {
		l->over++;
		return;
	}
	snprintf(l->path[l->count++], DRIVER_PATH_MAX, "%s\\%s", l->dir, name);
}

static void add_subdir(void *ctx, const char *name)
{
	struct driver_list *l = ctx;
	if (l->subdir_count < 8 && strlen(name) < sizeof(l->subdirs[0]))
		snprintf(l->subdirs[l->subdir_count++], sizeof(l->subdirs[0]), "%s", name);
}

static int by_path(const void *a, const void *b)
{
	return strcasecmp(a, b);
}

/* The .efi files in the drivers folder and the folders directly in it, in name order (the same every run). */
static void find_drivers(struct driver_list *l)
{
	snprintf(l->dir, sizeof(l->dir), "%s", NIC_DRIVERS_DIR);
	if (EFI_ERROR(efi_list_dir(l->dir, add_file, l)))
		return; /* no folder: nothing to do */
	efi_list_subdirs(NIC_DRIVERS_DIR, add_subdir, l);
	for (int i = 0; i < l->subdir_count; i++) {
		snprintf(l->dir, sizeof(l->dir), "%s\\%s", NIC_DRIVERS_DIR, l->subdirs[i]);
		efi_list_dir(l->dir, add_file, l);
	}
	qsort(l->path, (size_t)l->count, DRIVER_PATH_MAX, by_path);
}

/* Bytes of a device path up to (not including) its end node; -1 when malformed (UEFI 2.10 10.2). */
static long device_path_length(const EFI_DEVICE_PATH_PROTOCOL *p)
{
	long total = 0;
	for (int i = 0; i < DEVICE_PATH_NODES_MAX; i++) {
		long n = p->Length[0] | p->Length[1] << 8;
		if (p->Type == 0x7f && p->SubType == 0xff)
			return total;
		if (n < 4)
			return -1;
		total += n;
		p = (const EFI_DEVICE_PATH_PROTOCOL *)((const uint8_t *)p + n);
	}
	return -1;
}

/* The stick's device path with a media file path node for `path` and an end node; malloc'd, NULL on failure. */
static void *file_device_path(const char *path)
{
	static const EFI_GUID image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID, path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	EFI_LOADED_IMAGE_PROTOCOL *image = NULL;
	EFI_DEVICE_PATH_PROTOCOL *dev = NULL;
	if (EFI_ERROR(efi_boot->HandleProtocol(efi_image, &image_guid, (void **)&image)) || !image ||
	    EFI_ERROR(efi_boot->HandleProtocol(image->DeviceHandle, &path_guid, (void **)&dev)) || !dev)
		return NULL;
	long dev_len = device_path_length(dev);
	size_t chars = strlen(path) + 1, node_len = 4 + 2 * chars;
	uint8_t *out = dev_len < 0 ? NULL : malloc((size_t)dev_len + node_len + 4);
	if (!out) /* LoadImage then goes without the path: the image is in the buffer */
		return NULL;
	memcpy(out, dev, (size_t)dev_len);
	uint8_t *node = out + dev_len;
	node[0] = 4, node[1] = 4, node[2] = (uint8_t)node_len, node[3] = (uint8_t)(node_len >> 8); /* MEDIA_FILEPATH_DP */
	for (size_t i = 0; i < chars; i++) { /* CHAR16, little-endian, NUL included */
		node[4 + 2 * i] = (uint8_t)path[i];
		node[5 + 2 * i] = 0;
	}
	uint8_t *end = node + node_len;
	end[0] = 0x7f, end[1] = 0xff, end[2] = 4, end[3] = 0;
	return out;
}

/* The status's name in the specification (Appendix D), which a vendor's support knows; else its number. */
static const char *status_name(EFI_STATUS s, char *buf, size_t cap)
{
	switch (s) {
	case EFI_SECURITY_VIOLATION: return "EFI_SECURITY_VIOLATION";
	case EFI_ACCESS_DENIED: return "EFI_ACCESS_DENIED";
	case EFI_LOAD_ERROR: return "EFI_LOAD_ERROR";
	case EFI_UNSUPPORTED: return "EFI_UNSUPPORTED";
	case EFI_INVALID_PARAMETER: return "EFI_INVALID_PARAMETER";
	case EFI_OUT_OF_RESOURCES: return "EFI_OUT_OF_RESOURCES";
	case EFI_NOT_FOUND: return "EFI_NOT_FOUND";
	case EFI_DEVICE_ERROR: return "EFI_DEVICE_ERROR";
	default: snprintf(buf, cap, "0x%llx", (unsigned long long)s); return buf;
	}
}

/* LoadImage and StartImage; 0, or -1 with why. */
static int start_driver(const char *path, const char *name, const char *data, size_t len, char *why, size_t why_len)
{
	void *dp = file_device_path(path);
	EFI_HANDLE h = NULL;
	char number[24];
	EFI_STATUS s = efi_boot->LoadImage(0, efi_image, dp, data, len, &h);
	free(dp);
	if (s == EFI_SECURITY_VIOLATION || s == EFI_ACCESS_DENIED) {
		if (s == EFI_SECURITY_VIOLATION && h)
			efi_boot->UnloadImage(h);
		snprintf(why, why_len, "refused by Secure Boot (LoadImage: %s): not signed by a key in db, or revoked in dbx",
			 status_name(s, number, sizeof(number)));
		return -1;
	}
	if (EFI_ERROR(s)) {
		snprintf(why, why_len, "the firmware could not load it (LoadImage: %s)", status_name(s, number, sizeof(number)));
		return -1;
	}
	char line[DRIVER_PATH_MAX + 40];
	snprintf(line, sizeof(line), "starting the NIC driver %s", name);
	efi_progress_step("network.connection", line);
	UINTN exit_len = 0;
	CHAR16 *exit_data = NULL;
	s = efi_boot->StartImage(h, &exit_len, &exit_data); /* cannot be bounded: the driver runs on our thread */
	if (exit_data)
		efi_boot->FreePool(exit_data);
	if (EFI_ERROR(s)) { /* the firmware unloads a driver whose entry point failed (7.4 StartImage, Exit) */
		snprintf(why, why_len, "its start failed (StartImage: %s)", status_name(s, number, sizeof(number)));
		return -1;
	}
	return 0;
}

/* The addresses in `after` that are not in `before`. */
static void new_addresses(const char *before, const char *after, char *out, size_t cap)
{
	out[0] = 0;
	for (const char *p = after; strlen(p) >= 17; p += 17 + (p[17] ? 2 : 0)) {
		char mac[18];
		memcpy(mac, p, 17);
		mac[17] = 0;
		size_t used = strlen(out);
		if (!strstr(before, mac) && used < cap)
			snprintf(out + used, cap - used, "%s%s", used ? ", " : "", mac);
	}
}

/*
 * Connects every controller and names the NICs that appeared since `seen` (updated): the drivers are started one
 * at a time and connected after each, so each NIC is credited to the driver that brought it.
 */
static void connect_and_credit(char *seen, size_t seen_cap, char *bound, size_t bound_cap)
{
	char now[NICS_LIST_MAX];
	snp_connect_all_controllers();
	snp_nic_addresses(now, sizeof(now));
	new_addresses(seen, now, bound, bound_cap);
	snprintf(seen, seen_cap, "%s", now);
}

/* Checks one file's headers and starts it when it is a driver for this machine; seen: the NICs so far. */
static void try_driver(const char *path, struct nic_driver_facts *f, char *seen, size_t seen_cap)
{
	const char *name = path + strlen(NIC_DRIVERS_DIR) + 1;
	char *data = NULL, why[220];
	size_t len = 0;
	struct pe_image_info pe;
	const char *bad = NULL;
	int rc = -1;
	EFI_STATUS s = efi_read_file(path, DRIVER_SIZE_MAX, &data, &len);
	if (EFI_ERROR(s))
		snprintf(why, sizeof(why), "could not be read (%s)", efi_status_text(s));
	else if (pe_image_read((const uint8_t *)data, len, &pe, &bad) != 0)
		snprintf(why, sizeof(why), "%s", bad);
	else if (pe_driver_fits(&pe, NATIVE_MACHINE, why, sizeof(why)) == 0)
		rc = start_driver(path, name, data, len, why, sizeof(why));
	free(data);
	if (rc == 0) {
		char bound[NICS_LIST_MAX];
		connect_and_credit(seen, seen_cap, bound, sizeof(bound));
		snprintf(why, sizeof(why), "%s %s, bound %s", pe_machine_name(pe.machine), pe_subsystem_name(pe.subsystem),
			 bound[0] ? bound : "no NIC");
	}
	record(f, name, rc == 0, why);
}

void efi_nic_drivers_load(struct nic_driver_facts *f)
{
	static struct driver_list list; /* 2.5 KiB of paths: not on the firmware's small stack */
	memset(f, 0, sizeof(*f));
	memset(&list, 0, sizeof(list));
	uint64_t start = platform_ms();
	find_drivers(&list);
	f->files = list.count + list.over;
	if (!f->files)
		return;
	char seen[NICS_LIST_MAX];
	f->nics_before = snp_nic_addresses(f->nics_before_list, sizeof(f->nics_before_list));
	snprintf(seen, sizeof(seen), "%s", f->nics_before_list);
	for (int i = 0; i < list.count; i++)
		try_driver(list.path[i], f, seen, sizeof(seen));
	if (list.over)
		record(f, "(more files)", false, "only the first 16 .efi files are tried");
	f->nics_after = snp_nic_addresses(seen, sizeof(seen));
	new_addresses(f->nics_before_list, seen, f->nics_new, sizeof(f->nics_new));
	f->load_ms = (unsigned)(platform_ms() - start);
	efi_printf("DRIVERS  %d of %d started in %u ms; NICs before %d, after %d%s%s\n", f->started, f->files, f->load_ms,
		   f->nics_before, f->nics_after, f->nics_new[0] ? "; new: " : "", f->nics_new);
}
