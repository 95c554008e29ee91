/*
 * check_reasons.c - why a check may not pass, each reason with its own fix
 * and the Windows error it predicts. A reason's text is shown only with a
 * warn, fail or error (check_guidance.c); pass and skip show none.
 */
#include "checks/table/check_reasons.h"
#include <stddef.h>

#define END { NULL, NULL, NULL, false }

const struct check_reason reasons_config_file[] = {
	{ "settings-ignored", "Fix the settings named in the details in \\preflight\\preflight.conf (docs/config.md); "
	  "until then their defaults were used.", "", false },
	{ "factory-settings-ignored", "A factory run must use the settings the line planned: fix the settings named in "
	  "the details in \\preflight\\preflight.conf (docs/config.md), then test the unit again.", "", false },
	{ "no-config-file", "", "", false },
	END,
};

const struct check_reason reasons_platform_serial[] = {
	{ "serial-unset", "Have the maker program this unit's serial number into the firmware (SMBIOS type 1) before it "
	  "ships: the Autopilot device record carries it beside the hardware hash, and without it units cannot be told "
	  "apart.", "Autopilot registration and support cases cannot identify the device by its serial number", false },
	{ "not-this-machine", "", "", false },
	END,
};

const struct check_reason reasons_secure_boot[] = {
	{ "not-active", "Turn Secure Boot on in the firmware setup (with the default keys) before shipping; Windows 11 and "
	  "Autopilot device health expect it.", "", false },
	{ "variables-unreadable", "", "", false },
	END,
};

const struct check_reason reasons_event_log[] = {
	{ "no-event-log", "The firmware keeps no TCG event log: update the BIOS, and make sure the TPM is enabled before "
	  "boot.", "TPM not ready for attestation (Win32_Tpm IsReadyInformation 0x80000: event log missing)", false },
	{ "not-available-here", "", "", false },
	END,
};

const struct check_reason reasons_network_connection[] = {
	{ "no-network", "Plug the unit into a network with DHCP that reaches the Autopilot endpoints (check the cable, the "
	  "port's VLAN and the firmware's network stack), or set network = static with address, gateway and dns in "
	  "preflight.conf. The offline checks still count; the online ones wait for a network.", "", false },
	{ "no-nic-from-drivers", "Put the UEFI driver for this NIC's chip in \\preflight\\drivers on the stick, built for "
	  "this PC's architecture (x64 or Arm64; the details say why each driver there was refused or bound nothing): the "
	  "NIC or dock maker's UEFI (UNDI) driver, signed by Microsoft's UEFI CA when Secure Boot is on (docs/user-guide.md). "
	  "Or use a NIC the firmware supports. The offline checks still count.", "", false },
	END,
};

const struct check_reason reasons_clock_skew[] = {
	{ "clock-off", "Set the date and time in the firmware setup (UTC), then run again.",
	  "0x80072F8F (TLS fails) and attestation failures when the clock is off by minutes", false },
	{ "clock-far-off", "Set the date and time in the firmware setup (UTC), then run again; certificate validity was "
	  "judged by the network's time.", "0x80072F8F (TLS fails) and attestation failures when the clock is off by minutes", false },
	{ "local-clock-off", "The firmware clock holds local time (zone in rtc_zone), as Windows keeps it, but is off by "
	  "minutes beyond that: set the correct local time in the firmware setup, then run again.",
	  "0x80072F8F (TLS fails) and attestation failures when the clock is off by minutes", false },
	{ "local-clock-far-off", "The firmware clock holds local time (zone in rtc_zone), as Windows keeps it, but is far "
	  "off beyond that: set the correct local time in the firmware setup, then run again; certificate validity was "
	  "judged by the network's time.", "0x80072F8F (TLS fails) and attestation failures when the clock is off by minutes",
	  false },
	{ "no-network-time", "Let the unit reach time.windows.com (UDP 123) or www.msftconnecttest.com (HTTP), or set "
	  "ntp_server in preflight.conf; until then check the firmware clock by hand.", "", false },
	END,
};

#define TPM_ENABLE_FIX "Enable the TPM (Intel PTT / AMD fTPM / discrete TPM) in the firmware setup and make sure it " \
	"is in TPM 2.0 mode."
