/*
 * aik_id.h - the identity of a Microsoft AIK CA as it appears in file names
 * of TrustedTpm.cab and in version.txt: [REGION-]MFR-(keyid|nameid)-HEX40
 * [_2|_new...][.cer] in any case (docs/attestation-facts.md §3). The canonical form is lower
 * case "mfr-keyid-hex", which is also how the AIK URL is built.
 */
#ifndef PREFLIGHT_AIK_ID_H
#define PREFLIGHT_AIK_ID_H
#include <stdbool.h>
#include <stddef.h>

enum { AIK_ID_HEX = 40 };

struct aik_id {
	char canonical[64]; /* "amd-keyid-52fb...", lower case */
	char manufacturer[8];/* "amd" */
	bool name_id;        /* nameid (SHA-1 of the issuer Name) rather than keyid (the AKI) */
	char hex[AIK_ID_HEX + 1];
	char region[8];      /* "eus", "ncu", "wus" or "" */
};

/* Finds an AIK CA id anywhere in text (a file name or a version.txt line). Returns true when found. */
bool aik_id_find(const char *text, struct aik_id *out);
/* Builds the canonical id from parts: manufacturer (e.g. "IFX"), keyid or nameid, hex bytes. */
void aik_id_make(struct aik_id *out, const char *manufacturer, bool name_id, const unsigned char *bytes, size_t len);

#endif
