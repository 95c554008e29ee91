/*
 * report_windows.c - see report_windows.h. Get-Tpm's names and forms: Microsoft Learn, "Get-Tpm" (TrustedPlatformModule
 * module: TpmPresent, TpmReady, ManufacturerId, ManufacturerIdTxt, ManufacturerVersion, LockedOut, LockoutCount,
 * LockoutMax); tpmtool's: Microsoft Learn, "tpmtool" (getdeviceinformation: TPM Version, Ready For Attestation, TPM
 * Has Vulnerable Firmware). ManufacturerId is the TPM_PT_MANUFACTURER word in decimal, as Get-Tpm shows it
 * (1229346816 for "IFX").
 */
#include "checks/report/report_windows.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *evidence(const struct check_result *res, const char *key)
{
	for (int i = 0; res && i < res->evidence_count; i++)
		if (strcmp(res->evidence[i].key, key) == 0)
			return res->evidence[i].value;
	return NULL;
}

static struct windows_term *add(struct windows_term *out, int *n, const char *name, enum windows_term_kind kind)
{
	struct windows_term *t = &out[(*n)++];
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->kind = kind;
	return t;
}

static void add_flag(struct windows_term *out, int *n, const char *name, bool value)
{
	add(out, n, name, WINDOWS_BOOL)->flag = value;
}

static void add_text(struct windows_term *out, int *n, const char *name, const char *value)
{
	if (value && value[0])
		snprintf(add(out, n, name, WINDOWS_TEXT)->text, sizeof(out->text), "%s", value);
}

static void add_number(struct windows_term *out, int *n, const char *name, const char *value, int base)
{
	char *end;
	if (!value || !value[0])
		return;
	long long v = strtoll(value, &end, base);
	if (!*end)
		add(out, n, name, WINDOWS_NUMBER)->number = v;
}

static bool passed(const struct report *r, enum check_id id)
{
	const struct check_result *res = report_find(r, id);
	return res && res->status == CHECK_PASS;
}

/* TpmReady as far as a look before Windows can tell: a TPM 2.0 that answers, passed its self-test, keeps its
 * endorsement hierarchy usable and is not locked out (Get-Tpm's also needs Windows to own it, which comes later). */
static bool ready(const struct report *r)
{
	return passed(r, CHECK_TPM_PRESENT) && passed(r, CHECK_TPM_SELFTEST) && passed(r, CHECK_TPM_ENDORSEMENT) &&
	       passed(r, CHECK_TPM_LOCKOUT);
}

int report_windows_terms(const struct report *r, struct windows_term out[WINDOWS_TERMS_MAX])
{
	int n = 0;
	const struct check_result *identity = report_find(r, CHECK_TPM_IDENTITY), *lockout = report_find(r, CHECK_TPM_LOCKOUT);
	const struct check_result *advisory = report_find(r, CHECK_TPM_FIRMWARE);
	add_flag(out, &n, "TpmPresent", passed(r, CHECK_TPM_PRESENT));
	add_flag(out, &n, "TpmReady", ready(r));
	if (identity && identity->status == CHECK_PASS) {
		add_number(out, &n, "ManufacturerId", evidence(identity, "manufacturer_hex"), 16);
		add_text(out, &n, "ManufacturerIdTxt", evidence(identity, "manufacturer"));
		add_text(out, &n, "ManufacturerVersion", evidence(identity, "firmware_version"));
		add_text(out, &n, "TPM Version", evidence(identity, "family"));
	}
	if (lockout && (lockout->status == CHECK_PASS || lockout->status == CHECK_FAIL)) {
		add_flag(out, &n, "LockedOut", lockout->status == CHECK_FAIL);
		add_number(out, &n, "LockoutCount", evidence(lockout, "lockout_counter"), 10);
		add_number(out, &n, "LockoutMax", evidence(lockout, "max_auth_fail"), 10);
	}
	if (advisory && (advisory->status == CHECK_PASS || advisory->status == CHECK_FAIL || advisory->status == CHECK_WARN))
		add_flag(out, &n, "TPM Has Vulnerable Firmware", advisory->status != CHECK_PASS);
	enum verdict v = report_verdict(r);
	if (v != VERDICT_INCOMPLETE) /* not known until the run ends */
		add_flag(out, &n, "Ready For Attestation", v != VERDICT_NOT_READY);
	return n;
}

void windows_term_value(const struct windows_term *t, char *out, size_t len)
{
	if (t->kind == WINDOWS_BOOL)
		snprintf(out, len, "%s", t->flag ? "True" : "False");
	else if (t->kind == WINDOWS_NUMBER)
		snprintf(out, len, "%lld", t->number);
	else
		snprintf(out, len, "%s", t->text);
}
