"""A run's report exists from its start: a run cut short (a Linux command killed mid-run, a UEFI unit reset by the
factory watchdog) leaves its report marked INCOMPLETE with the last stage it reached, and `report merge` shows it as
such; the beep pattern reaches the PC speaker (QEMU's trace of the 8254 and port 0x61 writes) and the serial
console (BEL), and the report says it was sent. docs/factory.md, "A run cut short" and "Beep"."""
import glob
import json
import os
import re
import subprocess
import sys
import time

from harness import (ROOT, Swtpm, Workspace, boot, check, image_files, image_read, image_reports, make_image,
                     provisioned_state)

sys.path.insert(0, os.path.join(ROOT, "tests", "swtpm"))
from tpm_fault_plan import FaultPlan  # noqa: E402
from tpm_fault_proxy import DataProxy  # noqa: E402


def merge(build, reports, work):
    out_csv = os.path.join(work, "runs.csv")
    out = subprocess.run([os.path.join(build, "host/preflight"), "report", "merge", reports, "--csv", out_csv],
                         capture_output=True, text=True, timeout=60)
    check(out.returncode == 0, f"report merge exit {out.returncode}: {out.stderr[-500:]}")
    import csv
    with open(out_csv, newline="") as f:
        return out.stdout, list(csv.DictReader(f))