#define NO_TPM20_PREDICTS "0x800705B4 (time-out: no TPM 2.0 attestation support)"
const struct check_reason reasons_tpm_present[] = {
	{ "no-tpm", TPM_ENABLE_FIX, NO_TPM20_PREDICTS, false },
	{ "no-transport", TPM_ENABLE_FIX " If the firmware shows it enabled, run again with --transport tcg2 (or crb/tis) "
	  "and report the transport evidence.", NO_TPM20_PREDICTS, false },
	{ "tpm12", "A TPM 1.2 must be upgraded to TPM 2.0 firmware (vendor tool) or the board replaced.", NO_TPM20_PREDICTS, false },
	{ "not-family-2.0", "A TPM 1.2 must be upgraded to TPM 2.0 firmware (vendor tool) or the board replaced.",
	  NO_TPM20_PREDICTS, false },
	{ "no-answer", "Power the PC off completely (remove AC for 30 s) and run again; if the TPM still does not answer, "
	  "update the BIOS and TPM firmware, or try another transport (--transport).", NO_TPM20_PREDICTS, false },
	{ "out-of-memory", "Run again; if it repeats, report it with the unit's model.", "", false },
	{ "first-command-failed", "The TPM is there but refused its first command or answered it garbled (see the details "
	  "and response_code): power the PC off completely (remove AC for 30 s) and run again; if it repeats, update the "
	  "BIOS and TPM firmware, or try another transport (--transport).", NO_TPM20_PREDICTS, false },
	END,
};

const struct check_reason reasons_tpm_identity[] = {
	{ "fixed-properties-unreadable", "The TPM answered but its fixed properties could not be read; update the TPM "
	  "firmware or try another transport (--transport).", "", false },
	END,
};

const struct check_reason reasons_selftest[] = {
	{ "failure-mode", "The TPM is in failure mode. Power the PC off completely (remove AC for 30 s), then update the TPM "
	  "firmware; if it persists the TPM or board must be replaced.",
	  "0x81039001 (attestation retries exhausted: the TPM is in failure mode)", false },
	{ "self-test-failed", "Power the PC off completely (remove AC for 30 s) and run again; if the self-test still fails, "
	  "update the TPM firmware, then contact the board vendor.",
	  "0x81039001 (attestation retries exhausted: the TPM is in failure mode)", false },
	{ "command-failed", "TPM2_GetTestResult did not complete: run again; if it repeats, update the TPM firmware.", "", false },
	END,
};

const struct check_reason reasons_virtual[] = {
	{ "virtual-tpm", "Autopilot pre-provisioning and self-deploying mode need a physical TPM 2.0; run this on the real "
	  "hardware.", "0x800705B4 (time-out: virtual TPMs are not supported for pre-provisioning)", false },
	{ "virtual-machine", "Autopilot pre-provisioning and self-deploying mode need a physical TPM 2.0; run this on the "
	  "real hardware, not in a virtual machine.",
	  "0x800705B4 (time-out: virtual TPMs are not supported for pre-provisioning)", false },
	END,
};

const struct check_reason reasons_endorsement[] = {
	{ "hierarchy-disabled", "Enable the endorsement hierarchy: clear the TPM from the firmware setup (Windows "
	  "re-provisions it at the next boot) or turn the firmware's TPM availability setting back on.",
	  "0x81039001 (the EK cannot be used: attestation retries exhausted)", false },
	{ "endorsement-auth-set", "Clear the TPM from the firmware setup: this removes the endorsement password; Windows "
	  "re-provisions the TPM at the next boot.", "0x81039001 (the EK cannot be used: attestation retries exhausted)", false },
	END,
};

const struct check_reason reasons_lockout[] = {
	{ "in-lockout", "Leave the PC powered on for the lockout recovery time (see lockout_interval_s), or clear the TPM "
	  "from the firmware setup.", "0x81039001 (keys cannot be used while the TPM is locked out)", false },
	END,
};

const struct check_reason reasons_ownership[] = {
	{ "owner-auth-set", "The TPM was provisioned before (owner password set). If this PC is being re-deployed, clear "
	  "the TPM from the firmware setup so Windows can take it over.", "", false },
	END,
};

