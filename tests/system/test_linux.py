"""The Linux command `preflight` against swtpm: the identity it reads equals
tpm2-tools' reading; bad specs, missing TPMs and reports on disk behave."""
import json
import os
import subprocess

from harness import ROOT, Swtpm, Workspace, check, evidence, provisioned_state, reference_identity


def preflight(build, *args, timeout=60):
    return subprocess.run([os.path.join(build, "host/preflight"), *args], capture_output=True, text=True,
                          timeout=timeout)


def _identity_over(build, work, unix):
    state = provisioned_state(build, os.path.join(work, "tpm"))
    expected = reference_identity(state)
    tpm = Swtpm(state, unix_path=os.path.join(work, "swtpm.sock") if unix else None)
    try:
        out = preflight(build, "check", "--offline", "--tpm", tpm.spec(), "--json")
    finally:
        tpm.stop()
    report = json.loads(out.stdout)
    want_exit = 1 if report["verdict"] == "NOT READY" else 0  # swtpm is a virtual TPM: tpm.virtual fails
    check(out.returncode == want_exit, f"exit {out.returncode} for {report['verdict']}, stderr: {out.stderr[-500:]}")
    ident = evidence(report, "tpm.identity")
    check(ident["status"] == "pass", f"tpm.identity is {ident['status']}")
    for key, value in expected.items():
        check(ident["evidence"][key] == value, f"{key}: preflight {ident['evidence'][key]!r}, tpm2_getcap {value!r}")
    check(evidence(report, "tpm.present")["evidence"]["transport"] == "swtpm", "transport not reported")
    check(report["verdict"] in ("READY", "READY WITH WARNINGS", "NOT READY"), "no verdict")


def test_linux_swtpm_tcp_identity_matches_tpm2_getcap(build):
    with Workspace(build) as work:
        _identity_over(build, work, unix=False)


def test_linux_swtpm_unix_socket_identity_matches_tpm2_getcap(build):
    with Workspace(build) as work:
        _identity_over(build, work, unix=True)


def test_linux_unreachable_swtpm_could_not_run(build):
    out = preflight(build, "check", "--offline", "--tpm", "swtpm:127.0.0.1:1")
    check(out.returncode == 2, f"exit {out.returncode}, expected 2")
    check("cannot connect to swtpm" in out.stdout, "no reason given: " + out.stdout)
    out = preflight(build, "check", "--offline", "--tpm", "swtpm:127.0.0.1:1", "--json")
    present = evidence(json.loads(out.stdout), "tpm.present")
    code = present["evidence"].get("failure_code")
    check(code == "SWTPM-CONNECT-REFUSED", f"failure_code {code!r}, expected SWTPM-CONNECT-REFUSED")


def test_linux_bad_tpm_spec_is_a_usage_error(build):
    for spec in ("swtpm:nohostport", "carrier-pigeon:1", "swtpm::123"):
        out = preflight(build, "check", "--offline", "--tpm", spec)
        check(out.returncode == 2, f"--tpm {spec}: exit {out.returncode}, expected 2")
    out = preflight(build, "frobnicate")
    check(out.returncode == 2 and "usage" in out.stderr, "unknown command not rejected")


def test_linux_missing_device_is_no_tpm(build):
    out = preflight(build, "check", "--offline", "--tpm", "device:/nonexistent/tpmrm0", "--json")
    check(out.returncode == 1, f"exit {out.returncode}, expected 1 (not ready)")
    report = json.loads(out.stdout)
    present = evidence(report, "tpm.present")
    check(present["status"] == "fail" and present["summary"] == "No TPM found", present["summary"])
    check(present["evidence"].get("failure_code") == "DEV-NOT-FOUND", f"evidence {present['evidence']}")
    check(report["verdict"] == "NOT READY", report["verdict"])


def test_linux_report_dir_keeps_every_run(build):
    with Workspace(build) as work:
        reports = os.path.join(work, "reports")
        os.mkdir(reports)
        for _ in range(2):
            out = preflight(build, "check", "--offline", "--tpm", "device:/nonexistent", "--report-dir", reports)
            check(out.returncode == 1, f"exit {out.returncode}: {out.stderr}")
        names = sorted(os.listdir(reports))
        check(len([n for n in names if n.endswith(".json")]) == 2, f"expected two JSON reports, found {names}")
        check(len([n for n in names if n.endswith(".txt")]) == 2, f"expected two text reports, found {names}")
        for n in names:
            if n.endswith(".json"):
                with open(os.path.join(reports, n)) as f:
                    check(json.load(f)["verdict"] == "NOT READY", n)
        os.chmod(reports, 0o555)
        if os.geteuid() != 0:  # root ignores the mode bits
            out = preflight(build, "check", "--offline", "--tpm", "device:/nonexistent", "--report-dir", reports)
            check(out.returncode == 2 and "VERDICT" in out.stdout, "read-only dir: report lost or wrong exit")
        out = preflight(build, "check", "--offline", "--tpm", "device:/nonexistent", "--report-dir", os.path.join(work, "none"))
        check(out.returncode == 2 and "VERDICT  NOT READY" in out.stdout, "missing dir: report not shown")
        check("cannot save the report" in out.stderr, "missing dir: no message")


def test_linux_strict_exit_equals_the_saved_verdict(build):
    """--strict is strict = all: a run with only warnings (a virtual TPM made a warning) exits 0 and saves READY
    WITH WARNINGS without it; with it, the saved report says NOT READY, marks the warnings as counting, and the
    exit status is 1 - the same answer on the screen, on disk and to the station's script."""
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            for strict, verdict, status in (((), "READY WITH WARNINGS", 0), (("--strict",), "NOT READY", 1)):
                reports = os.path.join(work, f"reports{len(strict)}")
                os.mkdir(reports)
                out = preflight(build, "check", "--offline", "--tpm", tpm.spec(), "--virtual-tpm-warn",
                                "--report-dir", reports, *strict)
                saved = [n for n in os.listdir(reports) if n.endswith(".json")]
                with open(os.path.join(reports, saved[0])) as f:
                    report = json.load(f)
                check(report["verdict"] == verdict and out.returncode == status,
                      f"{strict}: saved {report['verdict']}, exit {out.returncode}; expected {verdict}, {status}")
                warned = [c for c in report["checks"] if c["status"] == "warn"]
                check(warned and all(c["counts_as_failure"] == bool(strict) for c in warned), str(warned))
        finally:
            tpm.stop()


def test_docs_list_every_check_from_the_table(build):
    out = preflight(build, "list-checks", "--markdown")
    check(out.returncode == 0, out.stderr)
    with open(os.path.join(ROOT, "docs/checks.md")) as f:
        check(f.read() == out.stdout, "docs/checks.md is out of date: run `make docs`")
