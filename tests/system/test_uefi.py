"""The UEFI application booted in QEMU (q35, OVMF) against swtpm: through the
TCG2 protocol and through the direct CRB and FIFO interfaces it reads the same
identity as tpm2-tools; with no TPM it says so; a forced wrong interface fails
clearly and in bounded time."""
import os
import subprocess
import time

from harness import (ROOT, Swtpm, Workspace, boot, check, evidence, image_files, image_reports, make_image,
                     provisioned_state, reference_identity, shell_image, tpm2)
from tpm_state import differences, persistent_parts, prepare_rich_state, snapshot


def _boot_with(build, device, transport):
    with Workspace(build) as work:
        state = provisioned_state(build, os.path.join(work, "tpm")) if device != "none" else None
        image = make_image(build, os.path.join(work, "stick.img"), {"transport": transport, "finish": "shutdown"})
        started = time.time()
        rc, console = boot(image, device, state, os.path.join(work, "serial.log"))
        elapsed = time.time() - started
        check(rc == 0, f"QEMU exit {rc} (the application did not shut the machine down)\n{console[-2000:]}")
        check("VERDICT" in console, "no verdict on the serial console")
        reports = image_reports(image)
        check(len(reports) == 1, f"expected one report on the stick, found {len(reports)}")
        expected = reference_identity(state) if state else None
        return reports[0], console, expected, elapsed


def _assert_identity(report, console, expected, transport):
    present = evidence(report, "tpm.present")
    check(present["status"] == "pass", f"tpm.present {present['status']}: {present['summary']} {present['details']}")
    check(present["evidence"]["transport"] == transport, f"transport {present['evidence']['transport']}")
    ident = evidence(report, "tpm.identity")
    for key, value in expected.items():
        check(ident["evidence"][key] == value, f"{key}: preflight {ident['evidence'][key]!r}, tpm2_getcap {value!r}")
    check(f"firmware_version = {expected['firmware_version']}" in console, "identity not on the serial console")


def test_uefi_crb_through_tcg2(build):
    report, console, expected, _ = _boot_with(build, "crb", "tcg2")
    _assert_identity(report, console, expected, "tcg2")
    check(evidence(report, "tpm.present")["evidence"]["acpi_start_method"] == "7 (CRB)", "start method")


def test_uefi_crb_direct(build):
    report, console, expected, _ = _boot_with(build, "crb", "crb")
    _assert_identity(report, console, expected, "crb")
    check(evidence(report, "tpm.present")["evidence"]["interface_type"].startswith("CRB"), "interface type")


def test_uefi_tis_through_tcg2(build):
    report, console, expected, _ = _boot_with(build, "tis", "tcg2")
    _assert_identity(report, console, expected, "tcg2")
    check(evidence(report, "tpm.present")["evidence"]["acpi_start_method"] == "6 (FIFO/TIS (MMIO))", "start method")


def test_uefi_tis_direct(build):
    report, console, expected, _ = _boot_with(build, "tis", "tis")
    _assert_identity(report, console, expected, "tis")
    check(evidence(report, "tpm.present")["evidence"]["interface_type"].startswith("FIFO"), "interface type")


def test_uefi_auto_prefers_tcg2(build):
    report, console, expected, _ = _boot_with(build, "crb", "auto")
    _assert_identity(report, console, expected, "tcg2")


def test_uefi_no_tpm_says_so(build):
    report, console, _, _ = _boot_with(build, "none", "auto")
    present = evidence(report, "tpm.present")
    check(present["status"] == "fail" and present["summary"] == "No TPM found", present["summary"])
    check(present["evidence"].get("failure_code") == "TPM-NOT-FOUND", f"evidence {present['evidence']}")
    check(report["verdict"] == "NOT READY", report["verdict"])
    check("CHECK    FAIL  tpm.present            No TPM found" in console, "no-TPM result not on the console")