const struct check_reason reasons_pcr_banks[] = {
	{ "no-sha256-bank", "Enable the SHA-256 PCR bank in the firmware setup (TPM / Trusted Computing page).",
	  "0x81039001 (attestation needs measurements in a SHA-256 bank)", false },
	{ "banks-unreadable", "TPM2_GetCapability(TPM_CAP_PCRS) failed: run again; if it repeats, update the TPM firmware.",
	  "", false },
	END,
};

#define NO_EK_PREDICTS "0x80190190 (HTTP 400: No valid TPM EK/Platform Certificate provided)"
const struct check_reason reasons_ek_cert_present[] = {
	{ "no-nv-index", "This discrete TPM has no EK certificate: ask the TPM or board vendor for a provisioning tool or "
	  "a replacement.", NO_EK_PREDICTS, false },
	{ "no-rsa-certificate", "Windows attests with the RSA-2048 EK; this TPM holds only other EK certificates. Ask the "
	  "TPM or board vendor for firmware that provisions the RSA EK certificate.", NO_EK_PREDICTS, false },
	{ "unreadable-certificate", "The EK certificate in NV is damaged or in an unknown format: ask the TPM vendor; "
	  "update the TPM firmware if it re-provisions the certificate.", NO_EK_PREDICTS, false },
	{ "eps-regenerated", "The Intel PTT endorsement seed was regenerated, so no certificate can match it: ask the PC "
	  "maker how to restore the factory EK (often a firmware update with PTT reset).", NO_EK_PREDICTS, false },
	{ "ftpm-not-provisioned", "Windows downloads this firmware TPM's EK certificate at provisioning: allow the vendor "
	  "service (see download_url) through the firewall and proxy.",
	  "0x80190194 / 0x800705B4 when the vendor service cannot be reached", false },
	{ "ftpm-unknown-to-vendor", "The firmware TPM's EK is not registered with its vendor: update the BIOS/ME/PSP "
	  "firmware, clear the TPM in the firmware setup only if the vendor advises it, or raise it with the PC maker citing "
	  "the URL.", "0x80190194 (the EK certificate cannot be retrieved: HTTP 404)", false },
	{ "ftpm-bad-certificate", "The vendor's service answered with a certificate that cannot be read: run again; if it "
	  "repeats, raise it with the PC maker citing the URL.", NO_EK_PREDICTS, false },
	{ "ftpm-not-rsa", "The vendor's certificate is not the RSA-2048 one Windows uses: raise it with the PC maker "
	  "citing the URL.", NO_EK_PREDICTS, false },
	{ "certificate-read-failed", "The TPM failed while its EK certificate was read (details: the command and the "
	  "code): run again after a cold boot; if it repeats, update the TPM firmware.", "", false },
	{ "nv-list-failed", "Listing the TPM's NV indices failed: run again; if it repeats, update the TPM firmware.", "", false },
	END,
};

const struct check_reason reasons_firmware[] = {
	{ "advisory", "Update the TPM firmware (see the advisory).", "", true },
	{ "out-of-memory", "Run again; if it repeats, report it with the unit's model.", "", false },
	END,
};

const struct check_reason reasons_ek_key_match[] = {
	{ "key-mismatch", "The certificate in NV does not match this TPM's endorsement key (replaced or mis-provisioned "
	  "TPM, or a changed endorsement seed). Contact the TPM or board vendor.",
	  "0x80190190 (the AIK CA rejects an EK certificate for another key)", false },
	{ "key-unreadable", "The TPM did not give its EK public key (see the evidence for the command and its answer): run "
	  "again; if it repeats, update the TPM firmware.", "", false },
	{ "nothing-to-compare", "", "", false },
	END,
};

