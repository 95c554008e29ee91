"""aik.enrolment end to end: the Linux command enrols a swtpm with the test AIK service (tests/net/mock_server.py
--aik-enrol MODE, which checks the request for real: the EK certificate against the test EK CA, the KAST statement
with the AIK's TPM2_CertifyCreation, the answer to its TPM2_MakeCredential challenge) and PASSes with the issued
certificate's serial; each of the service's negative modes gives its own reason, status and words, never with a
second try; the TPM keeps nothing loaded. Loopback only; every other online check is answered by the same mock."""
import json
import os
import re

from harness import Swtpm, Workspace, aik_enrol_options, check, provisioned_state, test_cabs, tpm2
from test_scenarios import ENDPOINTS, MockNtp, aik_host, check_of, run_check

# mode -> (status, reason, words of the summary or details)
REFUSALS = {
    "unknown-keyid": ("fail", "authority-unknown", "does not exist"),
    "ek-invalid": ("fail", "ek-rejected", "EK certificate"),
    "attestation-rejected": ("fail", "attestation-rejected", "TPM firmware needs update"),
    "wrong-answer": ("warn", "challenge-rejected", "challenge"),
    "rate-limited": ("warn", "rate-limited", "Retry-After: 120 s"),
    "truncated": ("warn", "answer-unreadable", "cut short"),
    "garbage": ("warn", "answer-unreadable", "not one DER ContentInfo"),
    "untrusted-signer": ("warn", "answer-untrusted", "RA signing certificate"),
    "cert-wrong-key": ("warn", "cert-invalid", "AIK's public key"),
}


def enrol(build, tpm, mode, extra=("--enrol-aik",), stall=30):
    """One online run against the mock in `mode`: the AIK service, the endpoints and the clock all on loopback."""
    from test_http_client import MockServer
    with open(os.path.join(test_cabs(build), "aik-id")) as f:
        listed = f.read().strip()
    server = MockServer(build, "server", listed=listed, stall=stall, **aik_enrol_options(build, mode))
    ntp = MockNtp()
    try:
        hosts = (aik_host(build), *ENDPOINTS, "clock.test")
        maps = [a for h in hosts for a in ("--connect-to", f"{h}:127.0.0.1:{server.port}")]
        return run_check(build, tpm, extra=("--ca", server.ca, *maps, "--clock-url", "https://clock.test/connecttest.txt",
                                            "--sntp-server", f"127.0.0.1:{ntp.port}", *extra))
    finally:
        server.stop()
        ntp.stop()


def loaded_handles(tpm):
    """The transient objects and loaded sessions (as test_scenarios.py reads them): none once a run is over."""
    return [o for o in (tpm2(tpm, "getcap", what).stdout.strip() for what in ("handles-transient",
                                                                          "handles-loaded-session")) if o]


def test_enrolment_issued_by_the_test_service(build):
    """The service issues the AIK certificate: PASS with its serial, issuer, validity and SHA-256; two POSTs; what was
    sent is listed; the run's settings say aik_enrol=on; nothing stays loaded in the TPM."""
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            r = enrol(build, tpm, "issue")
            left = loaded_handles(tpm)
        finally:
            tpm.stop()
    e = check_of(r, "aik.enrolment")
    ev = e["evidence"]
    check(e["status"] == "pass" and e["summary"].startswith("Microsoft issued an AIK certificate for this TPM (serial ")
          and ev.get("aik_cert_serial", "") in e["summary"], json.dumps(e))
    check(re.fullmatch(r"[0-9a-f]{64}", ev.get("aik_cert_sha256", "")) and "KEYID" in ev.get("aik_cert_issuer", "")
          and " to " in ev.get("aik_cert_validity", ""), json.dumps(ev))
    check(ev.get("round_trips", "").startswith("2 ") and ev.get("scep_pki_status") == "0", json.dumps(ev))
    check(all(k in ev for k in ("sent_ek_certificate", "sent_tpm", "sent_aik", "sent_names")), json.dumps(ev))
    check("PREFLIGHT" in ev["sent_names"] and "swtpm" in ev["sent_tpm"], json.dumps(ev))
    check(ev.get("aik_parent", "").startswith("the owner hierarchy"), json.dumps(ev))
    check("aik_enrol=on" in r.get("settings", ""), r.get("settings", ""))
    check(not left, f"handles left loaded: {left}")