def test_uefi_forced_wrong_interface_fails_in_bounded_time(build):
    report, console, _, elapsed = _boot_with(build, "tis", "crb")
    present = evidence(report, "tpm.present")
    check(present["status"] == "error" and present["reason"] == "tpm.present/no-answer", present["status"])
    check(report["verdict"] == "NOT READY", report["verdict"])
    check("not granted within 750 ms" in present["details"], present["details"])
    code = present["evidence"].get("failure_code")
    check(code == "CRB-LOCALITY-TIMEOUT", f"failure_code {code!r}, expected CRB-LOCALITY-TIMEOUT")
    check(elapsed < 60, f"took {elapsed:.0f} s")


def test_uefi_libraries_run_freestanding(build):
    """tests/efi/libcheck.c: each third-party library works inside the firmware."""
    with Workspace(build) as work:
        conf = os.path.join(work, "libcheck.conf")
        with open(conf, "w") as f:
            f.write("finish = shutdown\n")
        image = os.path.join(work, "libcheck.img")
        subprocess.run([os.path.join(ROOT, "image/make-image.sh"), image, os.path.join(build, "efi/libcheck.efi"), conf],
                       check=True)
        rc, console = boot(image, "none", None, os.path.join(work, "serial.log"), timeout=60)
        lines = [l.strip() for l in console.splitlines() if l.startswith("LIBCHECK")]
        check(rc == 0 and "LIBCHECK done" in lines, f"exit {rc}; console:\n{console[-1500:]}")
        failed = [l for l in lines if " FAILED " in l]
        check(not failed, "\n".join(failed))
        for library in ("tss2", "mbedtls", "lwip", "mspack"):
            check(any(l.startswith(f"LIBCHECK {library} ok") for l in lines), f"{library} did not report")


def test_uefi_tpm12_is_named(build):
    # auto: the firmware offers only EFI_TCG_PROTOCOL; tis: the FIFO's tpmFamily says 1.2
    for transport, want_code in (("auto", "TPM-FIRMWARE-TPM12"), ("tis", "TIS-FAMILY-TPM12")):
        with Workspace(build) as work:
            state = os.path.join(work, "tpm12")
            os.mkdir(state)  # swtpm creates a fresh TPM 1.2 there
            image = make_image(build, os.path.join(work, "stick.img"), {"transport": transport, "finish": "shutdown"})
            rc, console = boot(image, "tis12", state, os.path.join(work, "serial.log"))
            check(rc == 0, f"QEMU exit {rc}")
            present = evidence(image_reports(image)[0], "tpm.present")
            check(present["status"] == "fail" and "TPM 1.2" in present["summary"],
                  f"transport {transport}: {present['summary']} / {present['details']}")
            code = present["evidence"].get("failure_code")
            check(code == want_code, f"transport {transport}: failure_code {code!r}, expected {want_code}")


def test_uefi_shell_command_line_and_exit_status(build):
    """Run from the UEFI shell: options on the command line override the config file, and the
    application returns EFI_SUCCESS when ready and EFI_NOT_READY when not."""
    with Workspace(build) as work:
        image = shell_image(build, work, "transport = tcg2\nfinish = shutdown\n",
                            ["\\preflight\\preflight.efi --transport crb --finish exit --bogus-option 1",
                             "echo PREFLIGHT-EXIT %lasterror%", "reset -s"])
        state = provisioned_state(build, os.path.join(work, "tpm"))
        rc, console = boot(image, "crb", state, os.path.join(work, "serial.log"))
        check(rc == 0, f"QEMU exit {rc}\n{console[-1500:]}")
        report = image_reports(image)[0]
        check(evidence(report, "tpm.present")["evidence"]["transport"] == "crb", "--transport crb did not win")
        check(any("bogus_option" in n for n in report["notes"]), f"unknown option not noted: {report['notes']}")
        # the status follows the verdict; EDK2's shell prints EFI_NOT_READY as 0x6 in %lasterror%
        want = ["0x0"] if report["verdict"] != "NOT READY" else ["0x6", "0x8000000000000006"]
        check(any(f"PREFLIGHT-EXIT {w}\r" in console or f"PREFLIGHT-EXIT {w}\n" in console for w in want),
              f"exit status line missing, wanted {want}\n{console[-800:]}")