const struct check_reason reasons_activation[] = {
	{ "activation-failed", "The TPM refused a step of the exchange the AIK CA demands (the details name the command and "
	  "the TPM's answer). Check tpm.endorsement first (an endorsement password or a disabled endorsement hierarchy "
	  "refuses it); otherwise update the TPM firmware, and if it still fails contact the PC maker. Clearing the TPM "
	  "does not change its EK.", "0x81039001 (the AIK CA's challenge cannot be answered)", false },
	{ "tpm-busy", "The TPM could not run a command of the exchange now (the details name it: out of object or session "
	  "memory, in lockout, busy) - no finding about its keys; leave the TPM as it is. See tpm.lockout for a lockout; "
	  "otherwise power the PC off completely (other software may have filled the TPM's memory) and run again.", "",
	  false },
	{ "wrong-secret", "The TPM returned a different secret than the one made for its EK: update the TPM firmware; if "
	  "it persists the TPM or board must be replaced.", "0x81039001 (the AIK CA's challenge cannot be answered)", false },
	/* the tool's side, not the TPM's: nothing here may advise changing the TPM */
	{ "no-entropy", "A limit of this tool on this machine, not a fault of the TPM (leave the TPM as it is): the "
	  "firmware offers no random numbers (no EFI_RNG_PROTOCOL, no RDRAND) and the TPM's own generator "
	  "(TPM2_GetRandom) did not answer either, so the self-test could not be run. Turn the firmware's RNG on if it has "
	  "one (in a virtual machine add a virtio-rng device) and run again.", "", false },
	{ "activation-incomplete", "The exchange stopped on the tool's side or on the way to the TPM (see the details and "
	  "failure_code), before the TPM could answer it: no finding about the TPM's keys. Run again; if it repeats, try "
	  "another transport (--transport) and report the evidence.", "", false },
	END,
};

const struct check_reason reasons_eku[] = {
	{ "no-ek-eku", "The EK certificate lacks the TCG EK certificate usage; some services reject it. Ask the TPM "
	  "vendor.", "", false },
	END,
};

const struct check_reason reasons_manufacturer[] = {
	{ "manufacturer-differs", "The certificate names another TPM manufacturer than the TPM reports; the AIK CA is "
	  "chosen by the TPM's own manufacturer id. Ask the TPM or board vendor which is right.", "", false },
	END,
};

#define VALIDITY_PREDICTS "0x80190190 (an EK certificate outside its validity is not accepted)"
const struct check_reason reasons_validity[] = {
	{ "expired", "Check the PC's clock first (firmware setup). If the clock is right, the EK certificate has expired: "
	  "contact the TPM vendor.", VALIDITY_PREDICTS, false },
	{ "not-yet-valid", "Check the PC's clock first (firmware setup): a certificate that is not valid yet usually means "
	  "the clock is behind.", VALIDITY_PREDICTS, false },
	{ "issuing-ca-expired", "Check the PC's clock first (firmware setup). If the clock is right, the CA that issued the "
	  "EK certificate (see issuing_ca) has expired: use a current TrustedTpm.cab (it may hold a renewed copy), else "
	  "contact the TPM vendor.", VALIDITY_PREDICTS, false },
	{ "issuing-ca-not-yet-valid", "Check the PC's clock first (firmware setup): the CA that issued the EK certificate "
	  "(see issuing_ca) is not valid yet, which usually means the clock is behind.", VALIDITY_PREDICTS, false },
	END,
};

const struct check_reason reasons_trust_cab[] = {
	{ "no-cab", "Download Microsoft's current TrustedTpm.cab (https://go.microsoft.com/fwlink/?linkid=2097925) and copy "
	  "it to \\preflight\\TrustedTpm.cab on the stick.", "", false },
	{ "old-cab", "Microsoft adds AIK CAs to TrustedTpm.cab several times a year: download the current one "
	  "(https://go.microsoft.com/fwlink/?linkid=2097925) to \\preflight\\TrustedTpm.cab, or let the tool refresh it "
	  "online (refresh_cab = on), and run again.", "", false },
	{ "cab-unusable", "The TrustedTpm.cab given cannot be used (see the details): download Microsoft's current one "
	  "(https://go.microsoft.com/fwlink/?linkid=2097925) and replace it.", "", false },
	END,
};