def test_linux_killed_run_leaves_an_incomplete_report(build):
    """--report-dir: the TPM never answers the first NV_ReadPublic (the EK certificate checks); the command is killed
    with SIGKILL while it waits. Its report is on disk, INCOMPLETE at the ek.* checks with the 14 checks before them,
    and report merge shows the run as INCOMPLETE with that stage."""
    with Workspace(build) as work:
        reports = os.path.join(work, "reports")
        os.makedirs(reports)
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        proxy = DataProxy("127.0.0.1:0", f"127.0.0.1:{tpm.port}", FaultPlan(["cc=NV_ReadPublic:hang"])).start()
        proc = subprocess.Popen([os.path.join(build, "host/preflight"), "check", "--offline", "--tpm",
                                 f"swtpm:127.0.0.1:{proxy.port}", "--report-dir", reports],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            stage, deadline = "", time.time() + 30
            while time.time() < deadline and not stage.startswith("checks ek."):
                time.sleep(0.1)
                for name in glob.glob(os.path.join(reports, "*.json")):
                    with open(name) as f:
                        stage = json.load(f)["stage"]  # each version is whole: written aside, then renamed
            check(stage.startswith("checks ek."), f"the report never reached the ek checks: stage {stage!r}")
            check(proc.poll() is None, "the command ended although the TPM did not answer")
            proc.kill()
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
            proxy.stop()
            tpm.stop()
        names = sorted(os.listdir(reports))
        check(len(names) == 2 and names[0].endswith(".json") and names[1].endswith(".txt"), f"files left: {names}")
        with open(os.path.join(reports, names[0])) as f:
            report = json.load(f)
        check(report["complete"] is False and report["verdict"] == "INCOMPLETE", str(report)[:500])
        check(report["stage"] == "checks ek.* from ek.cert.present", report["stage"])
        check([c["id"] for c in report["checks"]][-1] == "tpm.pcr_banks", "the checks done before the hang are not in it")
        check("Ready For Attestation" not in report["windows"], "an incomplete run claims attestation readiness")
        with open(os.path.join(reports, names[1])) as f:
            text = f.read()
        check("INCOMPLETE the run did not finish: last stage reached checks ek.* from ek.cert.present" in text and
              "VERDICT  INCOMPLETE" in text, text[:800])
        summary, rows = merge(build, reports, work)
        check(len(rows) == 1 and rows[0]["verdict"] == "INCOMPLETE" and rows[0]["stage"] == report["stage"], str(rows))
        check("VERDICT  INCOMPLETE: 1" in summary and " INCOMPLETE (" in summary and "1 incomplete" in summary, summary)


def test_uefi_watchdog_reset_leaves_an_incomplete_report(build):
    """Factory mode with time_limit = 8: the TPM takes 15 s over the first NV_ReadPublic, so the firmware watchdog
    (UEFI 2.10, 7.5 SetWatchdogTimer) resets the unit mid-run (QEMU ends at the reset: -no-reboot). The stick holds
    the run's report, INCOMPLETE at the ek.* checks, with the unit's serial and the settings; no verdict was printed."""
    with Workspace(build) as work:
        state = provisioned_state(build, os.path.join(work, "tpm"))
        image = make_image(build, os.path.join(work, "stick.img"),
                           {"mode": "factory", "time_limit": "8", "network": "off", "strict": "all"})
        started = time.time()
        rc, console = boot(image, "crb", state, os.path.join(work, "serial.log"), timeout=90,
                           smbios="type=1,manufacturer=Contoso,product=Line PC 7,serial=PF-0042",
                           qemu_args=("--tpm-proxy", "--fault cc=NV_ReadPublic:delay:ms=15000"))
        seconds = time.time() - started
        check(rc == 0, f"QEMU exit {rc} after {seconds:.0f} s (124: no reset within the time-out): {console[-800:]}")
        check("RUNNING  ek.cert.present" in console and "VERDICT" not in console,
              f"the reset did not come mid-run: {console[-800:]}")
        reports = image_reports(image)
        check(len(reports) == 1, f"{len(reports)} reports on the stick: {image_files(image, '/preflight/reports')}")
        report = reports[0]
        check(report["complete"] is False and report["verdict"] == "INCOMPLETE", str(report)[:500])
        check(report["stage"] == "checks ek.* from ek.cert.present", report["stage"])
        check(report["unit"] == {"serial": "PF-0042", "model": "Line PC 7"}, str(report["unit"]))
        check("mode=factory" in report["settings"] and "strict=all" in report["settings"] and
              "time_limit=8" in report["settings"], report["settings"])
        check(report["summary"].startswith("TPMPF2|PF-0042|Line PC 7|INCOMPLETE|"), report["summary"])
        names = [n for n in image_files(image, "/preflight/reports") if n.endswith(".txt")]
        text = image_read(image, "/preflight/reports/" + names[0])
        check("INCOMPLETE the run did not finish" in text and "VERDICT  INCOMPLETE" in text, text[:800])
        reports_dir = os.path.join(work, "copied")
        os.makedirs(reports_dir)
        with open(os.path.join(reports_dir, "r.json"), "w") as f:
            json.dump(report, f)
        summary, rows = merge(build, reports_dir, work)
        check(rows[0]["verdict"] == "INCOMPLETE" and rows[0]["serial"] == "PF-0042" and
              "UNIT     PF-0042 INCOMPLETE" in summary, summary)


# One tone: the 8254's channel 2 programmed (control word 0xB6, divisor low and high byte), the speaker gated on
# (port 0x61 bits 0-1 set), then off (cleared). 440 Hz: 1193182 / 440 = 2711 = 0x0A97.
WRITE = re.compile(r"addr 0x(\w+) value 0x(\w+) size 1 name '(pit|pcspk)'")
TONE = [("43", 0xB6), ("42", 0x97), ("42", 0x0A), ("61", "on"), ("61", "off")]


def tones_in(writes):
    """How many times the trace holds TONE, in order and nothing between."""
    seen = []
    for addr, value, _ in writes:
        v = int(value, 16)
        seen.append((addr, "on" if addr == "61" and v & 3 == 3 else "off" if addr == "61" and v & 3 == 0 else v))
    count = 0
    while seen[:len(TONE)] == TONE:
        count += 1
        seen = seen[len(TONE):]
    return count, seen


def test_uefi_beep_pattern(build):
    """beep = on, a NOT READY unit (swtpm is virtual): three long low tones - QEMU's trace of the guest's writes shows
    three 440 Hz tones on the PIT and the speaker gated on and off three times; the serial console gets three BELs;
    the report says "beep": "sent"."""
    with Workspace(build) as work:
        state = provisioned_state(build, os.path.join(work, "tpm"))
        image = make_image(build, os.path.join(work, "stick.img"), {"finish": "shutdown", "beep": "on", "network": "off"})
        trace, log = os.path.join(work, "ports.log"), os.path.join(work, "serial.log")
        rc, console = boot(image, "crb", state, log, qemu_args=("--pcspk", "--trace-ports", trace))
        check(rc == 0, f"QEMU exit {rc}")
        with open(trace, errors="replace") as f:
            writes = [m.groups() for m in map(WRITE.search, f) if m]
        start = next((i for i, w in enumerate(writes) if w[:2] == ("43", "b6")), len(writes))  # the firmware's own
        count, rest = tones_in(writes[start:])                                                   # timer set-up before
        check(count == 3 and not rest, f"{count} tones traced, then {rest[:8]}")
        with open(log, "rb") as f:
            bels = f.read().count(b"\x07")
        check(bels == 3, f"{bels} BELs on the serial console")
        check("BEEP     sent: three long low tones" in console, console[-800:])
        report = image_reports(image)[0]
        check(report["beep"] == "sent" and report["complete"] is True and report["verdict"] == "NOT READY",
              str({k: report[k] for k in ("beep", "complete", "verdict")}))


BEL = b"\x07"


def test_linux_beep_only_on_a_terminal(build):
    """--beep with stderr a pipe: no BEL anywhere, the report says "not available"; on a pseudo-terminal, the
    pattern's BELs reach it and the report says "sent"."""
    import pty
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            cmd = [os.path.join(build, "host/preflight"), "check", "--offline", "--tpm", tpm.spec(), "--beep"]
            out = subprocess.run(cmd + ["--json"], capture_output=True, timeout=60)
            report = json.loads(out.stdout)
            bels = (out.stdout + out.stderr).count(BEL)
            check(report["beep"] == "not available" and bels == 0, f"beep {report['beep']}, {bels} BELs")
            master, slave = pty.openpty()
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave)
            os.close(slave)
            seen = b""
            while True:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
            text = proc.communicate(timeout=60)[0].decode()
            os.close(master)
        finally:
            tpm.stop()
        bels = seen.count(BEL)
        check(bels == 3, f"{bels} BELs on the terminal (NOT READY: three)")
        check("BEEP     sent: three long low tones" in text, text[-500:])