def test_uefi_platform_facts_and_report_names(build):
    """SMBIOS system strings, Secure Boot state and the event log in the report; the report files are named
    after the serial number, and a second run on the same unit adds a second pair of files."""
    with Workspace(build) as work:
        state = provisioned_state(build, os.path.join(work, "tpm"))
        image = make_image(build, os.path.join(work, "stick.img"), {"finish": "shutdown"})
        smbios = "type=1,manufacturer=Contoso,product=Bench PC 5,serial=PF-0042"
        for _ in range(2):
            rc, console = boot(image, "crb", state, os.path.join(work, "serial.log"), smbios=smbios)
            check(rc == 0, f"QEMU exit {rc}")
        reports = image_reports(image)
        check(len(reports) == 2, f"{len(reports)} reports after two runs")
        info = evidence(reports[0], "platform.info")
        check(info["evidence"]["system_manufacturer"] == "Contoso" and info["evidence"]["serial"] == "PF-0042", str(info))
        sb = evidence(reports[0], "platform.secure_boot")
        check(sb["status"] == "warn" and "enabled: no" in sb["summary"], sb["summary"])
        log = evidence(reports[0], "tpm.event_log")
        check(log["status"] == "pass" and "crypto-agile" in log["summary"], log["summary"])
        names = [n for n in image_files(image, "/preflight/reports") if n.endswith(".json")]
        check(len(names) == 2 and all(n.startswith("PF-0042-") for n in names), str(names))


def lasting_state(state, work, prepare=False):
    """The TPM's state (tpm_state.snapshot) right after a power-on (TPM2_Startup(CLEAR)), as the factory run meets
    it; with prepare, made rich first and then shut down in order, so no pending lockout count crosses over."""
    if prepare:
        tpm = Swtpm(state)
        try:
            prepare_rich_state(tpm, work)
            tpm2(tpm, "shutdown", "-c")
        finally:
            tpm.stop()
    tpm = Swtpm(state)
    try:
        return snapshot(tpm, work)
    finally:
        if prepare:
            tpm2(tpm, "shutdown", "-c")
        tpm.stop()


def test_uefi_factory_mode_runs_unattended_and_powers_off(build):
    """mode = factory alone: no key is waited for, the unit powers off when done (QEMU exits by itself).
    With network = off the online checks are skipped with that reason. The TPM's lasting state (NV, persistent
    handles, TPM_PT_PERMANENT, the lockout counter) is as before the run."""
    with Workspace(build) as work:
        state = provisioned_state(build, os.path.join(work, "tpm"))
        image = make_image(build, os.path.join(work, "stick.img"), {"mode": "factory", "finish": None, "network": "off"})
        before = lasting_state(state, work, prepare=True)
        rc, console = boot(image, "crb", state, os.path.join(work, "serial.log"), timeout=90)
        after = lasting_state(state, work)
        # read-only (test_read_only.py): what outlives the power cycle is as before; PCRs, TPM_PT_STARTUP_CLEAR
        # and the reset count start again at every boot and are compared by the Linux runs
        changed = differences(before, after, persistent_parts(before))
        check(not changed, "the TPM's lasting state changed across the factory run:\n" + "\n".join(changed))
        check(rc == 0, f"QEMU exit {rc}: the unit did not power off by itself")
        check("MODE     factory: unattended, finish after READY = shutdown, after NOT READY = shutdown" in console,
              console[-1000:])
        check("p power off" not in console, "factory mode showed the interactive screen")
        check(len(image_reports(image)) == 1, "no report saved")
        for check_id in ("network.connection", "aik.authority.probe", "clock.skew"):
            c = evidence(image_reports(image)[0], check_id)
            check(c["status"] == "skip" and "network = off in preflight.conf" in c["summary"], str(c))