#define CHAIN_PREDICTS "0x80190190 (HTTP 400: the EK certificate does not verify)"
const struct check_reason reasons_ek_chain[] = {
	{ "root-not-in-cab", "The chain ends at a TrustedTpm intermediate whose root the cab lacks (a known gap for AMD "
	  "firmware TPMs); Microsoft's service accepts it. Use a current TrustedTpm.cab.", "", false },
	{ "issuer-missing", "An issuing CA is missing from the TPM and from TrustedTpm.cab: use a current TrustedTpm.cab; "
	  "if it still fails, the TPM's vendor CA is not trusted by Microsoft: contact the vendor.", CHAIN_PREDICTS, false },
	{ "bad-signature", "A signature in the EK certificate's chain does not verify: the certificate is damaged or forged. "
	  "Contact the TPM vendor.", CHAIN_PREDICTS, false },
	{ "untrusted-root", "The chain ends at a root Microsoft does not trust. Use a current TrustedTpm.cab; if it still "
	  "fails, contact the TPM vendor.", CHAIN_PREDICTS, false },
	{ "issuer-not-ca", "A certificate in the EK certificate's chain is not allowed to issue certificates (see the "
	  "details): the chain is not trusted. Contact the TPM or platform vendor.", CHAIN_PREDICTS, false },
	END,
};

const struct check_reason reasons_aik_url[] = {
	{ "no-key-identifier", "Windows cannot name an AIK CA for this TPM: the EK certificate has no usable key "
	  "identifier. Contact the TPM vendor.", "0x80072EE5 (invalid URL: no AIK CA can be named)", false },
	END,
};

#define AUTHORITY_PREDICTS "0x81039001 / 0x800705B4 (\"authority does not exist\", HTTP 404)"
const struct check_reason reasons_aik_authority[] = {
	{ "listed-expired", "Every file Microsoft lists for this AIK CA has expired: use a current TrustedTpm.cab; if it "
	  "persists, raise a case with Microsoft citing the AIK URL.", AUTHORITY_PREDICTS, false },
	{ "removed", "Microsoft withdrew this TPM's AIK CA. Update the TPM firmware if the vendor offers one that "
	  "re-provisions the EK, or raise a case with Microsoft citing the AIK URL.", AUTHORITY_PREDICTS, false },
	{ "unknown-to-old-cab", "The TrustedTpm.cab used is older than cab_max_age_days and may predate this TPM's AIK "
	  "CA: download the current one (https://go.microsoft.com/fwlink/?linkid=2097925) to \\preflight\\TrustedTpm.cab, "
	  "or let the tool refresh it online (refresh_cab = on), and run again before judging the TPM.", "", false },
	{ "unknown", "Microsoft has no AIK CA for this TPM's EK issuer. Use a current TrustedTpm.cab; if it is still "
	  "unknown, raise a case with Microsoft citing the AIK URL.", AUTHORITY_PREDICTS, false },
	END,
};

