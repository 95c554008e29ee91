/* check_table.c - every check the tool runs, in report order. */
#include "check_table.h"
#include <string.h>

static const struct check_descriptor table[CHECK_COUNT] = {
	[CHECK_PLATFORM_INFO] = {
		CHECK_PLATFORM_INFO, "platform.info", "System and firmware identity", "SMBIOS types 0 and 1; the clock", "",
		"", "DMTF SMBIOS DSP0134 7.1, 7.2",
	},
	[CHECK_PLATFORM_SECURE_BOOT] = {
		CHECK_PLATFORM_SECURE_BOOT, "platform.secure_boot", "Secure Boot supported, enabled and active",
		"UEFI variables SecureBoot and SetupMode", "",
		"Turn Secure Boot on in the firmware setup (with the default keys) before shipping; Windows 11 and "
		"Autopilot device health expect it.",
		"UEFI 2.10, 3.3 (SecureBoot, SetupMode); 32.3 (setup and user mode)",
	},
	[CHECK_TPM_EVENT_LOG] = {
		CHECK_TPM_EVENT_LOG, "tpm.event_log", "TCG event log available", "EFI_TCG2_PROTOCOL.GetEventLog",
		"TPM not ready for attestation (Win32_Tpm IsReadyInformation 0x80000: event log missing)",
		"The firmware keeps no TCG event log: update the BIOS, and make sure the TPM is enabled before boot.",
		"TCG EFI Protocol Specification 6.5; DOMAIN.md 6",
	},
	[CHECK_NET_CONNECTION] = {
		CHECK_NET_CONNECTION, "network.connection", "The tool's own network connection (online)",
		"UEFI: the NIC (EFI_SIMPLE_NETWORK_PROTOCOL), its link, DHCP or the static address in preflight.conf, DNS",
		"",
		"Plug the unit into a network with DHCP that reaches the Autopilot endpoints (check the cable, the port's "
		"VLAN and the firmware's network stack), or set network = static with address, gateway and dns in "
		"preflight.conf. The offline checks still count; the online ones wait for a network.",
		"RFC 2131 (DHCP); UEFI 2.10, 24.1 (Simple Network Protocol)",
	},
	[CHECK_CLOCK_SKEW] = {
		CHECK_CLOCK_SKEW, "clock.skew", "The clock agrees with the network's time (online)",
		"the HTTP Date header of an Autopilot endpoint (www.msftconnecttest.com)",
		"0x80072F8F (TLS fails) and attestation failures when the clock is off by minutes",
		"Set the date and time in the firmware setup (UTC), then run again.",
		"Autopilot known issues (clock skew); RFC 9110 6.6.1 (Date)",
	},
	[CHECK_TPM_PRESENT] = {
		.index = CHECK_TPM_PRESENT,
		.id = "tpm.present",
		.title = "TPM 2.0 present and answering",
		.needs = "ACPI TPM2 table, EFI_TCG2_PROTOCOL or the CRB/FIFO registers; /dev/tpmrm0 or swtpm on Linux",
		.predicts = "0x800705B4 (time-out: no TPM 2.0 attestation support)",
		.remediation = "Enable the TPM (Intel PTT / AMD fTPM / discrete TPM) in the firmware setup and make sure it is "
			       "in TPM 2.0 mode; a TPM 1.2 must be upgraded to 2.0 firmware or the board replaced.",
		.reference = "Windows Autopilot requirements: TPM 2.0; TCG PC Client Platform TPM Profile 2.0",
	},
	[CHECK_TPM_IDENTITY] = {
		.index = CHECK_TPM_IDENTITY,
		.id = "tpm.identity",
		.title = "TPM identity (manufacturer, firmware, specification)",
		.needs = "TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES, PT_FIXED)",
		.predicts = "",
		.remediation = "The TPM answered but its fixed properties could not be read; update the TPM firmware or "
			       "try another transport (--transport).",
		.reference = "TPM 2.0 Library Part 2, 6.13 TPM_PT; DOMAIN.md 6 (firmware version as Windows shows it)",
	},
	[CHECK_TPM_SELFTEST] = {
		CHECK_TPM_SELFTEST, "tpm.selftest", "TPM self-test and failure mode", "TPM2_GetTestResult",
		"0x81039001 (attestation retries exhausted: the TPM is in failure mode)",
		"The TPM is in failure mode. Power the PC off completely (remove AC for 30 s), then update the TPM "
		"firmware; if it persists the TPM or board must be replaced.",
		"TPM 2.0 Library Part 1, 12 (failure mode); Part 3, 10.4 TPM2_GetTestResult",
	},
	[CHECK_TPM_VIRTUAL] = {
		CHECK_TPM_VIRTUAL, "tpm.virtual", "Physical (not virtual) TPM", "TPM_PT_MANUFACTURER, TPM_PT_VENDOR_STRING_*",
		"0x800705B4 (time-out: virtual TPMs are not supported for pre-provisioning)",
		"Autopilot pre-provisioning and self-deploying mode need a physical TPM 2.0; run this on the real "
		"hardware, not in a virtual machine.",
		"Windows Autopilot requirements (TPM attestation); DOMAIN.md 6",
	},
	[CHECK_TPM_ENDORSEMENT] = {
		CHECK_TPM_ENDORSEMENT, "tpm.endorsement", "Endorsement hierarchy enabled and without a password",
		"TPM_PT_STARTUP_CLEAR.ehEnable, TPM_PT_PERMANENT.endorsementAuthSet",
		"0x81039001 (the EK cannot be used: attestation retries exhausted)",
		"Clear the TPM from the firmware setup (this removes the endorsement password and re-enables the "
		"hierarchy); Windows re-provisions it at the next boot.",
		"TPM 2.0 Library Part 2, 8.6 TPMA_PERMANENT, 8.7 TPMA_STARTUP_CLEAR; DOMAIN.md 6",
	},
	[CHECK_TPM_LOCKOUT] = {
		CHECK_TPM_LOCKOUT, "tpm.lockout", "Not in dictionary-attack lockout",
		"TPM_PT_PERMANENT.inLockout, TPM_PT_LOCKOUT_COUNTER, MAX_AUTH_FAIL, LOCKOUT_RECOVERY",
		"0x81039001 (keys cannot be used while the TPM is locked out)",
		"Wait for the lockout recovery time with the PC powered on, or clear the TPM from the firmware setup.",
		"TPM 2.0 Library Part 1, 19.8 dictionary-attack protection",
	},
	[CHECK_TPM_OWNERSHIP] = {
		CHECK_TPM_OWNERSHIP, "tpm.ownership", "Owner and lockout authorisations",
		"TPM_PT_PERMANENT.ownerAuthSet, lockoutAuthSet, disableClear", "",
		"The TPM was provisioned before (owner password set). If this PC is being re-deployed, clear the TPM "
		"from the firmware setup so Windows can take it over.",
		"TPM 2.0 Library Part 2, 8.6 TPMA_PERMANENT",
	},
	[CHECK_TPM_PCR_BANKS] = {
		CHECK_TPM_PCR_BANKS, "tpm.pcr_banks", "SHA-256 PCR bank with PCRs 0-23", "TPM2_GetCapability(TPM_CAP_PCRS)",
		"0x81039001 (attestation needs measurements in a SHA-256 bank)",
		"Enable the SHA-256 PCR bank in the firmware setup (TPM / Trusted Computing page).",
		"Windows TPM requirements (SHA-256 PCR bank); DOMAIN.md 6",
	},
	[CHECK_EK_CERT_PRESENT] = {
		CHECK_EK_CERT_PRESENT, "ek.cert.present", "EK certificate in the TPM",
		"NV indices 0x01C00002-0x01C0001F, 0x01C00100+ (TCG EK Credential Profile)",
		"0x80190190 (HTTP 400: No valid TPM EK/Platform Certificate provided)",
		"This TPM has no EK certificate. A discrete TPM must ship with one: ask the vendor for a replacement "
		"or a provisioning tool. A firmware TPM (Intel PTT, AMD fTPM) fetches it at first boot: allow the "
		"vendor service through the firewall.",
		"TCG EK Credential Profile 2.3 (NV indices); DOMAIN.md 4, 5",
	},
	[CHECK_TPM_FIRMWARE] = {
		CHECK_TPM_FIRMWARE, "tpm.firmware.advisory", "TPM firmware free of known attestation problems",
		"TPM_PT_MANUFACTURER, TPM_PT_FIRMWARE_VERSION_1, the EK certificates; checks/firmware_advisories.tsv",
		"per advisory (e.g. 0x81039024 for Infineon ROCA)",
		"Update the TPM firmware (see the advisory).",
		"checks/firmware_advisories.tsv (one source per row)",
	},
	[CHECK_EK_KEY_MATCH] = {
		CHECK_EK_KEY_MATCH, "ek.key.match", "EK certificate belongs to this TPM",
		"the EK public key (persistent 0x81010001, or TPM2_CreatePrimary with the TCG template)",
		"0x80190190 (the AIK CA rejects an EK certificate for another key)",
		"The certificate in NV does not match this TPM's endorsement key (replaced or mis-provisioned TPM, or "
		"a changed endorsement seed). Contact the TPM or board vendor.",
		"TCG EK Credential Profile 2.2 (default EK templates); DOMAIN.md 4",
	},
	[CHECK_EK_ACTIVATION] = {
		CHECK_EK_ACTIVATION, "ek.activation", "Credential activation with the EK (as the AIK CA demands)",
		"TPM2_Create/Load of an attestation key under the EK, MakeCredential in software, TPM2_ActivateCredential",
		"0x81039001 (the AIK CA's challenge cannot be answered)",
		"The TPM cannot complete the AIK enrolment exchange. Clear the TPM from the firmware setup; if it "
		"still fails, update the TPM firmware.",
		"TPM 2.0 Library Part 1, 24 (credential protection); Part 3, 12.5 TPM2_ActivateCredential; DOMAIN.md 1",
	},
	[CHECK_EK_CERT_EKU] = {
		CHECK_EK_CERT_EKU, "ek.cert.eku", "EK certificate usage (EKU 2.23.133.8.1)", "extendedKeyUsage", "",
		"The EK certificate lacks the TCG EK certificate usage; some services reject it. Ask the TPM vendor.",
		"TCG EK Credential Profile 3.2.16",
	},
	[CHECK_EK_CERT_MANUFACTURER] = {
		CHECK_EK_CERT_MANUFACTURER, "ek.cert.manufacturer", "EK certificate names this TPM's manufacturer",
		"subjectAltName tcg-at-tpmManufacturer vs TPM_PT_MANUFACTURER", "",
		"The certificate names another TPM manufacturer than the TPM reports; the AIK CA is chosen by the TPM's "
		"own manufacturer id.",
		"TCG EK Credential Profile 3.2.9; DOMAIN.md 2",
	},
	[CHECK_EK_CERT_VALIDITY] = {
		CHECK_EK_CERT_VALIDITY, "ek.cert.validity", "EK certificate within its validity period",
		"notBefore/notAfter vs the clock, of the EK certificate and of the CAs that issued it below the cab's root",
		"0x80190190 (an EK certificate outside its validity is not accepted)",
		"Check the PC's clock first (firmware setup). If the clock is right, the EK certificate (or the issuing CA "
		"the report names) has expired: contact the TPM vendor.",
		"RFC 5280 4.1.2.5, 6.1.3 (a)(2)",
	},
	[CHECK_TRUST_CAB] = {
		CHECK_TRUST_CAB, "trust.cab", "TrustedTpm.cab available", "\\preflight\\TrustedTpm.cab on the stick, --trust on Linux", "",
		"Download Microsoft's current TrustedTpm.cab (https://go.microsoft.com/fwlink/?linkid=2097925) and copy it "
		"to \\preflight\\TrustedTpm.cab on the stick.",
		"DOMAIN.md 3",
	},
	[CHECK_EK_CHAIN] = {
		CHECK_EK_CHAIN, "ek.chain", "EK certificate chains to a TrustedTpm root",
		"EK and NV chain certificates, TrustedTpm.cab; each issuer below the root must be a CA (basicConstraints, "
		"pathLenConstraint, keyUsage)",
		"0x80190190 (HTTP 400: the EK certificate does not verify)",
		"The EK certificate does not chain to the roots Microsoft trusts. Use a current TrustedTpm.cab; if it "
		"still fails, the TPM's vendor CA is not trusted by Microsoft: contact the vendor.",
		"DOMAIN.md 3, 4; RFC 5280 6, 6.1.4",
	},
	[CHECK_AIK_URL] = {
		CHECK_AIK_URL, "aik.url", "AIK CA URL Windows will use", "TPM_PT_MANUFACTURER, the EK certificate's AKI",
		"0x80072EE5 (invalid URL: no AIK CA can be named)",
		"Windows cannot name an AIK CA for this TPM (no EK certificate or no usable key identifier).",
		"DOMAIN.md 2",
	},
	[CHECK_AIK_AUTHORITY] = {
		CHECK_AIK_AUTHORITY, "aik.authority.listed", "Microsoft AIK CA exists for this TPM",
		"Microsoft\\IntermediateCA and version.txt in TrustedTpm.cab",
		"0x81039001 / 0x800705B4 (\"authority does not exist\", HTTP 404)",
		"Microsoft has no AIK CA for this TPM's EK issuer (withdrawn or never added). Update the TPM firmware if "
		"the vendor offers one that re-provisions the EK, or raise a case with Microsoft citing the AIK URL.",
		"DOMAIN.md 2, 3",
	},
	[CHECK_AIK_PROBE] = {
		CHECK_AIK_PROBE, "aik.authority.probe", "Microsoft AIK CA answers for this TPM (online)",
		"GET <AIK URL>?operation=GetCACaps&message=default over the tool's own HTTPS client",
		"0x80190194 / 0x81039001 (\"authority does not exist\", HTTP 404)",
		"Microsoft's AIK service does not know this TPM's EK issuer: the device cannot complete attestation. "
		"Raise it with the PC maker (EK certificates) or Microsoft, citing the AIK URL.",
		"DOMAIN.md 2 (the probe Windows' SCEP client makes first)",
	},
	[CHECK_NET_ENDPOINTS] = {
		CHECK_NET_ENDPOINTS, "network.endpoints", "Autopilot attestation endpoints reachable (online)",
		"DNS, TCP 443 and a verified TLS handshake to each endpoint Autopilot TPM attestation uses",
		"0x800705B4 / 0x80072F8F (time-outs, or TLS failures behind an inspecting proxy)",
		"Allow these hosts through the firewall and proxy without TLS inspection (Autopilot networking "
		"requirements); a failing TLS step with an unknown issuer means a proxy inspects TLS.",
		"DOMAIN.md 8 (Autopilot networking requirements)",
	},
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
