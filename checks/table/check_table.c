/* check_table.c - every check the tool runs, in run and report order. */
#include "checks/table/check_table.h"
#include "checks/table/check_judges.h"
#include "checks/table/check_reasons.h"
#include <string.h>

/* A check that needs the TPM needs it out of failure mode: it is an error once the TPM is in it. */
#define TPM (NEEDS(FACT_TPM20) | NEEDS(FACT_TPM_USABLE))
#define RSA_EK (TPM | NEEDS(FACT_EK_INVENTORY) | NEEDS(FACT_RSA_EK))

static const struct check_descriptor table[CHECK_COUNT] = {
	[CHECK_CONFIG_FILE] = { CHECK_CONFIG_FILE, "config.file", "The tool's settings were read without problems",
		"\\preflight\\preflight.conf and the UEFI shell's command line", 0, judge_config_file, reasons_config_file,
		"docs/config.md", 0, NULL },
	[CHECK_PLATFORM_INFO] = { CHECK_PLATFORM_INFO, "platform.info", "System and firmware identity",
		"SMBIOS types 0 and 1; the clock", NEEDS(FACT_PLATFORM), judge_platform_info, reasons_none,
		"DMTF SMBIOS DSP0134 7.1, 7.2", 0, NULL },
	[CHECK_PLATFORM_SERIAL] = { CHECK_PLATFORM_SERIAL, "platform.serial", "The unit's serial number is set",
		"SMBIOS type 1 serial number (offset 07h)", NEEDS(FACT_PLATFORM), judge_platform_serial, reasons_platform_serial,
		"Microsoft Learn, SMBIOS (Windows hardware bring-up: Serial Number); Windows Autopilot device registration "
		"(hardware hash and serial number)", 0, NULL },
	[CHECK_PLATFORM_SECURE_BOOT] = { CHECK_PLATFORM_SECURE_BOOT, "platform.secure_boot",
		"Secure Boot supported, enabled and active", "UEFI variables SecureBoot and SetupMode", NEEDS(FACT_PLATFORM),
		judge_secure_boot, reasons_secure_boot, "UEFI 2.10, 3.3 (SecureBoot, SetupMode); 32.3 (setup and user mode)", 0, NULL },
	[CHECK_TPM_EVENT_LOG] = { CHECK_TPM_EVENT_LOG, "tpm.event_log", "TCG event log available",
		"EFI_TCG2_PROTOCOL.GetEventLog", NEEDS(FACT_PLATFORM), judge_event_log, reasons_event_log,
		"TCG EFI Protocol Specification 6.5; Microsoft, Win32_Tpm IsReadyInformation", 0, NULL },
	[CHECK_NET_CONNECTION] = { CHECK_NET_CONNECTION, "network.connection", "The tool's own network connection (online)",
		"UEFI: the NIC (EFI_SIMPLE_NETWORK_PROTOCOL), its link, DHCP or the static address in preflight.conf, DNS",
		NEEDS(FACT_NETWORK_SETUP), judge_network_connection, reasons_network_connection,
		"RFC 2131 (DHCP); UEFI 2.10, 24.1 (Simple Network Protocol)", 0, NULL },
	[CHECK_CLOCK_SKEW] = { CHECK_CLOCK_SKEW, "clock.skew", "The clock agrees with the network's time (online)",
		"SNTP from time.windows.com; the HTTP Date header of an Autopilot endpoint (www.msftconnecttest.com)",
		NEEDS(FACT_NETWORK_TIME), judge_clock_skew, reasons_clock_skew,
		"Autopilot known issues (clock skew); RFC 4330 (SNTP); RFC 9110 6.6.1 (Date)", 0, NULL },
	[CHECK_TPM_PRESENT] = { CHECK_TPM_PRESENT, "tpm.present", "TPM 2.0 present and answering",
		"ACPI TPM2 table, EFI_TCG2_PROTOCOL or the CRB/FIFO registers; /dev/tpmrm0 or swtpm on Linux", 0,
		judge_tpm_present, reasons_tpm_present,
		"Windows Autopilot requirements: TPM 2.0; TCG PC Client Platform TPM Profile 2.0",
		.gathers = NEEDS(FACT_TPM_ANSWERS) | NEEDS(FACT_TPM20) },
	[CHECK_TPM_IDENTITY] = { CHECK_TPM_IDENTITY, "tpm.identity", "TPM identity (manufacturer, firmware, specification)",
		"TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES, PT_FIXED)", NEEDS(FACT_TPM_ANSWERS), judge_tpm_identity,
		reasons_tpm_identity, "TPM 2.0 Library Part 2, 6.13 TPM_PT; docs/attestation-facts.md (firmware version)", 0, NULL },
	[CHECK_TPM_SELFTEST] = { CHECK_TPM_SELFTEST, "tpm.selftest", "TPM self-test and failure mode",
		"TPM2_GetTestResult", NEEDS(FACT_TPM20), judge_selftest, reasons_selftest,
		"TPM 2.0 Library Part 1, 12 (failure mode); Part 3, 10.4 TPM2_GetTestResult", NEEDS(FACT_TPM_USABLE), NULL },
	[CHECK_TPM_VIRTUAL] = { CHECK_TPM_VIRTUAL, "tpm.virtual", "Physical (not virtual) TPM",
		"TPM_PT_MANUFACTURER, TPM_PT_VENDOR_STRING_*; SMBIOS system strings", TPM, judge_virtual, reasons_virtual,
		"Windows Autopilot requirements (TPM attestation); docs/attestation-facts.md (virtual TPMs)", 0, NULL },
	[CHECK_TPM_ENDORSEMENT] = { CHECK_TPM_ENDORSEMENT, "tpm.endorsement",
		"Endorsement hierarchy enabled and without a password",
		"TPM_PT_STARTUP_CLEAR.ehEnable, TPM_PT_PERMANENT.endorsementAuthSet", TPM | NEEDS(FACT_TPM_STATE),
		judge_endorsement, reasons_endorsement, "TPM 2.0 Library Part 2, 8.6 TPMA_PERMANENT, 8.7 TPMA_STARTUP_CLEAR", 0, NULL },
	[CHECK_TPM_LOCKOUT] = { CHECK_TPM_LOCKOUT, "tpm.lockout", "Not in dictionary-attack lockout",
		"TPM_PT_PERMANENT.inLockout, TPM_PT_LOCKOUT_COUNTER, MAX_AUTH_FAIL, LOCKOUT_RECOVERY",
		TPM | NEEDS(FACT_TPM_STATE), judge_lockout, reasons_lockout,
		"TPM 2.0 Library Part 1, 19.8 dictionary-attack protection", 0, NULL },
	[CHECK_TPM_OWNERSHIP] = { CHECK_TPM_OWNERSHIP, "tpm.ownership", "Owner and lockout authorisations",
		"TPM_PT_PERMANENT.ownerAuthSet, lockoutAuthSet, disableClear", TPM | NEEDS(FACT_TPM_STATE), judge_ownership,
		reasons_ownership, "TPM 2.0 Library Part 2, 8.6 TPMA_PERMANENT", 0, NULL },
	[CHECK_TPM_PCR_BANKS] = { CHECK_TPM_PCR_BANKS, "tpm.pcr_banks", "SHA-256 PCR bank with PCRs 0-23",
		"TPM2_GetCapability(TPM_CAP_PCRS)", TPM, judge_pcr_banks, reasons_pcr_banks,
		"Windows TPM requirements (SHA-256 PCR bank)", 0, NULL },
	[CHECK_EK_CERT_PRESENT] = { CHECK_EK_CERT_PRESENT, "ek.cert.present", "EK certificate in the TPM",
		"NV indices 0x01C00002-0x01C0001F, 0x01C00100+ (TCG EK Credential Profile); a firmware TPM's vendor service",
		TPM | NEEDS(FACT_EK_INVENTORY), judge_ek_cert_present, reasons_ek_cert_present,
		"TCG EK Credential Profile 2.3 (NV indices); docs/attestation-facts.md (firmware TPMs)", 0, NULL },
	[CHECK_TPM_FIRMWARE] = { CHECK_TPM_FIRMWARE, "tpm.firmware.advisory",
		"TPM firmware free of known attestation problems",
		"TPM_PT_MANUFACTURER, TPM_PT_FIRMWARE_VERSION_1/2 (in the form the maker shows), the EK certificates; "
		"checks/trust/firmware_advisories.tsv",
		TPM | NEEDS(FACT_EK_INVENTORY), judge_firmware_advisory, reasons_firmware,
		"checks/trust/firmware_advisories.tsv (one source per row)", 0, NULL },
	[CHECK_EK_KEY_MATCH] = { CHECK_EK_KEY_MATCH, "ek.key.match", "EK certificate belongs to this TPM",
		"the EK public key (persistent 0x81010001, or TPM2_CreatePrimary with the TCG template)",
		TPM | NEEDS(FACT_EK_INVENTORY), judge_ek_key_match, reasons_ek_key_match,
		"TCG EK Credential Profile 2.2 (default EK templates)", .gathers = NEEDS(FACT_EK_KEY) },
	[CHECK_EK_ACTIVATION] = { CHECK_EK_ACTIVATION, "ek.activation",
		"Credential activation with the EK (as the AIK CA demands)",
		"TPM2_Create/Load of an attestation key under the EK (ECC P-256, or RSA-2048 with activation_key = rsa), "
		"MakeCredential in software, TPM2_ActivateCredential",
		TPM | NEEDS(FACT_EK_INVENTORY) | NEEDS(FACT_EK_KEY), judge_ek_activation, reasons_activation,
		"TPM 2.0 Library Part 1, 24 (credential protection); Part 3, 12.5 TPM2_ActivateCredential", 0, NULL },
	[CHECK_EK_CERT_EKU] = { CHECK_EK_CERT_EKU, "ek.cert.eku", "EK certificate usage (EKU 2.23.133.8.1)",
		"extendedKeyUsage", RSA_EK, judge_ek_eku, reasons_eku, "TCG EK Credential Profile 3.2.16", 0, NULL },
	[CHECK_EK_CERT_MANUFACTURER] = { CHECK_EK_CERT_MANUFACTURER, "ek.cert.manufacturer",
		"EK certificate names this TPM's manufacturer", "subjectAltName tcg-at-tpmManufacturer vs TPM_PT_MANUFACTURER",
		RSA_EK, judge_ek_manufacturer, reasons_manufacturer,
		"TCG EK Credential Profile 3.2.9; TCG Vendor ID Registry", 0, NULL },
	[CHECK_EK_CERT_VALIDITY] = { CHECK_EK_CERT_VALIDITY, "ek.cert.validity", "EK certificate within its validity period",
		"notBefore/notAfter vs the clock, of the EK certificate and of the CAs that issued it below the cab's root", RSA_EK,
		judge_ek_validity, reasons_validity, "RFC 5280 4.1.2.5, 6.1.3 (a)(2)", 0, NULL },
	[CHECK_TRUST_CAB] = { CHECK_TRUST_CAB, "trust.cab", "TrustedTpm.cab available",
		"\\preflight\\TrustedTpm.cab on the stick, --trust on Linux", TPM, judge_trust_cab, reasons_trust_cab,
		"docs/trusted-cab.md; https://go.microsoft.com/fwlink/?linkid=2097925", 0, NULL },
	[CHECK_EK_CHAIN] = { CHECK_EK_CHAIN, "ek.chain", "EK certificate chains to a TrustedTpm root",
		"EK and NV chain certificates, TrustedTpm.cab; each issuer below the root must be a CA (basicConstraints, "
		"pathLenConstraint, keyUsage)", RSA_EK | NEEDS(FACT_TRUST_STORE), judge_ek_chain, reasons_ek_chain,
		"RFC 5280 6, 6.1.4; docs/trusted-cab.md", 0, NULL },
	[CHECK_AIK_URL] = { CHECK_AIK_URL, "aik.url", "AIK CA URL Windows will use",
		"TPM_PT_MANUFACTURER, the EK certificate's AKI", RSA_EK, judge_aik_url, reasons_aik_url,
		"docs/attestation-facts.md (the AIK CA URL)", 0, NULL },
	[CHECK_AIK_AUTHORITY] = { CHECK_AIK_AUTHORITY, "aik.authority.listed", "Microsoft AIK CA exists for this TPM",
		"Microsoft\\IntermediateCA and version.txt in TrustedTpm.cab",
		RSA_EK | NEEDS(FACT_TRUST_STORE) | NEEDS(FACT_AIK_ID), judge_aik_authority, reasons_aik_authority,
		"docs/trusted-cab.md (AIK CAs and their history)", 0, NULL },
	[CHECK_AIK_PROBE] = { CHECK_AIK_PROBE, "aik.authority.probe",
		"Microsoft AIK CA answers for this TPM, its chain to Microsoft's TPM root (online)",
		"GET <AIK URL>?operation=GetCACaps&message=default, then ?operation=GetCACertChain&message=default (the RA "
		"and AIK CA certificates, verified to Microsoft's TPM root and compared with TrustedTpm.cab's AIK CA) over the "
		"tool's own HTTPS client",
		NEEDS(FACT_ONLINE) | RSA_EK | NEEDS(FACT_AIK_ID), judge_aik_probe, reasons_aik_probe,
		"RFC 8894 3.5.1 (GetCACaps, GetCACert), 3.4 (certs-only CMS); RFC 5652 5; RFC 5280 6; "
		"docs/attestation-facts.md", 0, NULL },
	/* Opt-in: a run without aik_enrol = on says how to opt in, and gathers nothing for it. */
	[CHECK_AIK_ENROL] = { CHECK_AIK_ENROL, "aik.enrolment",
		"Microsoft issues an AIK certificate for this TPM (online, opt-in: aik_enrol = on)",
		"the AIK enrolment Windows runs (certreq -enrollaik): a transient RSA-2048 AIK (owner hierarchy, or under the "
		"SRK 0x81000001) and its TPM2_CertifyCreation; GetCACertChain, the SCEP PKCSReq with the EK certificate, the "
		"challenge answered by TPM2_ActivateCredential with the EK, ClaimChallengeAnswer; the issued certificate "
		"verified to the AIK CA and Microsoft's TPM root",
		TPM | NEEDS(FACT_ONLINE) | NEEDS(FACT_TPM_STATE) | RSA_EK | NEEDS(FACT_AIK_ID) | NEEDS(FACT_EK_KEY),
		judge_aik_enrol, reasons_aik_enrol,
		"MS-WCCE 1.3.2.2, 2.2.2.7.13, 3.1.1.4.3.4.1.2; RFC 8894 (SCEP); RFC 5652 (CMS); TPM 2.0 Library Part 3, 18.3 "
		"TPM2_CertifyCreation, 12.5 TPM2_ActivateCredential; docs/network.md (the AIK enrolment)",
		.wanted = aik_enrol_wanted },
	[CHECK_NET_ENDPOINTS] = { CHECK_NET_ENDPOINTS, "network.endpoints",
		"Autopilot attestation endpoints reachable (online)",
		"DNS, TCP 443 and a verified TLS handshake to each endpoint Autopilot TPM attestation uses",
		NEEDS(FACT_ONLINE), judge_endpoints, reasons_endpoints,
		"Windows Autopilot networking requirements; docs/attestation-facts.md", 0, NULL },
};

