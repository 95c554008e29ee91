/*
 * tpm_connection.h - the TPM a front end found, or why it found none: the
 * transport to use and what detection learned on the way (shown as evidence
 * by tpm.present), and how the transport was to be chosen.
 */
#ifndef PREFLIGHT_TPM_CONNECTION_H
#define PREFLIGHT_TPM_CONNECTION_H
#include <stdbool.h>
#include "transport.h"

/* `transport =` / --transport: auto, or one interface forced (firmware validation). */
enum transport_choice { CHOOSE_AUTO, CHOOSE_CRB, CHOOSE_TIS, CHOOSE_TCG2, CHOOSE_COUNT };
extern const char *const transport_choice_names[CHOOSE_COUNT]; /* "auto", "crb", "tis", "tcg2" */
const char *transport_choice_name(enum transport_choice t);

enum tpm_absence {
	TPM_FOUND,
	TPM_ABSENT,      /* no TPM interface at all */
	TPM_IS_12,       /* a TPM 1.2 */
	TPM_NO_ANSWER,   /* an interface exists but does not answer */
};

/* What the front end learned while choosing the transport; shown as evidence. */
struct tpm_connection {
	struct tpm_transport *transport; /* NULL when none could be opened */
	enum tpm_absence absence;
	char transport_name[16];  /* "crb", "tis", "tcg2", "device", "swtpm" */
	char how_chosen[120];     /* "auto: EFI_TCG2_PROTOCOL present", "--transport crb" */
	char interface_type[80];  /* "CRB (INTERFACE_ID 0x00025811)", "" when unknown */
	char start_method[48];    /* "7 (CRB)", "" when there is no ACPI TPM2 table */
	char location[120];       /* register address, device path, socket */
	char problem[240];        /* why there is no transport, in words */
	char code[TRANSPORT_CODE_MAX]; /* its stable code (docs/transports.md), or the failed transport's */
	bool unreachable;         /* set by the engine: the transport found nothing to talk to */
	/* EFI_TCG2_PROTOCOL's ManufacturerID as stored, the vendor it names, and how the firmware departs from
	 * the specification in what it said (a firmware quirk, reported as such; "" when none) */
	bool has_firmware_manufacturer;
	uint32_t firmware_manufacturer;
	char firmware_vendor[8];
	char firmware_quirk[200]; /* fits one evidence value */
};

#endif
