"""Read-only, proven on the TPM's whole lasting state (tests/system/tpm_state.py): the NV indices with their
public areas and contents, the persistent handles, TPM_PT_PERMANENT, TPM_PT_STARTUP_CLEAR and the other variable
properties (the lockout counter among them), the PCR allocation and every PCR of every bank, and the reset and
restart counts are the same before and after an offline run, an online run that also uploads its report, and a
run that has to re-create the EK, and runs that enrol with the AIK service (aik.enrolment: its AIK made in the
owner hierarchy, or under a storage root key when the owner has a password). The factory run through the UEFI application is compared in test_uefi.py. The
self-check shows the comparison sees a change of each kind."""
import json
import os

from harness import Swtpm, Workspace, aik_enrol_options, check, provisioned_state, tpm2
from harness import test_cabs as cabs_dir  # imported as test_cabs it would be collected as a test
from test_scenarios import ENDPOINTS, MockNtp, aik_host, check_of, run_check
from tpm_state import differences, prepare_rich_state, snapshot

ALL_BANKS = {"PCR_BANKS": "sha1,sha256,sha384,sha512"}


def rich_tpm(build, work):
    tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm"), "all-banks", **ALL_BANKS))
    try:
        prepare_rich_state(tpm, work)
    except Exception:
        tpm.stop()
        raise
    return tpm


def assert_unchanged(before, after, what):
    changed = differences(before, after)
    check(not changed, f"the TPM's state changed across {what}:\n" + "\n".join(changed))


def online_run(build, tpm, work, extra=(), service=None):
    """Every online check against mocks on loopback (AIK service listing this TPM, endpoints, SNTP, clock), and
    the report uploaded to a collector. service: further MockServer options (the AIK enrolment's mode)."""
    from test_http_client import MockServer
    with open(os.path.join(cabs_dir(build), "aik-id")) as f:
        aik_id = f.read().strip()
    server, ntp = MockServer(build, "server", listed=aik_id, store=work, **(service or {})), MockNtp()
    try:
        hosts = (aik_host(build), *ENDPOINTS, "clock.test", "collector.test")
        maps = [a for h in hosts for a in ("--connect-to", f"{h}:127.0.0.1:{server.port}")]
        r = run_check(build, tpm, extra=("--ca", server.ca, *maps, "--clock-url", "https://clock.test/connecttest.txt",
                                         "--sntp-server", f"127.0.0.1:{ntp.port}",
                                         "--upload", "https://collector.test/services/collector/event", *extra))
    finally:
        server.stop()
        ntp.stop()
    check(check_of(r, "aik.authority.probe")["status"] == "pass", str(check_of(r, "aik.authority.probe")))
    check(os.path.exists(os.path.join(work, "1.json")), "the collector received no report")
    return r


def test_read_only_offline_and_online_runs(build):
    with Workspace(build) as work:
        tpm = rich_tpm(build, work)
        try:
            first = snapshot(tpm, work)
            offline = run_check(build, tpm)
            after_offline = snapshot(tpm, work)
            online = online_run(build, tpm, work)
            after_online = snapshot(tpm, work)
        finally:
            tpm.stop()
    for r in (offline, online):  # every command the tool sends was sent: the activation made and used its key
        check(check_of(r, "ek.activation")["status"] == "pass", str(check_of(r, "ek.activation")))
        check(check_of(r, "tpm.lockout")["evidence"].get("lockout_counter") == "2",
              json.dumps(check_of(r, "tpm.lockout")["evidence"]))
    assert_unchanged(first, after_offline, "an offline run")
    assert_unchanged(first, after_online, "an online run with an upload")
    check(any("0x1500006" in l for l in first["nv"]) and any("read_stclear" in l for l in first["nv"]), "rich state")


def test_read_only_when_the_ek_is_recreated(build):
    """Without a persistent EK the tool makes it with TPM2_CreatePrimary (and flushes it): nothing else remains."""
    with Workspace(build) as work:
        tpm = rich_tpm(build, work)
        try:
            tpm2(tpm, "evictcontrol", "-C", "o", "-c", "0x81010001")
            before = snapshot(tpm, work)
            r = run_check(build, tpm)
            after = snapshot(tpm, work)
        finally:
            tpm.stop()
    check("TPM2_CreatePrimary" in check_of(r, "ek.key.match")["evidence"]["nv_index"], str(check_of(r, "ek.key.match")))
    check(check_of(r, "ek.activation")["status"] == "pass", str(check_of(r, "ek.activation")))
    assert_unchanged(before, after, "a run that re-created the EK")


def test_read_only_snapshot_sees_each_kind_of_change(build):
    """The comparison is not blind: one change of each kind made by the test between two snapshots is named in
    the part it belongs to."""
    changes = [("nv", lambda t, w: tpm2(t, "nvincrement", "0x1500002", "-C", "o")),
               ("nv", lambda t, w: tpm2(t, "nvundefine", "0x1500005", "-C", "o")),
               ("pcr_values", lambda t, w: tpm2(t, "pcrextend", "16:sha384=" + "ab" * 48)),
               ("persistent", lambda t, w: tpm2(t, "evictcontrol", "-C", "o", "-c", "0x81000001")),
               ("lockout_counter", lambda t, w: tpm2(t, "nvread", "0x1500007", "-C", "0x1500007", "-P", "bad",
                                                     check_rc=False)),
               ("lockout_counter", lambda t, w: tpm2(t, "dictionarylockout", "-c", "-p", "lockoutpw")),
               ("permanent", lambda t, w: tpm2(t, "changeauth", "-c", "o", "ownerpw")),
               ("startup_clear", lambda t, w: tpm2(t, "hierarchycontrol", "-C", "p", "phEnable", "clear"))]
    with Workspace(build) as work:
        tpm = rich_tpm(build, work)
        try:
            before = snapshot(tpm, work)
            for part, change in changes:
                change(tpm, work)
                after = snapshot(tpm, work)
                changed = differences(before, after)
                check(any(c.startswith(part + ":") for c in changed), f"{part}: the change was not seen: {changed}")
                before = after
        finally:
            tpm.stop()