def test_enrolment_certificate_answer_without_scep_attributes(build):
    """The certificate's CertRep signed without SCEP attributes, as the public reconstruction's server signs it: the
    certificate still counts (its key is the run's AIK), and the evidence says how it came."""
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            e = check_of(enrol(build, tpm, "bare-answer"), "aik.enrolment")
        finally:
            tpm.stop()
    ev = e["evidence"]
    check(e["status"] == "pass" and "binds it to this run" in ev.get("answer_without_scep_attributes", "")
          and "scep_pki_status" not in ev, json.dumps(e))


def test_enrolment_refusals_each_have_their_reason(build):
    """Each negative mode of the service: its reason, its status, its words; at most the requests it takes to get
    there (a 429 is never repeated); nothing left loaded in the TPM."""
    wrong = []
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            for mode, (status, reason, words) in REFUSALS.items():
                e = check_of(enrol(build, tpm, mode), "aik.enrolment")
                text = e["summary"] + " " + e["details"] + " " + json.dumps(e["evidence"])
                posts = int(e["evidence"].get("round_trips", "0").split()[0])
                if (e["status"], e["reason"]) != (status, "aik.enrolment/" + reason) or words not in text \
                        or posts > (2 if mode in ("wrong-answer", "cert-wrong-key") else 1) \
                        or (status != "pass" and not e["remediation"]):
                    wrong.append(f"{mode}: {json.dumps(e)}")
            left = loaded_handles(tpm)
        finally:
            tpm.stop()
    check(not wrong, "\n".join(wrong))
    check(not left, f"handles left loaded: {left}")


def test_enrolment_predicts_the_windows_errors(build):
    """The refusals Windows meets at "Securing your hardware" name the error it shows."""
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            got = {m: check_of(enrol(build, tpm, m), "aik.enrolment")["predicts"]
                   for m in ("unknown-keyid", "ek-invalid", "attestation-rejected")}
        finally:
            tpm.stop()
    check("0x80190194" in got["unknown-keyid"] and "0x80190190" in got["ek-invalid"]
          and "0x81039024" in got["attestation-rejected"] and "0x801C0003" in got["attestation-rejected"], str(got))


def test_enrolment_stalled_service_ends_in_bounded_time(build):
    """The service stops sending in the middle of its answer: the run ends within the HTTP client's limits with a
    warning, and the AIK made for it is flushed."""
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            e = check_of(enrol(build, tpm, "stall", stall=3), "aik.enrolment")
            left = loaded_handles(tpm)
        finally:
            tpm.stop()
    check(e["status"] == "warn" and e["reason"] in ("aik.enrolment/unreachable", "aik.enrolment/answer-unreadable"),
          json.dumps(e))
    check(not left, f"handles left loaded: {left}")


def test_enrolment_is_opt_in(build):
    """Without --enrol-aik nothing is sent to the enrolment service (the mock is in its issuing mode) and the check
    says how to opt in; with --offline it is skipped as offline."""
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            plain = check_of(enrol(build, tpm, "issue", extra=()), "aik.enrolment")
            offline = check_of(run_check(build, tpm, extra=("--offline", "--enrol-aik")), "aik.enrolment")
        finally:
            tpm.stop()
    check(plain["status"] == "skip" and plain["reason"] == "aik.enrolment/not-opted-in"
          and "--enrol-aik" in plain["summary"] and "aik_enrol = on" in plain["summary"], json.dumps(plain))
    check(offline["status"] == "skip" and offline["reason"] == "aik.enrolment/offline", json.dumps(offline))


def test_enrolment_with_the_ek_created_for_the_run(build):
    """No persistent EK: the run's EK (TPM2_CreatePrimary) answers the challenge beside the AIK - two transient
    objects at once, within swtpm's three slots - and both are flushed."""
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            tpm2(tpm, "evictcontrol", "-C", "o", "-c", "0x81010001")
            r = enrol(build, tpm, "issue")
            left = loaded_handles(tpm)
        finally:
            tpm.stop()
    e = check_of(r, "aik.enrolment")
    check(e["status"] == "pass", json.dumps(e))
    check("TPM2_CreatePrimary" in check_of(r, "ek.key.match")["evidence"].get("nv_index", ""),
          json.dumps(check_of(r, "ek.key.match")))
    check(not left, f"handles left loaded: {left}")
