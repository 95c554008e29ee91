"""Offline readiness scenarios: a swtpm provisioned by the test CA, TPM states prepared with tpm2-tools, and
test TrustedTpm.cab variants. Each scenario asserts the verdict and exactly which checks fail. The Linux
command runs under AddressSanitizer (build/asan/preflight)."""
import json
import re
import os
import subprocess

from harness import (ROOT, Swtpm, Workspace, boot, check, free_port_pair, image_reports, make_image, provisioned_state,
                     shared_testdata, test_cabs, tpm2)

EK_RSA = "0x1c00002"
# The hosts network.endpoints probes (checks/judges/check_online.c); online tests map every one to loopback.
ENDPOINTS = ("ekop.intel.com", "ftpm.amd.com", "ekcert.spserv.microsoft.com", "ztd.dds.microsoft.com",
             "cs.dds.microsoft.com", "login.live.com", "login.microsoftonline.com")


def run_check(build, tpm, cab="good", extra=("--offline",)):
    if "--offline" not in extra and "--sntp-server" not in extra:
        extra = (*extra, "--sntp-server", "127.0.0.1:9")  # never time.windows.com: nothing leaves the machine
    cab_path = cab if os.path.isabs(cab) else os.path.join(test_cabs(build), cab + ".cab")
    out = subprocess.run([os.path.join(build, "asan/preflight"), "check", "--tpm", tpm.spec(), "--trust", cab_path,
                          "--virtual-tpm-warn", "--json", *extra], capture_output=True, text=True, timeout=120)
    check("ERROR: AddressSanitizer" not in out.stderr and "runtime error" not in out.stderr, out.stderr[-3000:])
    check(out.returncode in (0, 1), f"exit {out.returncode}: {out.stderr[-1000:]}")
    return json.loads(out.stdout)


def run_check_raw(build, tpm, extra):
    """The Linux command's process, for its exit code and messages."""
    return subprocess.run([os.path.join(build, "asan/preflight"), "check", "--tpm", tpm.spec(), "--json", *extra],
                          capture_output=True, text=True, timeout=120)


def outcome(report):
    # a warning a site made strict stays a warning that counts as a failure (docs/config.md, strict)
    failing = sorted(c["id"] for c in report["checks"] if c["status"] in ("fail", "error") or c["counts_as_failure"])
    warning = sorted(c["id"] for c in report["checks"] if c["status"] == "warn" and not c["counts_as_failure"])
    return report["verdict"], failing, warning


def scenario(build, variant="default", prepare=None, cab="good", **env):
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm"), variant, **env))
        try:
            if prepare:
                prepare(tpm, work)
            return run_check(build, tpm, cab)
        finally:
            tpm.stop()


def expect(report, verdict, failing, warning=None):
    got = outcome(report)
    why = "; ".join(f"{c['id']}: {c['summary']} {c['details']} {c['evidence']}" for c in report["checks"]
                    if c["status"] in ("fail", "error"))
    check(got[0] == verdict and got[1] == sorted(failing),
          f"verdict {got[0]}, failing {got[1]}; expected {verdict}, {failing} ({why})")
    if warning is not None:
        check(got[2] == sorted(warning), f"warnings {got[2]}, expected {warning}")


def no_advice_under_a_pass(console):
    """The text report as `make run` shows it: a FIX or PREDICTS line only under a check that did not pass."""
    status = {check_id: st for st, check_id in re.findall(r"^CHECK\s+(\w+)\s+(\S+)", console, re.M)}
    check(status, "no CHECK lines on the console")
    for tag, check_id in re.findall(r"^(FIX|PREDICTS)\s+(\S+):", console, re.M):
        check(status.get(check_id) in ("WARN", "FAIL", "ERROR"), f"{tag} under {status.get(check_id)} {check_id}")


def check_of(report, check_id):
    return next(c for c in report["checks"] if c["id"] == check_id)


def test_scenario_all_good(build):
    r = scenario(build)
    expect(r, "READY WITH WARNINGS", [], ["tpm.virtual"])
    check(check_of(r, "ek.chain")["status"] == "pass", "chain")
    check(check_of(r, "aik.url")["summary"].startswith("https://IBM-KeyId-"), check_of(r, "aik.url")["summary"])
    # what follows from an outcome: nothing under a pass or a skip, the reason's own under the rest
    for c in r["checks"]:
        quiet = c["status"] in ("pass", "skip")
        check(not quiet or (c["remediation"] == "" and c["predicts"] == ""), f"advice under a {c['status']}: {c}")
        check(quiet or c["reason"].startswith(c["id"] + "/"), f"no reason for {c['id']}: {c}")
    # the swtpm certificate names its maker by a number that is not a TCG vendor id: said so, not "names none"
    m = check_of(r, "ek.cert.manufacturer")
    check(m["evidence"]["san_manufacturer"] and "names no manufacturer" not in m["summary"], str(m))


