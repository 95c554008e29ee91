"""Runs `preflight check --offline` (the ASan build) through the fault proxy (tests/swtpm/tpm_fault_proxy.py)
and judges each run against a run without faults: bounded, a verdict, a saved report, no sanitizer finding,
no transient object or session left loaded, and every check that changed is ERROR or SKIP with a trace that
names the failed command and its response code (or the transport's failure code)."""
import functools
import json
import os
import re
import subprocess
import sys
import time

from harness import ROOT, Swtpm, TestFailure, provisioned_state, test_cabs

sys.path.insert(0, os.path.join(ROOT, "tests", "swtpm"))
from tpm_fault_plan import RESPONSE_CODES, WARNINGS, FaultPlan  # noqa: E402
from tpm_fault_proxy import DataProxy, connect  # noqa: E402
from tpm_wire import flush, loaded_handles, read_message  # noqa: E402

RUN_BOUND_S = 60    # a run with one fault that is answered
HANG_BOUND_S = 200  # one command never answered: the transport's 120 s, then the rest of the run
# A TSS2 code of the TCTI (0x000A....), MU (0x0009....) or SYS (0x0008....) layer, or a transport failure code.
TRANSPORT_CODE = re.compile(r"0x000[89a][0-9a-f]{4}|SWTPM-[A-Z-]+|TPM-RSP-[A-Z0-9-]+", re.I)


class Run:
    def __init__(self, rules, plan, out, seconds, timed_out, handles, saved):
        self.rules, self.plan, self.seconds, self.timed_out = rules, plan, seconds, timed_out
        self.handles, self.saved = handles, saved
        self.rc, self.stderr = (out.returncode, out.stderr) if out else (None, "")
        try:
            self.report = json.loads(out.stdout) if out else None
        except ValueError:
            self.report = None

    def status(self):
        return {c["id"]: c["status"] for c in self.report["checks"]} if self.report else {}


def direct(tpm):
    """exchange(command) -> response straight on swtpm's data socket, bypassing the proxy."""
    def exchange(command):
        try:
            with connect(f"127.0.0.1:{tpm.port}", timeout=10) as s:
                s.sendall(command)
                return read_message(s)
        except OSError:
            return None
    return exchange


def leftovers(tpm):
    """The transient objects and sessions swtpm still holds; flushes them so the next run starts clean."""
    found = loaded_handles(direct(tpm))
    for kind, handles in found.items():
        for h in handles or []:
            flush(direct(tpm), h)
    return {k: v for k, v in found.items() if v}


@functools.lru_cache(maxsize=None)
def good_cab(build):
    """The test cab, made once (harness.test_cabs provisions and builds; not safe to run in parallel)."""
    return os.path.join(test_cabs(build), "good.cab")


def run_once(build, work, tpm, rules, bound=RUN_BOUND_S, tag="run"):
    plan = FaultPlan(rules)
    proxy = DataProxy("127.0.0.1:0", f"127.0.0.1:{tpm.port}", plan).start()
    reports = os.path.join(work, f"reports-{tag}")
    os.makedirs(reports, exist_ok=True)
    started, out, timed_out = time.time(), None, False
    try:
        out = subprocess.run([os.path.join(build, "asan/preflight"), "check", "--offline", "--tpm",
                              f"swtpm:127.0.0.1:{proxy.port}", "--trust", good_cab(build),
                              "--virtual-tpm-warn", "--json", "--report-dir", reports],
                             capture_output=True, text=True, timeout=bound)
    except subprocess.TimeoutExpired:
        timed_out = True
    finally:
        proxy.stop()
    saved = [n for n in os.listdir(reports) if n.endswith(".json")]
    return Run(rules, plan, out, time.time() - started, timed_out, leftovers(tpm), saved)


def baseline(build, work, tpm, tag="baseline"):
    run = run_once(build, work, tpm, [], tag=tag)
    if not run.report or run.handles or run.rc not in (0, 1):
        raise TestFailure(f"the run without faults failed: rc {run.rc}, {run.stderr[-2000:]}")
    return run


