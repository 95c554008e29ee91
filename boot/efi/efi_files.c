/* efi_files.c - boot-volume file access through EFI_SIMPLE_FILE_SYSTEM_PROTOCOL (UEFI 13.4, 13.5). */
#include "efi_files.h"
#include "efi_globals.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PATH_MAX_CHARS = 260 };

static void to_char16(const char *in, CHAR16 *out, size_t cap)
{
	size_t i = 0;
	for (; in[i] && i + 1 < cap; i++)
		out[i] = in[i] == '/' ? '\\' : (CHAR16)(unsigned char)in[i];
	out[i] = 0;
}

static EFI_STATUS open_root(EFI_FILE_PROTOCOL **root)
{
	static const EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	static const EFI_GUID fs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
	EFI_LOADED_IMAGE_PROTOCOL *image;
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs;
	EFI_STATUS s = efi_boot->HandleProtocol(efi_image, &loaded_image_guid, (void **)&image);
	if (!EFI_ERROR(s))
		s = efi_boot->HandleProtocol(image->DeviceHandle, &fs_guid, (void **)&fs);
	if (!EFI_ERROR(s))
		s = fs->OpenVolume(fs, root);
	return s;
}

static EFI_STATUS open_path(const char *path, uint64_t mode, uint64_t attributes, EFI_FILE_PROTOCOL **file)
{
	EFI_FILE_PROTOCOL *root;
	CHAR16 name[PATH_MAX_CHARS];
	EFI_STATUS s = open_root(&root);
	if (EFI_ERROR(s))
		return s;
	to_char16(path, name, PATH_MAX_CHARS);
	s = root->Open(root, file, name, mode, attributes);
	root->Close(root);
	return s;
}

EFI_STATUS efi_read_file(const char *path, size_t max, char **data, size_t *len)
{
	EFI_FILE_PROTOCOL *f;
	EFI_STATUS s = open_path(path, EFI_FILE_MODE_READ, 0, &f);
	if (EFI_ERROR(s))
		return s;
	char *buf = malloc(max + 1);
	UINTN got = max + 1;
	s = buf ? f->Read(f, &got, buf) : EFI_OUT_OF_RESOURCES;
	f->Close(f);
	if (!EFI_ERROR(s) && got > max)
		s = EFI_BUFFER_TOO_SMALL;
	if (EFI_ERROR(s)) {
		free(buf);
		return s;
	}
	buf[got] = 0;
	*data = buf;
	*len = got;
	return EFI_SUCCESS;
}

EFI_STATUS efi_make_dirs(const char *path)
{
	char partial[PATH_MAX_CHARS];
	size_t n = strlen(path);
	if (n >= sizeof(partial))
		return EFI_INVALID_PARAMETER;
	for (size_t i = 1; i <= n; i++) {
		if (path[i] != '\\' && path[i] != 0)
			continue;
		memcpy(partial, path, i);
		partial[i] = 0;
		EFI_FILE_PROTOCOL *d;
		EFI_STATUS s = open_path(partial, EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE | EFI_FILE_MODE_CREATE,
					 EFI_FILE_DIRECTORY, &d);
		if (EFI_ERROR(s))
			s = open_path(partial, EFI_FILE_MODE_READ, 0, &d); /* read-only media: it may already exist */
		if (EFI_ERROR(s))
			return s;
		d->Close(d);
	}
	return EFI_SUCCESS;
}

/* Renames an open file within its directory (UEFI 13.5 SetInfo with a new FileName). */
static EFI_STATUS rename_open_file(EFI_FILE_PROTOCOL *f, const char *name)
{
	static const EFI_GUID info_guid = EFI_FILE_INFO_GUID;
	uint8_t buf[sizeof(EFI_FILE_INFO) + PATH_MAX_CHARS * sizeof(CHAR16)];
	UINTN size = sizeof(buf);
	EFI_FILE_INFO *info = (EFI_FILE_INFO *)buf;
	EFI_STATUS s = f->GetInfo(f, &info_guid, &size, info);
	if (EFI_ERROR(s))
		return s;
	to_char16(name, info->FileName, PATH_MAX_CHARS);
	size_t chars = 0;
	while (info->FileName[chars])
		chars++;
	info->Size = offsetof(EFI_FILE_INFO, FileName) + (chars + 1) * sizeof(CHAR16);
	return f->SetInfo(f, &info_guid, (UINTN)info->Size, info);
}

/*
 * Without rename, the file is written under its final name; a power cut may then leave it short (the next run
 * takes the next free name, so nothing is overwritten).
 */
static EFI_STATUS write_in_place(const char *path, const void *data, size_t len)
{
	EFI_FILE_PROTOCOL *f;
	EFI_STATUS s = open_path(path, EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE | EFI_FILE_MODE_CREATE, 0, &f);
	if (EFI_ERROR(s))
		return s;
	UINTN written = len;
	s = f->Write(f, &written, data);
	if (!EFI_ERROR(s) && written != len)
		s = EFI_VOLUME_FULL;
	if (!EFI_ERROR(s))
		s = f->Flush(f);
	if (EFI_ERROR(s)) {
		f->Delete(f);
		return s == EFI_ACCESS_DENIED ? EFI_DEVICE_ERROR : s; /* ACCESS_DENIED means "name taken" to the caller */
	}
	return f->Close(f);
}

/* Writes data to dir\name.tmp (a stale one from an earlier power cut is deleted first) and flushes it; the open file
 * is left in *f for the caller to rename. */