def test_scenario_no_ek_certificate(build):
    expect(scenario(build, "no-ek-cert", EK_CERTS="no"), "NOT READY", ["ek.cert.present"])


def rewrite_ek_cert(tpm, work, content):
    path = os.path.join(work, "new-cert.bin")
    with open(path, "wb") as f:
        f.write(content)
    tpm2(tpm, "nvundefine", EK_RSA, "-C", "p")
    tpm2(tpm, "nvdefine", EK_RSA, "-C", "p", "-s", str(len(content)), "-a",
         "ppwrite|ppread|ownerread|authread|no_da|platformcreate")
    tpm2(tpm, "nvwrite", EK_RSA, "-C", "p", "-i", path)


def read_ek_cert(tpm, work):
    path = os.path.join(work, "cert.der")
    tpm2(tpm, "nvread", EK_RSA, "-C", "o", "-o", path)
    with open(path, "rb") as f:
        return f.read()


def test_scenario_ek_certificate_of_another_tpm(build):
    def prepare(tpm, work):
        other = Swtpm(provisioned_state(build, os.path.join(work, "other"), "unlocked-2", LOCK_NV="no"))
        try:
            foreign = read_ek_cert(other, work)
        finally:
            other.stop()
        rewrite_ek_cert(tpm, work, foreign)
    expect(scenario(build, "unlocked", prepare, LOCK_NV="no"), "NOT READY", ["ek.key.match"])


def test_scenario_truncated_certificate(build):
    def prepare(tpm, work):
        rewrite_ek_cert(tpm, work, read_ek_cert(tpm, work)[:-100])
    r = scenario(build, "unlocked", prepare, LOCK_NV="no")
    expect(r, "NOT READY", ["ek.cert.present"])
    check("truncated" in check_of(r, "ek.cert.present")["summary"], check_of(r, "ek.cert.present")["summary"])


def test_scenario_padded_certificate(build):
    def prepare(tpm, work):
        rewrite_ek_cert(tpm, work, read_ek_cert(tpm, work) + b"\xff" * 300)
    r = scenario(build, "unlocked", prepare, LOCK_NV="no")
    expect(r, "READY WITH WARNINGS", [], ["tpm.virtual"])
    check("300 bytes of padding" in json.dumps(check_of(r, "ek.cert.present")["evidence"]), "padding not reported")


def test_scenario_missing_intermediate(build):
    expect(scenario(build, cab="no-intermediate"), "NOT READY", ["ek.chain"])


def cab_date(build):
    """The date the test cabs' version.txt carries (tests/swtpm/make-test-cabs.sh: ten days ago)."""
    with open(os.path.join(test_cabs(build), "date")) as f:
        return f.read().strip()


def test_scenario_aik_ca_removed(build):
    r = scenario(build, cab="aik-removed")
    expect(r, "NOT READY", ["aik.authority.listed"])
    check(f"removed on {cab_date(build)}" in check_of(r, "aik.authority.listed")["summary"], "removal date")


def test_scenario_aik_ca_unknown(build):
    r = scenario(build, cab="aik-unknown")
    expect(r, "NOT READY", ["aik.authority.listed"])
    listed = check_of(r, "aik.authority.listed")
    check(f"unknown to TrustedTpm.cab dated {cab_date(build)}" in listed["summary"], "cab date")
    check(listed["reason"] == "aik.authority.listed/unknown", str(listed))
    check(check_of(r, "trust.cab")["evidence"]["age_days"].startswith("10 "), str(check_of(r, "trust.cab")))