const struct check_reason reasons_aik_probe[] = {
	{ "authority-does-not-exist", "Microsoft's AIK service does not know this TPM's EK issuer: the device cannot "
	  "complete attestation. Raise it with the PC maker (EK certificates) or Microsoft, citing the AIK URL.",
	  "0x80190194 / 0x81039001 (\"authority does not exist\", HTTP 404)", false },
	{ "unreachable", "The AIK service could not be reached from this network: allow *.microsoftaik.azure.net through "
	  "the firewall and proxy without TLS inspection, then run again.",
	  "0x800705B4 / 0x80072F8F when the AIK service cannot be reached", false },
	{ "unexpected-answer", "The AIK service gave an unexpected answer (see the evidence): a proxy may be answering in "
	  "its place. Run again on an open network.", "", false },
	{ "chain-http-error", "The AIK service answered GetCACaps but refused its certificate chain (see the status and "
	  "body in the evidence): run again later; if it persists, raise a case with Microsoft citing the AIK URL.", "",
	  false },
	{ "chain-unparseable", "The AIK service's certificate chain could not be read (see the details): the answer was cut "
	  "short or is not a certs-only CMS message. Run again on an open network; if it persists, report it with the "
	  "evidence.", "", false },
	{ "chain-empty", "The AIK service sent no certificates for this AIK CA: run again later; if it persists, raise a "
	  "case with Microsoft citing the AIK URL.", "", false },
	{ "chain-untrusted", "The AIK CA the AIK service presents (or a CA above it) does not chain to Microsoft's TPM root (see the "
	  "details and the chain in the evidence): the AIK certificate Windows would receive could not be verified. Use a "
	  "current TrustedTpm.cab; if it persists, raise a case with Microsoft citing the AIK URL and the fingerprints.",
	  "", false },
	{ "ra-unverified", "An RA certificate the AIK service presents (the registration authority Windows encrypts its "
	  "enrolment to) does not verify to the AIK CA or Microsoft's TPM root, while the AIK CA does. Who issues the RA "
	  "certificates is not documented by Microsoft, so this is a warning: run again later; if Windows then fails "
	  "\"Securing your hardware\", raise a case with Microsoft citing the AIK URL and the fingerprints.", "", false },
	{ "chain-incomplete", "The AIK service's chain lacks the AIK CA or the RA certificates Windows enrols with (see the "
	  "evidence): run again later; if it persists, raise a case with Microsoft citing the AIK URL.", "", false },
	{ "aik-ca-differs", "The AIK CA the service presents is not the one TrustedTpm.cab lists for this TPM (see "
	  "chain_cab_match): use a current TrustedTpm.cab (refresh_cab = on) and run again; the service's answer is the "
	  "one Windows gets.", "", false },
	{ "chain-out-of-date", "A certificate of the AIK service's chain is outside its validity: check clock.skew first; "
	  "if the clock is right, raise a case with Microsoft citing the AIK URL.", "", false },
	{ "no-memory", "The tool ran out of memory for the AIK service's answer: report it; a reboot of the unit clears it.",
	  "", false },
	END,
};