const struct check_descriptor *check_descriptor(enum check_id id)
{
	return (unsigned)id < CHECK_COUNT ? &table[id] : NULL;
}

const struct check_descriptor *check_descriptor_by_name(const char *id)
{
	for (int i = 0; i < CHECK_COUNT; i++)
		if (strcmp(table[i].id, id) == 0)
			return &table[i];
	return NULL;
}

/* A missing fact's reason: "no-<name>". Only a fact that should have been there (the TPM answered, yet its state
 * could not be read) makes an error, and so has a fix; the others skip the check. */
static const struct check_reason fact_reasons[FACT_COUNT] = {
	[FACT_PLATFORM] = { "no-platform-facts", "", "", false },
	[FACT_NETWORK_SETUP] = { "no-network-setup", "", "", false },
	[FACT_ONLINE] = { "offline", "", "", false },
	[FACT_NETWORK_TIME] = { "no-network-time-source", "", "", false },
	[FACT_TPM_ANSWERS] = { "no-tpm-answer", "", "", false },
	[FACT_TPM20] = { "no-tpm20", "", "", false },
	[FACT_TPM_USABLE] = { "tpm-failure-mode", "The TPM is in failure mode: until it is reset it executes nothing but "
			      "TPM2_GetTestResult and TPM2_GetCapability (see test_result and out_data for its vendor). Power "
			      "the PC off completely (shut down, remove AC and battery power for 30 s; a restart is not "
			      "enough) and run again. If it persists, update the TPM firmware (the PC maker's BIOS or TPM "
			      "update) or return the board to its vendor (RMA). Clearing the TPM cannot help: a TPM in failure "
			      "mode refuses TPM2_Clear.",
			      "0x81039001 (attestation retries exhausted: the TPM is in failure mode)", false },
	[FACT_TPM_STATE] = { "no-tpm-state", "The TPM answered but not TPM2_GetCapability for its permanent and startup "
			     "state (see the details for the command and its answer): power the PC off completely and run "
			     "again; if it repeats, update the TPM firmware.", "", false },
	[FACT_EK_INVENTORY] = { "no-ek-inventory", "", "", false },
	[FACT_RSA_EK] = { "no-rsa-ek-certificate", "", "", false },
	[FACT_EK_KEY] = { "no-endorsement-key", "The TPM did not give its RSA endorsement key: neither the persistent EK "
			  "(0x81010001) nor TPM2_CreatePrimary with the TCG template answered (see the details for the "
			  "command and its answer). Power the PC off completely and run again; if it repeats, update the "
			  "TPM firmware.", "0x81039001 (the AIK CA's challenge cannot be answered)", false },
	[FACT_TRUST_STORE] = { "no-trusted-cab", "", "", false },
	[FACT_AIK_ID] = { "no-aik-id", "", "", false },
};

const char *check_fact_name(enum check_fact f)
{
	if ((unsigned)f >= FACT_COUNT)
		return "unknown";
	const char *id = fact_reasons[f].id;
	return strncmp(id, "no-", 3) == 0 ? id + 3 : id;
}

const struct check_reason *check_missing_fact_reason(enum check_fact f)
{
	return (unsigned)f < FACT_COUNT ? &fact_reasons[f] : NULL;
}

const struct check_reason *check_reason(const struct check_descriptor *d, const char *reason)
{
	if (!d || !reason || !reason[0])
		return NULL;
	for (const struct check_reason *r = d->reasons; r && r->id; r++)
		if (strcmp(r->id, reason) == 0)
			return r;
	for (int f = 0; f < FACT_COUNT; f++)
		if (strcmp(fact_reasons[f].id, reason) == 0)
			return &fact_reasons[f];
	return NULL;
}