def test_scenario_old_cab_is_named_not_the_tpm(build):
    """A cab older than cab_max_age_days (here 5 days, the test cab being 10 days old) warns in trust.cab, and an
    AIK CA unknown to it is blamed on the cab ("refresh it"), not on the TPM's firmware or on Microsoft."""
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm"), "default"))
        try:
            r = run_check(build, tpm, "aik-unknown", extra=("--offline", "--cab-max-age-days", "5"))
            bad = run_check_raw(build, tpm, ("--offline", "--cab-max-age-days", "0x5"))
        finally:
            tpm.stop()
    expect(r, "NOT READY", ["aik.authority.listed"], ["tpm.virtual", "trust.cab"])
    cab = check_of(r, "trust.cab")
    check(cab["reason"] == "trust.cab/old-cab" and "10 days old (more than 5)" in cab["summary"], str(cab))
    listed = check_of(r, "aik.authority.listed")
    check(listed["reason"] == "aik.authority.listed/unknown-to-old-cab" and "refresh it" in listed["summary"]
          and "firmware" not in listed["remediation"], str(listed))
    check(bad.returncode == 2 and "cab_max_age_days" in bad.stderr, f"{bad.returncode}: {bad.stderr[-500:]}")


def test_scenario_microsofts_2024_cab_is_old_in_2026(build):
    """Microsoft's cab of 2024-06-11 on today's clock: trust.cab warns that it is old."""
    cab = shared_testdata("trustedtpm", "TrustedTpm-2024-06-11.cab")
    r = scenario(build, cab=cab)
    trust = check_of(r, "trust.cab")
    check(trust["status"] == "warn" and "dated 2024-06-11" in trust["summary"], str(trust))


def test_scenario_aik_ca_expired(build):
    expect(scenario(build, cab="aik-expired"), "READY WITH WARNINGS", [], ["aik.authority.listed", "tpm.virtual"])