def check_text(c):
    return " ".join([c["summary"], c["details"], json.dumps(c["evidence"])])


def judge(base, run, k, kind, unchanged=False):
    """The problems of one run with `kind` at command k (a list of sentences; empty when all is well);
    `unchanged`: the fault is one the tool must absorb (a warning retried), so no check may change."""
    name = base.plan.log[k]["name"]
    where = f"k={k} {name} {kind}"
    if run.timed_out:
        return [f"{where}: no verdict within the bound ({run.seconds:.0f} s)"]
    problems = []
    if "ERROR: AddressSanitizer" in run.stderr or "runtime error" in run.stderr:
        problems.append(f"{where}: sanitizer: {run.stderr[-1500:]}")
    if run.rc not in (0, 1) or not run.report or run.report.get("verdict") not in (
            "READY", "READY WITH WARNINGS", "NOT READY"):
        return problems + [f"{where}: exit {run.rc}, no verdict: {run.stderr[-800:]}"]
    if len(run.saved) != 1:
        problems.append(f"{where}: {len(run.saved)} reports saved")
    # A flush the proxy answered itself never reached swtpm: that handle stays loaded by the fault's own doing
    # (a real TPM in failure mode drops it at the next reset); every other leftover is the tool's.
    refused_flush = name == "FlushContext" and (kind in RESPONSE_CODES or kind == "hang")
    if run.handles and not refused_flush:
        problems.append(f"{where}: left loaded in the TPM: " +
                        ", ".join(f"{t} {', '.join(hex(h) for h in hs)}" for t, hs in run.handles.items()))
    if len(run.plan.log) <= k or run.plan.log[k]["fault"] != kind:
        problems.append(f"{where}: the run did not send command {k} as the run without faults did")
    return problems + judge_checks(base.status(), run.report, name, kind, where, unchanged)


RC_NAMES = {"retry": "TPM_RC_RETRY", "yielded": "TPM_RC_YIELDED", "testing": "TPM_RC_TESTING",
            "failure": "TPM_RC_FAILURE", "lockout": "TPM_RC_LOCKOUT"}


def failure_mode_reported(c, kind):
    """A TPM that answers TPM_RC_FAILURE is in failure mode: tpm.selftest reports that as its FAIL (issue 14,
    item 3), the other checks are ERROR."""
    return kind == "failure" and c["id"] == "tpm.selftest" and c["status"] == "fail" and "failure mode" in c["summary"]


def judge_checks(before, report, name, kind, where, unchanged=False):
    """Every check that changed from `before` (id -> status) is ERROR or SKIP, and one of them names the
    command and its response code (or the transport's failure code); with a delay nothing changes."""
    changed = [c for c in report["checks"] if c["status"] != before.get(c["id"])]
    if kind == "delay" or unchanged:
        return [f"{where}: {c['id']} {before.get(c['id'])} -> {c['status']}: {c['summary']}" for c in changed]
    problems = [f"{where}: {c['id']} is {c['status']} (was {before.get(c['id'])}): {c['summary']} | {c['details']}"
                for c in changed if c["status"] not in ("error", "skip") and not failure_mode_reported(c, kind)]
    code = re.compile(f"0x{RESPONSE_CODES[kind]:08x}|{RC_NAMES.get(kind, '-')}", re.I) if kind in RESPONSE_CODES \
        else TRANSPORT_CODE
    traced = [c for c in changed if name in check_text(c) and code.search(check_text(c))]
    if changed and not traced:
        problems.append(f"{where}: no changed check names {name} and the code: " +
                        "; ".join(f"{c['id']}: {c['summary']} | {c['details']}" for c in changed[:3]))
    return problems


def fresh_swtpm(build, work, tag):
    return Swtpm(provisioned_state(build, os.path.join(work, f"tpm-{tag}")))


def commands_by_code(run):
    counts = {}
    for e in run.plan.log:
        counts[e["name"]] = counts.get(e["name"], 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


__all__ = ["WARNINGS", "HANG_BOUND_S", "baseline", "commands_by_code", "fresh_swtpm", "good_cab", "judge", "judge_checks",
           "run_once"]