#define ENROL_NO_FINDING "no finding about the TPM, whose other checks stand"
const struct check_reason reasons_aik_enrol[] = {
	/* skips: only the report's reason, never a fix on screen */
	{ "not-opted-in", "Opt in with aik_enrol = on in preflight.conf (--enrol-aik on Linux) to have the tool enrol "
	  "with Microsoft's AIK service as Windows does; it sends the EK certificate to Microsoft (docs/network.md).", "",
	  false },
	{ "no-aik-parent", "The AIK can only be made without a password: in the owner hierarchy while its authorisation "
	  "is empty (before Windows takes ownership), or under a storage root key at 0x81000001 that needs none. Do not "
	  "clear a TPM to run the enrolment: the other checks stand.", "", false },
	/* the service refuses this TPM: Windows will meet the same refusal */
	{ "authority-unknown", "Microsoft's AIK service says it has no authority for this TPM's EK issuer (HTTP 404): "
	  "Windows' attestation will fail the same way. Raise it with the PC maker (EK certificates) or Microsoft, citing "
	  "the AIK URL and the service's message.", "0x80190194 / 0x81039001 (\"The authority ... does not exist\", HTTP "
	  "404)", false },
	{ "ek-rejected", "Microsoft's AIK service does not accept this TPM's EK certificate (\"No valid TPM EK/Platform "
	  "Certificate\"): see ek.chain and ek.cert.validity. On a firmware TPM the certificate must be the one its "
	  "vendor's service gives; otherwise contact the PC or TPM maker.", "0x80190190 / 0x81039001 (HTTP 400 from the "
	  "AIK CA: the EK certificate is not accepted)", false },
	{ "attestation-rejected", "Microsoft's AIK service could not verify the TPM's attestation statement and says the "
	  "TPM firmware needs an update: update the TPM firmware (the PC maker's BIOS or TPM update; see "
	  "tpm.firmware.advisory) and run again.", "0x81039024 / 0x801C0003 (\"Attestation statement cannot be verified, "
	  "rejecting request. TPM firmware needs update.\")", false },
	{ "challenge-rejected", "Microsoft's AIK service refused the answer to its challenge although the TPM unwrapped "
	  "it (TPM2_ActivateCredential checks the credential's integrity, so the secret was the one made for this EK and "
	  "AIK): no finding about the TPM - the answer's format is reconstructed from public sources (docs/"
	  "aik-enrolment.md). Leave the TPM as it is; report the evidence.", "", false },
	{ "cert-invalid", "The AIK certificate Microsoft's AIK service issued does not verify to the AIK CA and "
	  "Microsoft's TPM root, lacks the AIK usage (2.23.133.8.3) or holds another key (see the details): run again "
	  "later; if it persists, raise a case with Microsoft citing the AIK URL and the certificate's SHA-256.",
	  "0x81039001 (attestation retries exhausted)", false },
	{ "tpm-refused", "The TPM refused a command of the enrolment (the summary names it, the details give its "
	  "answer). See tpm.endorsement (an endorsement password or a disabled endorsement hierarchy refuses the "
	  "challenge) and tpm.ownership; otherwise update the TPM firmware, and if it still fails contact the PC maker.",
	  "0x81039001 (the AIK cannot be made or the AIK CA's challenge cannot be answered)", false },
	/* the service or the network did not answer usefully: no finding about the TPM */
	{ "rate-limited", "Microsoft's AIK service asked the tool to wait (HTTP 429; Retry-After in the evidence). The "
	  "tool never retries an enrolment: run again after that time, and space out units that enrol at once.", "",
	  false },
	{ "service-error", "Microsoft's AIK service failed to answer the enrolment (HTTP 5xx, or an answer SCEP does not "
	  "have; see the evidence): " ENROL_NO_FINDING ". Run again later; if it persists, raise a case with Microsoft "
	  "citing the AIK URL.", "", false },
	{ "unreachable", "Microsoft's AIK service could not be reached for the enrolment: allow *.microsoftaik.azure.net "
	  "through the firewall and proxy without TLS inspection, then run again.",
	  "0x800705B4 / 0x80072F8F when the AIK service cannot be reached", false },
	{ "answer-unreadable", "An answer to the enrolment was cut short or is not a SCEP message (see the details): a "
	  "proxy may be answering in the service's place. Run again on an open network; if it persists, report the "
	  "evidence.", "", false },
	{ "answer-untrusted", "An answer to the enrolment was not signed by the RA certificate Microsoft's AIK service "
	  "presents: something between the unit and Microsoft changed it. Run again on an open network without TLS "
	  "inspection.", "", false },
	{ "no-ra-certificate", "Microsoft's AIK service presented no usable RA encryption or signing certificate (see "
	  "aik.authority.probe): run again later; if it persists, raise a case with Microsoft citing the AIK URL.", "",
	  false },
	/* the tool's side */
	{ "request-rejected", "Microsoft's AIK service refused the tool's request without naming a fault of this TPM (see "
	  "service_message): the enrolment's messages are reconstructed from public sources and may differ from what "
	  "the service now expects - " ENROL_NO_FINDING ". Report the evidence.", "", false },
	{ "local-error", "The enrolment stopped on the tool's side (memory, random numbers, its own software key; see the "
	  "details): " ENROL_NO_FINDING ". Run again; if it repeats, report the evidence.", "", false },
	{ "tpm-busy", "The TPM could not run a command of the enrolment now (the details name it: out of object or "
	  "session memory, in lockout, busy) - no finding about its keys; leave the TPM as it is. See tpm.lockout for a "
	  "lockout; otherwise power the PC off completely and run again.", "", false },
	{ "tpm-incomplete", "The enrolment stopped on the tool's side or on the way to the TPM (see the details and "
	  "failure_code) before the TPM could answer: no finding about its keys. Run again; if it repeats, try another "
	  "transport (--transport) and report the evidence.", "", false },
	{ "no-entropy", "A limit of this tool on this machine, not a fault of the TPM: the firmware offers no random "
	  "numbers and the TPM's own generator did not answer either, so the enrolment was not tried. Turn the "
	  "firmware's RNG on if it has one (in a virtual machine add a virtio-rng device) and run again.", "", false },
	END,
};

const struct check_reason reasons_endpoints[] = {
	{ "endpoints-fail", "Allow these hosts through the firewall and proxy without TLS inspection (Autopilot networking "
	  "requirements); a failing TLS step with an unknown issuer means a proxy inspects TLS.",
	  "0x800705B4 / 0x80072F8F (time-outs, or TLS failures behind an inspecting proxy)", false },
	END,
};

const struct check_reason reasons_none[] = { END };
