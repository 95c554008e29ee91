"""The UEFI application booted in QEMU (q35, OVMF) against swtpm: through the
TCG2 protocol and through the direct CRB and FIFO interfaces it reads the same
identity as tpm2-tools; with no TPM it says so; a forced wrong interface fails
clearly and in bounded time."""
import os
import subprocess
import time

from harness import (ROOT, Workspace, boot, check, evidence, image_reports, make_image, provisioned_state,
                     reference_identity)


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
    check(report["verdict"] == "NOT READY", report["verdict"])
    check("CHECK    FAIL  tpm.present            No TPM found" in console, "no-TPM result not on the console")


def test_uefi_forced_wrong_interface_fails_in_bounded_time(build):
    report, console, _, elapsed = _boot_with(build, "tis", "crb")
    present = evidence(report, "tpm.present")
    check(present["status"] == "fail", present["status"])
    check("not granted within 750 ms" in present["details"], present["details"])
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