def noda_srk(tpm, work, *auth):
    """Replaces the owner key at 0x81000001 (owner password "ownerpw") by an RSA storage key marked noDA; auth: its
    own password ("-p", ...), none by default."""
    tpm2(tpm, "evictcontrol", "-C", "o", "-P", "ownerpw", "-c", "0x81000001")
    context = os.path.join(work, "srk.ctx")
    tpm2(tpm, "createprimary", "-C", "o", "-P", "ownerpw", "-G", "rsa2048", "-c", context, *auth, "-a",
         "restricted|decrypt|fixedtpm|fixedparent|sensitivedataorigin|userwithauth|noda")
    tpm2(tpm, "evictcontrol", "-C", "o", "-P", "ownerpw", "-c", context, "0x81000001")
    tpm2(tpm, "flushcontext", "-t")


def enrolment_ran(r, parent):
    """aik.enrolment ran, whatever the service answered: the AIK was made under `parent` and certified."""
    enrol = check_of(r, "aik.enrolment")
    evidence = enrol["evidence"]
    check(enrol["status"] != "skip" and evidence.get("aik_parent", "").startswith(parent)
          and "key_creation_ms" in evidence and ("sent_ek_certificate" in evidence or "sent_to_microsoft" in evidence), json.dumps(enrol))
    return enrol


def test_read_only_with_the_aik_enrolment(build):
    """--enrol-aik: the AIK is made in the owner hierarchy (its authorisation is empty), certified, used for the
    test AIK service's challenge and flushed - the service issues its certificate - and against a service that
    refuses the request (no enrolment mode: HTTP 404 to the POST) it is made and flushed all the same; the TPM keeps
    nothing of either. Without the opt-in the check says how to opt in and sends nothing."""
    with Workspace(build) as work:
        tpm = rich_tpm(build, work)
        try:
            before = snapshot(tpm, work)
            issued = online_run(build, tpm, work, extra=("--enrol-aik",), service=aik_enrol_options(build))
            refused = online_run(build, tpm, work, extra=("--enrol-aik",))
            after = snapshot(tpm, work)
            plain = online_run(build, tpm, work)
        finally:
            tpm.stop()
    check(enrolment_ran(issued, "the owner hierarchy")["status"] == "pass", json.dumps(check_of(issued, "aik.enrolment")))
    check(enrolment_ran(refused, "the owner hierarchy")["status"] != "pass", json.dumps(check_of(refused, "aik.enrolment")))
    assert_unchanged(before, after, "online runs with the AIK enrolment (issued, refused)")
    skipped = check_of(plain, "aik.enrolment")
    check(skipped["status"] == "skip" and skipped["reason"] == "aik.enrolment/not-opted-in", json.dumps(skipped))


def test_read_only_aik_enrolment_under_the_srk(build):
    """With an owner password the AIK is made under the storage root key at 0x81000001 (noDA, no password) with
    TPM2_Create and TPM2_Load, and the test AIK service issues its certificate; with a storage key there that is DA-protected nothing is tried (a refused password
    would count towards a lockout) and the check skips. Offline, it skips without touching the TPM."""
    with Workspace(build) as work:
        tpm = rich_tpm(build, work)
        try:
            tpm2(tpm, "changeauth", "-c", "o", "ownerpw")
            da_protected = online_run(build, tpm, work, extra=("--enrol-aik",))
            noda_srk(tpm, work)
            before = snapshot(tpm, work)
            r = online_run(build, tpm, work, extra=("--enrol-aik",), service=aik_enrol_options(build))
            offline = run_check(build, tpm, extra=("--offline", "--enrol-aik"))
            after = snapshot(tpm, work)
        finally:
            tpm.stop()
    skipped = check_of(da_protected, "aik.enrolment")
    check(skipped["status"] == "skip" and skipped["reason"] == "aik.enrolment/no-aik-parent"
          and "noDA" in skipped["summary"], json.dumps(skipped))
    check(enrolment_ran(r, "the storage root key")["status"] == "pass", json.dumps(check_of(r, "aik.enrolment")))
    off = check_of(offline, "aik.enrolment")
    check(off["status"] == "skip" and off["reason"] == "aik.enrolment/offline", json.dumps(off))
    assert_unchanged(before, after, "online and offline runs with the AIK enrolment under the SRK")


def test_read_only_aik_enrolment_srk_with_a_password(build):
    """An SRK (noDA) with a password of its own and an owner password: its empty password is refused, uncounted
    (the lockout counter and everything else as before), and the check skips - no parent, not a TPM fault."""
    with Workspace(build) as work:
        tpm = rich_tpm(build, work)
        try:
            tpm2(tpm, "changeauth", "-c", "o", "ownerpw")
            noda_srk(tpm, work, "-p", "srkpw")
            before = snapshot(tpm, work)
            r = online_run(build, tpm, work, extra=("--enrol-aik",), service=aik_enrol_options(build))
            after = snapshot(tpm, work)
        finally:
            tpm.stop()
    e = check_of(r, "aik.enrolment")
    check(e["status"] == "skip" and e["reason"] == "aik.enrolment/no-aik-parent" and "password" in e["summary"],
          json.dumps(e))
    assert_unchanged(before, after, "an enrolment whose SRK refused the empty password")