def test_scenario_corrupt_cab(build):
    with Workspace(build) as work:
        bad = os.path.join(work, "corrupt.cab")
        with open(os.path.join(test_cabs(build), "good.cab"), "rb") as f:
            data = f.read()
        with open(bad, "wb") as f:
            f.write(data[: len(data) // 2])
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            r = run_check(build, tpm, bad)
        finally:
            tpm.stop()
        expect(r, "NOT READY", ["trust.cab"])
        check("not a usable TrustedTpm.cab" in check_of(r, "trust.cab")["details"], check_of(r, "trust.cab")["details"])


def test_scenario_endorsement_auth_set(build):
    r = scenario(build, prepare=lambda tpm, work: tpm2(tpm, "changeauth", "-c", "e", "secret"))
    # PolicySecret(endorsement) and re-creating an EK need the password too
    expect(r, "NOT READY", ["ek.activation", "ek.key.match", "tpm.endorsement"])
    check("TPM_RC_BAD_AUTH" in json.dumps(check_of(r, "ek.key.match")["evidence"]), str(check_of(r, "ek.key.match")))


def test_scenario_dictionary_attack_lockout(build):
    def prepare(tpm, work):
        tpm2(tpm, "dictionarylockout", "-s", "-n", "2", "-t", "600", "-l", "600")
        tpm2(tpm, "nvdefine", "0x1500001", "-C", "o", "-s", "8", "-a", "authread|authwrite", "-p", "good")
        for _ in range(3):
            tpm2(tpm, "nvread", "0x1500001", "-C", "0x1500001", "-P", "bad", check_rc=False)
    r = scenario(build, prepare=prepare)
    # the attestation key is noDA, so the activation self-test works even in lockout; tpm.lockout says what is wrong
    expect(r, "NOT READY", ["tpm.lockout"])


def test_scenario_sha256_bank_not_allocated(build):
    expect(scenario(build, "sha1-only", PCR_BANKS="sha1"), "NOT READY", ["tpm.pcr_banks"])


def test_scenario_uefi_all_good_aik_removed_no_ek_cert(build):
    """The same scenarios through the UEFI application in QEMU, with TrustedTpm.cab on the stick."""
    cases = [("default", {}, "good", "READY WITH WARNINGS", [], {}),
             ("default", {}, "aik-removed", "NOT READY", ["aik.authority.listed"], {}),
             ("no-ek-cert", {"EK_CERTS": "no"}, "good", "NOT READY", ["ek.cert.present"], {}),
             # a site that counts the virtual-TPM warning as a failure (strict = in preflight.conf)
             ("default", {}, "good", "NOT READY", ["tpm.virtual"], {"strict": "tpm.virtual"})]
    for variant, env, cab, verdict, failing, settings in cases:
        with Workspace(build) as work:
            state = provisioned_state(build, os.path.join(work, "tpm"), variant, **env)
            image = make_image(build, os.path.join(work, "stick.img"),
                               {"finish": "shutdown", "virtual_tpm": "warn", **settings},
                               extra={os.path.join(test_cabs(build), cab + ".cab"): "\\preflight\\TrustedTpm.cab"})
            rc, console = boot(image, "crb", state, os.path.join(work, "serial.log"))
            check(rc == 0, f"QEMU exit {rc}")
            expect(image_reports(image)[0], verdict, failing)
            no_advice_under_a_pass(console)


def test_scenario_firmware_advisory_hit(build):
    """A site's advisory file (--advisories) that blocks this TPM's firmware: the check fails with the row's
    prediction and source; a malformed row is reported as a note."""
    with Workspace(build) as work:
        rows = os.path.join(work, "advisories.tsv")
        with open(rows, "w") as f:
            f.write("site-ibm-8217\tIBM\tfirmware\t8217.0\t8217.65535\tfail\t0x81039024 (test prediction)\t"
                    "Test firmware 8217.x is blocked by site policy\tUpdate the test TPM\tsite policy (test)\n"
                    "broken row\n")
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            r = run_check(build, tpm, extra=("--offline", "--advisories", rows))
        finally:
            tpm.stop()
        expect(r, "NOT READY", ["tpm.firmware.advisory"])
        adv = check_of(r, "tpm.firmware.advisory")
        check(adv["predicts"] == "0x81039024 (test prediction)" and adv["evidence"]["source"] == "site policy (test)", str(adv))
        check(any("line 2 skipped" in n for n in r["notes"]), str(r["notes"]))


def test_scenario_read_only_and_no_handles_left(build):
    """The run creates an attestation key and may create the EK: every transient object and session is
    flushed, and the TPM's NV indices and persistent handles are as before."""
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            before = [tpm2(tpm, "getcap", what).stdout for what in ("handles-nv-index", "handles-persistent")]
            r = run_check(build, tpm)
            check(check_of(r, "ek.activation")["status"] == "pass", str(check_of(r, "ek.activation")))
            after = [tpm2(tpm, "getcap", what).stdout for what in ("handles-nv-index", "handles-persistent")]
            left = [tpm2(tpm, "getcap", what).stdout.strip() for what in ("handles-transient", "handles-loaded-session")]
        finally:
            tpm.stop()
        check(before == after, f"NV or persistent handles changed: {before} -> {after}")
        check(left == [b"", b""], f"handles left behind: {left}")


def test_scenario_no_persistent_ek(build):
    """Without the persistent EK at 0x81010001 the EK is re-created from the TCG template (and flushed): the
    certificate still matches and the credential activation still works."""
    def prepare(tpm, work):
        tpm2(tpm, "evictcontrol", "-C", "o", "-c", "0x81010001")
    r = scenario(build, prepare=prepare)
    expect(r, "READY WITH WARNINGS", [], ["tpm.virtual"])
    key = check_of(r, "ek.key.match")["evidence"]
    check("TPM2_CreatePrimary" in key["nv_index"], str(key))
    check("transient" in check_of(r, "ek.activation")["evidence"]["ek"], str(check_of(r, "ek.activation")))


def test_scenario_intermediate_without_root_in_cab(build):
    """The real cab's AMD fTPM gap: the chain reaches a cab intermediate whose root the cab lacks - a warning
    that says so, not a failure and not a silent pass."""
    r = scenario(build, cab="no-root")
    expect(r, "READY WITH WARNINGS", [], ["ek.chain", "tpm.virtual"])
    check("root the cab lacks" in check_of(r, "ek.chain")["summary"], check_of(r, "ek.chain")["summary"])



def aik_host(build):
    """The AIK service host of the test TPM, as Windows spells it."""
    with open(os.path.join(test_cabs(build), "aik-id")) as f:
        mfr, keyid = f.read().strip().split("-keyid-")
    return f"{mfr.upper()}-KeyId-{keyid}.microsoftaik.azure.net"


def online_run(build, server, cab="good", extra_hosts=(), extra=()):
    """One check run against a fresh swtpm with every online host mapped to the mock server (loopback)."""
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            maps = [f"{h}:127.0.0.1:{server.port}" for h in (aik_host(build), *ENDPOINTS, *extra_hosts)]
            return run_check(build, tpm, cab=cab, extra=("--ca", server.ca, *extra,
                                                         *[a for m in maps for a in ("--connect-to", m)]))
        finally:
            tpm.stop()


def test_scenario_online_aik_probe_listed_and_withdrawn(build):
    """The AIK authority probe against a mock of Microsoft's AIK service (loopback, test TLS root): a listed id
    answers its capabilities (pass); a withdrawn one gets the real 404 body (fail, even though the cab lists it)."""
    from test_http_client import MockServer
    with open(os.path.join(test_cabs(build), "aik-id")) as f:
        aik_id = f.read().strip()
    for listed, status in ((aik_id, "pass"), ("", "fail")):
        server = MockServer(build, "server", listed=listed)
        try:
            r = online_run(build, server)
        finally:
            server.stop()
        probe = check_of(r, "aik.authority.probe")
        check(probe["status"] == status, f"listed={listed!r}: {probe}")
        check(probe["evidence"]["cab_state"] == "listed", str(probe))
        if status == "fail":
            check("does not exist" in probe["summary"] and "trust the service" in probe["details"], str(probe))
            expect(r, "NOT READY", ["aik.authority.probe"])


def test_scenario_online_aik_chain(build):
    """GetCACertChain after GetCACaps (tests/net/make-aik-service-pki.sh makes the answers from the test cab's TPM
    root and AIK CA): the good chain passes with every certificate in the evidence; an AIK CA that is not the cab's,
    a chain to another root, a truncated answer, garbage, an empty certs-only message and a 404 each give their
    reason. One swtpm for all; a mock per answer."""
    from test_http_client import MockServer
    with open(os.path.join(test_cabs(build), "aik-id")) as f:
        aik_id = f.read().strip()
    scep = os.path.join(test_cabs(build), "scep")
    modes = (("good", "pass", ""), ("wrong-aik", "warn", "aik-ca-differs"), ("other-root", "fail", "chain-untrusted"),
             ("truncated", "warn", "chain-unparseable"), ("garbage", "warn", "chain-unparseable"),
             ("empty", "warn", "chain-empty"), ("404", "warn", "chain-http-error"))
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            for mode, status, reason in modes:
                server = MockServer(build, "server", listed=aik_id,
                                    aik_chain=mode if mode == "404" else os.path.join(scep, mode + ".p7b"))
                try:
                    maps = [f"{h}:127.0.0.1:{server.port}" for h in (aik_host(build), *ENDPOINTS)]
                    r = run_check(build, tpm, extra=("--ca", server.ca, *[a for m in maps for a in ("--connect-to", m)]))
                finally:
                    server.stop()
                probe = check_of(r, "aik.authority.probe")
                ev = probe["evidence"]
                check(probe["status"] == status and probe["reason"] == (f"aik.authority.probe/{reason}" if reason else ""),
                      f"{mode}: {probe}")
                check(ev.get("http_status") == "200" and "GetCACertChain" in ev.get("chain_url", ""), f"{mode}: {ev}")
                if mode == "good":
                    check(ev["chain_state"] == "verified (4 certificates)" and "TestTpmRoot.cer" in ev["chain_anchor"]
                          and "same public key" in ev["chain_cab_match"], str(ev))
                    roles = [ev[f"chain_{i}"].split("]")[0] + "]" for i in range(1, 5)]
                    check(roles == ["[ra-signing]", "[ra-encryption]", "[aik-ca]", "[root]"], str(roles))
                    check(all(re.fullmatch(r"serial [0-9a-f]+, valid \S+ to \S+, sha256 [0-9a-f]{64}", ev[f"chain_{i}_id"])
                              for i in range(1, 5)), str(ev))
                    check(f"chains to Microsoft's TPM root" in probe["summary"], probe["summary"])
                    expect(r, "READY WITH WARNINGS", [])
                elif mode == "other-root":
                    check("NOT verified" in ev["chain_1"] and "not Microsoft's TPM root" in probe["details"], str(probe))
                    check(probe["remediation"], str(probe))
                    expect(r, "NOT READY", ["aik.authority.probe"])
        finally:
            tpm.stop()


def test_scenario_online_endpoint_reachability(build):
    """network.endpoints: every Autopilot endpoint through DNS, TCP and a verified TLS handshake, concurrently;
    a closed port fails as connect, an inspecting proxy's certificate as tls naming its issuer."""
    from test_http_client import MockServer
    good, rogue = MockServer(build, "server"), MockServer(build, "intercept")
    closed = free_port_pair()
    try:
        with Workspace(build) as work:
            tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
            try:
                maps = [f"{h}:127.0.0.1:{good.port}" for h in (aik_host(build), *ENDPOINTS[2:])]
                maps += [f"ekop.intel.com:127.0.0.1:{closed}", f"ftpm.amd.com:127.0.0.1:{rogue.port}"]
                extra = ["--ca", good.ca] + [a for m in maps for a in ("--connect-to", m)]
                r = run_check(build, tpm, cab="aik-removed", extra=tuple(extra))
            finally:
                tpm.stop()
    finally:
        good.stop()
        rogue.stop()
    ep = check_of(r, "network.endpoints")
    values = list(ep["evidence"].values())
    check(ep["status"] == "fail" and "endpoints fail" in ep["summary"], str(ep))
    check(any(v.startswith("ekop.intel.com: connect failed [TCP-REFUSED]: ") for v in values), str(values))
    check(any(v.startswith("ftpm.amd.com: tls failed [TLS-VERIFY-UNTRUSTED]: ") and "Corporate TLS Inspection CA" in v
              for v in values), str(values))
    check(any(v.startswith("login.live.com: ok") for v in values), str(values))



def test_scenario_online_clock_a_day_off(build):
    """clock.skew from an endpoint's Date header: a network a day ahead fails the check, and the certificate
    checks then judge validity by the network's time (and say so); a matching clock passes."""
    from test_http_client import MockServer
    for offset, status in ((0, "pass"), (86400, "fail")):
        server = MockServer(build, "server", listed="", date_offset=offset)
        try:
            r = online_run(build, server, extra_hosts=("clock.test",),
                           extra=("--clock-url", "https://clock.test/connecttest.txt"))
        finally:
            server.stop()
        clock = check_of(r, "clock.skew")
        check(clock["status"] == status, f"offset {offset}: {clock}")
        if status == "fail":
            check("behind the network" in clock["summary"] and "network's time" in clock["details"], str(clock))
            network_day = clock["evidence"]["network_time"][:10]
            check(network_day in check_of(r, "ek.cert.validity")["summary"], str(check_of(r, "ek.cert.validity")))


class MockNtp:
    def __init__(self, offset=0, kiss=""):
        import sys
        self.port = free_port_pair()
        self.proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests/net/mock_ntp.py"), "--port", str(self.port),
                                      "--offset", str(offset), "--kiss", kiss], stdout=subprocess.PIPE, text=True)
        check(self.proc.stdout.readline().strip() == "ready", "the mock NTP server did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def test_scenario_online_clock_by_sntp(build):
    """clock.skew asks an NTP server first (RFC 4330): a server 5000 s ahead fails the check with SNTP as the
    source while the HTTP Date (correct) is shown beside it; one an hour ahead finds a clock that holds local time
    (UTC-01:00) and passes; a server that answers with a kiss-o'-death is named and the HTTP Date decides."""
    from test_http_client import MockServer
    for offset, kiss, status, source in ((5000, "", "fail", "SNTP 127.0.0.1"), (3600, "", "pass", "SNTP 127.0.0.1"),
                                         (0, "RATE", "pass", "HTTP Date")):
        server, ntp = MockServer(build, "server"), MockNtp(offset, kiss)
        try:
            r = online_run(build, server, extra_hosts=("clock.test",),
                           extra=("--clock-url", "https://clock.test/connecttest.txt",
                                  "--sntp-server", f"127.0.0.1:{ntp.port}"))
        finally:
            server.stop()
            ntp.stop()
        clock = check_of(r, "clock.skew")
        check(clock["status"] == status and clock["evidence"]["source"].startswith(source), f"{kiss or offset}: {clock}")
        if offset == 3600:
            check("UTC-01:00" in clock["evidence"].get("rtc_zone", "") and "local time" in clock["summary"], str(clock))
            continue
        if kiss:
            check("kiss code RATE" in clock["evidence"]["sntp"], str(clock))
            check(clock["evidence"].get("sntp_failure_code") == "NTP-KISS-OF-DEATH", str(clock))
        else:
            check("behind the network" in clock["summary"] and "clock.test" in clock["evidence"]["http_date"], str(clock))
            check("sntp_failure_code" not in clock["evidence"] and "http_date_failure_code" not in clock["evidence"],
                  str(clock))


def test_scenario_upload_to_a_splunk_collector(build):
    """check --upload with --upload-format splunk-hec: the collector gets {"event": <the report>} with the
    Splunk token header, and the token is not in the output."""
    from test_http_client import MockServer
    with Workspace(build) as work:
        header = "Authorization: Splunk 1111-2222-TOKEN"
        server = MockServer(build, "server", store=work, require_header=header)
        try:
            r = online_run(build, server, extra_hosts=("collector.test",),
                           extra=("--upload", "https://collector.test/services/collector/event", "--upload-format",
                                  "splunk-hec", "--upload-header", header))
        finally:
            server.stop()
        with open(os.path.join(work, "1.json")) as f:
            received = json.load(f)
    check(received["sourcetype"] == "tpm-preflight" and received["event"] == r, "the collector got another body")
    check("TOKEN" not in json.dumps(r), "the token is in the report")


def test_scenario_online_intermediate_from_aia(build):
    """A cab without the issuing CA (no-intermediate) and an EK certificate with a caIssuers URL: the issuing CA is
    fetched over plain HTTP and the chain verifies; the report names what was fetched. Offline the same unit fails
    ek.chain (test_scenario_missing_intermediate)."""
    from aia_cert import aia_state
    from test_http_client import MockServer
    with Workspace(build) as work:
        state, issuer = aia_state(build, work)
        tls, plain = MockServer(build, "server"), MockServer(build, None, files={"/issuer.cer": issuer})
        tpm = Swtpm(state)
        try:
            maps = [f"{h}:127.0.0.1:{tls.port}" for h in (aik_host(build), *ENDPOINTS)]
            maps.append(f"aia.test:127.0.0.1:{plain.port}")
            r = run_check(build, tpm, cab="no-intermediate",
                          extra=("--ca", tls.ca, *[a for m in maps for a in ("--connect-to", m)]))
        finally:
            tpm.stop()
            tls.stop()
            plain.stop()
    chain = check_of(r, "ek.chain")
    check(chain["status"] == "pass", str(chain))
    check("http://aia.test/issuer.cer (caIssuers)" in json.dumps(chain["evidence"]), str(chain))


def test_scenario_online_cab_refresh_keeps_old_and_only_newer(build):
    """--refresh-cab: the fwlink redirects to the cab; a valid newer cab replaces the one in use (the old one kept
    beside it) and the verdict uses it; the same cab again, or a corrupt download, leaves the file alone."""
    from harness import shared_testdata
    from test_http_client import MockServer
    old, new = shared_testdata("trustedtpm", "TrustedTpm-2024-06-11.cab"), shared_testdata("trustedtpm", "TrustedTpm-2024-11-21.cab")
    with Workspace(build) as work:
        in_use = os.path.join(work, "TrustedTpm.cab")
        subprocess.run(["cp", old, in_use], check=True)
        corrupt = os.path.join(work, "corrupt.cab")
        with open(new, "rb") as f, open(corrupt, "wb") as g:
            g.write(f.read()[:100000])

        def refresh(served):
            server = MockServer(build, "server", files={"/TrustedTpm.cab": served},
                                redirects={"/fwlink/?linkid=2097925": "https://download.test/TrustedTpm.cab"})
            try:
                return online_run(build, server, cab=in_use, extra_hosts=("go.test", "download.test"),
                                  extra=("--refresh-cab", "--cab-url", "https://go.test/fwlink/?linkid=2097925"))
            finally:
                server.stop()

        r = refresh(new)
        cab = check_of(r, "trust.cab")
        check("dated 2024-11-21" in cab["summary"] and "was 2024-06-11" in cab["evidence"]["refresh"], str(cab))
        check(os.path.exists(os.path.join(work, "TrustedTpm-2024-06-11.cab")), "the old cab was not kept")
        with open(in_use, "rb") as f, open(new, "rb") as g:
            check(f.read() == g.read(), "the cab in use was not replaced")
        r = refresh(new)
        check("not newer" in check_of(r, "trust.cab")["evidence"]["refresh"], str(check_of(r, "trust.cab")))
        r = refresh(corrupt)
        check("not a usable TrustedTpm.cab" in check_of(r, "trust.cab")["evidence"]["refresh"], str(check_of(r, "trust.cab")))
        with open(in_use, "rb") as f, open(new, "rb") as g:
            check(f.read() == g.read(), "a corrupt download replaced the cab")


def test_scenario_online_cab_refresh_needs_microsofts_signature(build):
    """--refresh-cab takes only a cab signed by Microsoft and not dated in the future: an unsigned newer cab (the
    gcab-made test cab), the real cab with one byte of its signature changed, the real cab re-signed by a test PKI
    copying Microsoft's names, and the real cab while the server's Date is more than 2 days before the cab's date
    are each refused with the reason, the file in use untouched; 1 day before is within the margin and replaces it."""
    import calendar
    import time
    from authenticode_builder import resign, test_pki
    from harness import shared_testdata
    from test_http_client import MockServer
    old, new = shared_testdata("trustedtpm", "TrustedTpm-2024-06-11.cab"), shared_testdata("trustedtpm", "TrustedTpm-2024-11-21.cab")
    with Workspace(build) as work:
        in_use = os.path.join(work, "TrustedTpm.cab")
        subprocess.run(["cp", old, in_use], check=True)
        with open(new, "rb") as f:
            real = f.read()
        sig_at = int.from_bytes(real[44:48], "little")
        variants = {"unsigned": os.path.join(test_cabs(build), "good.cab")}
        flipped = bytearray(real)
        flipped[sig_at + 4066 + 100] ^= 1  # inside the RSA signature (encryptedDigest) of the 2024-11-21 cab
        os.makedirs(os.path.join(work, "pki"))
        for name, data in (("flipped", bytes(flipped)), ("resigned", resign(real, os.path.join(work, "pki"),
                                                                              test_pki(os.path.join(work, "pki"))))):
            variants[name] = os.path.join(work, name + ".cab")
            with open(variants[name], "wb") as f:
                f.write(data)
        cab_day = calendar.timegm((2024, 11, 21, 0, 0, 0))

        def refresh(served, server_time=None):
            offset = server_time - time.time() if server_time else 0
            server = MockServer(build, "server", files={"/TrustedTpm.cab": served}, date_offset=offset,
                                redirects={"/fwlink/?linkid=2097925": "https://download.test/TrustedTpm.cab"})
            try:
                r = online_run(build, server, cab=in_use, extra_hosts=("go.test", "download.test"),
                               extra=("--refresh-cab", "--cab-url", "https://go.test/fwlink/?linkid=2097925"))
            finally:
                server.stop()
            return check_of(r, "trust.cab")

        expected = {"unsigned": "is not signed (it carries no Authenticode signature)",
                    "flipped": "signature over the signed attributes does not verify",
                    "resigned": 'do not chain to "Microsoft Root Certificate Authority 2011"'}
        for name, reason in expected.items():
            cab = refresh(variants[name])
            check(reason in cab["evidence"]["refresh"] and "dated 2024-06-11" in cab["summary"],
                  f"{name}: {cab}")
        cab = refresh(new, server_time=cab_day - 2 * 86400 - 3600)
        check("more than 2 days after 2024-11-18" in cab["evidence"]["refresh"] and "the server's Date" in
              cab["evidence"]["refresh"], str(cab))
        with open(in_use, "rb") as f, open(old, "rb") as g:
            check(f.read() == g.read(), "a refused download replaced the cab in use")
        cab = refresh(new, server_time=cab_day - 86400)
        check("dated 2024-11-21 (was 2024-06-11), signed by Microsoft" in cab["evidence"]["refresh"], str(cab))
        with open(in_use, "rb") as f:
            check(f.read() == real, "the signed newer cab did not replace the cab in use")


def test_scenario_online_through_a_proxy(build):
    """A bench behind an authenticating proxy: with the credentials every online check goes through CONNECT
    tunnels and the AIK probe passes; without them the network checks name the proxy and its 407."""
    from test_http_client import MockProxy, MockServer
    with open(os.path.join(test_cabs(build), "aik-id")) as f:
        aik_id = f.read().strip()
    server = MockServer(build, "server", listed=aik_id)
    proxy = MockProxy(build, server, auth="bench:s3cret")
    try:
        for credentials in ("bench:s3cret@", ""):
            r = online_run(build, server, extra=("--proxy", f"http://{credentials}proxy.test:{proxy.port}",
                                                 "--connect-to", f"proxy.test:127.0.0.1:{proxy.port}"))
            probe = check_of(r, "aik.authority.probe")
            if credentials:
                check(probe["status"] == "pass", str(probe))
                check(f"CONNECT {aik_host(build)}:443" in proxy.requests(), proxy.requests())
            else:
                check(probe["status"] != "pass" and "407" in json.dumps(r["checks"]), str(probe))
            check("s3cret" not in json.dumps(r) and "czNjcmV0" not in json.dumps(r), "the proxy password is in the report")
    finally:
        proxy.stop()
        server.stop()
