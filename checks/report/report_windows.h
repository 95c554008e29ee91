/*
 * report_windows.h - the run's findings in the terms a technician knows from
 * Windows: PowerShell's Get-Tpm (TpmPresent, TpmReady, ManufacturerId as a
 * number, ManufacturerIdTxt, ManufacturerVersion, LockedOut, LockoutCount,
 * LockoutMax) and `tpmtool getdeviceinformation` (TPM Version, Ready For
 * Attestation, TPM Has Vulnerable Firmware), derived from the checks'
 * outcomes and evidence. A term the run could not learn is left out.
 */
#ifndef PREFLIGHT_REPORT_WINDOWS_H
#define PREFLIGHT_REPORT_WINDOWS_H
#include <stdbool.h>
#include "checks/report/report.h"

enum windows_term_kind { WINDOWS_BOOL, WINDOWS_NUMBER, WINDOWS_TEXT };

struct windows_term {
	const char *name;              /* as Windows spells it */
	enum windows_term_kind kind;
	bool flag;                     /* WINDOWS_BOOL */
	long long number;              /* WINDOWS_NUMBER */
	char text[64];                 /* WINDOWS_TEXT */
};

enum { WINDOWS_TERMS_MAX = 12 };

/* Fills out[] with the terms the report tells; returns how many. */
int report_windows_terms(const struct report *r, struct windows_term out[WINDOWS_TERMS_MAX]);
/* "True", "False", the number in decimal or the text, as Get-Tpm prints them. */
void windows_term_value(const struct windows_term *t, char *out, size_t len);

#endif