static EFI_STATUS write_temp(const char *dir, const char *name, const void *data, size_t len, EFI_FILE_PROTOCOL **f)
{
	char temp[PATH_MAX_CHARS];
	snprintf(temp, sizeof(temp), "%s\\%s.tmp", dir, name);
	if (!EFI_ERROR(open_path(temp, EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE, 0, f)))
		(*f)->Delete(*f);
	EFI_STATUS s = open_path(temp, EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE | EFI_FILE_MODE_CREATE, 0, f);
	if (EFI_ERROR(s))
		return s;
	UINTN written = len;
	s = (*f)->Write(*f, &written, data);
	if (!EFI_ERROR(s) && written != len)
		s = EFI_VOLUME_FULL;
	if (!EFI_ERROR(s))
		s = (*f)->Flush(*f);
	if (EFI_ERROR(s))
		(*f)->Delete(*f);
	return s;
}

/* Gives the flushed temporary file its final name (the name must be free), or deletes it. */
static EFI_STATUS publish(EFI_FILE_PROTOCOL *f, const char *dir, const char *name, const void *data, size_t len)
{
	EFI_STATUS s = rename_open_file(f, name);
	if (s == EFI_ACCESS_DENIED || s == EFI_UNSUPPORTED) { /* U-Boot 2023.01 renames nothing: write in place */
		char final[PATH_MAX_CHARS];
		snprintf(final, sizeof(final), "%s\\%s", dir, name);
		f->Delete(f);
		return write_in_place(final, data, len);
	}
	if (EFI_ERROR(s)) {
		f->Delete(f);
		return s;
	}
	return f->Close(f);
}

EFI_STATUS efi_write_new_file(const char *dir, const char *name, const void *data, size_t len)
{
	char final[PATH_MAX_CHARS];
	snprintf(final, sizeof(final), "%s\\%s", dir, name);
	EFI_FILE_PROTOCOL *f;
	if (!EFI_ERROR(open_path(final, EFI_FILE_MODE_READ, 0, &f))) {
		f->Close(f);
		return EFI_ACCESS_DENIED;
	}
	EFI_STATUS s = write_temp(dir, name, data, len, &f);
	return EFI_ERROR(s) ? s : publish(f, dir, name, data, len);
}

EFI_STATUS efi_replace_file(const char *dir, const char *name, const void *data, size_t len)
{
	char final[PATH_MAX_CHARS];
	snprintf(final, sizeof(final), "%s\\%s", dir, name);
	EFI_FILE_PROTOCOL *f, *old;
	EFI_STATUS s = write_temp(dir, name, data, len, &f);
	if (EFI_ERROR(s))
		return s;
	/* UEFI 13.5 Delete closes the handle; a rename onto an existing name fails, so the old file goes first. A reset
	 * between the two leaves the whole new report as name.tmp. */
	if (!EFI_ERROR(open_path(final, EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE, 0, &old)) && old->Delete(old) != EFI_SUCCESS) {
		f->Delete(f);
		return EFI_ACCESS_DENIED;
	}
	return publish(f, dir, name, data, len);
}

static EFI_STATUS list_entries(const char *dir, bool dirs, void (*each)(void *ctx, const char *name), void *ctx)
{
	EFI_FILE_PROTOCOL *d;
	EFI_STATUS s = open_path(dir, EFI_FILE_MODE_READ, 0, &d);
	if (EFI_ERROR(s))
		return s;
	uint8_t buf[sizeof(EFI_FILE_INFO) + PATH_MAX_CHARS * sizeof(CHAR16)];
	for (int guard = 0; guard < 4096; guard++) { /* UEFI 13.5 Read on a directory: one entry per call, 0 at the end */
		UINTN size = sizeof(buf);
		s = d->Read(d, &size, buf);
		if (s == EFI_BUFFER_TOO_SMALL)
			continue; /* a name longer than any we look for */
		if (EFI_ERROR(s) || size == 0)
			break;
		const EFI_FILE_INFO *info = (const EFI_FILE_INFO *)buf;
		char name[PATH_MAX_CHARS];
		size_t n = 0;
		for (; info->FileName[n] && n + 1 < sizeof(name); n++)
			name[n] = info->FileName[n] < 0x80 ? (char)info->FileName[n] : '?';
		name[n] = 0;
		bool is_dir = (info->Attribute & EFI_FILE_DIRECTORY) != 0;
		if (is_dir == dirs && strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
			each(ctx, name);
	}
	d->Close(d);
	return EFI_ERROR(s) ? s : EFI_SUCCESS;
}

EFI_STATUS efi_list_dir(const char *dir, void (*each)(void *ctx, const char *name), void *ctx)
{
	return list_entries(dir, false, each, ctx);
}

EFI_STATUS efi_list_subdirs(const char *dir, void (*each)(void *ctx, const char *name), void *ctx)
{
	return list_entries(dir, true, each, ctx);
}

const char *efi_status_text(EFI_STATUS s)
{
	switch (s) {
	case EFI_SUCCESS: return "success";
	case EFI_WRITE_PROTECTED: return "the stick is write-protected";
	case EFI_VOLUME_FULL: return "the stick is full";
	case EFI_ACCESS_DENIED: return "access denied (the file exists or is read-only)";
	case EFI_NOT_FOUND: return "not found";
	case EFI_DEVICE_ERROR: return "device error";
	case EFI_OUT_OF_RESOURCES: return "out of memory";
	case EFI_UNSUPPORTED: return "unsupported";
	case EFI_BUFFER_TOO_SMALL: return "too large";
	case EFI_SECURITY_VIOLATION: return "security violation";
	case EFI_LOAD_ERROR: return "load error";
	case EFI_INVALID_PARAMETER: return "invalid parameter";
	default: return "EFI error";
	}
}
