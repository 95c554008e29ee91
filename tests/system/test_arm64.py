"""The Arm64 application (\\EFI\\BOOT\\BOOTAA64.EFI, on the same stick as BOOTX64.EFI) on QEMU's virt board, with
swtpm on tpm-tis-device and a virtio-net NIC in the test network (tests/system/testnet.py), under two independent
UEFI implementations: AAVMF (EDK2) and U-Boot's. One boot per firmware carries every assertion (aarch64 under TCG
is slow): the identity as tpm2_getcap reads it, the EK certificates, the key match, the activation self-test, the
online checks and the report on the stick. U-Boot must reach the same findings; where it differs the report says
so as the firmware's doing (docs/transports.md, "Firmware differences"). Secure Boot under AAVMF's snakeoil
variables runs the signed BOOTAA64.EFI and refuses the unsigned one."""
import os
import struct
import subprocess

from harness import (ROOT, Workspace, boot, check, evidence, image_files, image_read, image_reports, make_image,
                     provisioned_state, reference_identity, test_cabs)
from test_secure_boot import SNAKEOIL_CERT, image_with
from testnet import TestNetwork

AA64 = ("--arch", "aa64")
# Findings that differ between the firmwares for a reason of theirs, not the TPM's: U-Boot writes its own SMBIOS
# tables (QEMU's -smbios type 1 is not used), so the product and serial are U-Boot's "Unknown" and unset.
FIRMWARE_OWN = {"platform.info", "platform.serial"}
_runs = {}


def aa64_efi(build):
    return os.path.join(build, "efi-aa64", "preflight.efi")


def _aik_id(build):
    with open(os.path.join(test_cabs(build), "aik-id")) as f:
        return f.read().strip()


def _full_run(build, firmware):
    """Boots the Arm64 application once under `firmware` (edk2 = AAVMF, uboot) in the test network; the result is
    shared by the tests that look at it."""
    if firmware in _runs:
        return _runs[firmware]
    with Workspace(build) as work:
        state = provisioned_state(build, os.path.join(work, "tpm"))
        expected = reference_identity(state)
        net = TestNetwork(work, tag=f"a{os.getpid() % 10000}")
        try:
            ca = net.serve(build, "server", 443, listed=_aik_id(build))
            net.serve(build, None, 80)
            net.ntp()
            extra = {os.path.join(test_cabs(build), "good.cab"): "\\preflight\\TrustedTpm.cab", ca:
                     "\\preflight\\ca-bundle.pem", aa64_efi(build): "\\EFI\\BOOT\\BOOTAA64.EFI"}
            image = make_image(build, os.path.join(work, "stick.img"), {"finish": "shutdown", "virtual_tpm": "warn"},
                               extra=extra)
            rc, console = boot(image, "tis", state, os.path.join(work, "serial.log"), timeout=240, network=net,
                               qemu_args=AA64 + (("--firmware", "uboot") if firmware == "uboot" else ()))
        finally:
            net.stop()
        reports = image_reports(image)
        files = image_files(image, "/EFI/BOOT")
    _runs[firmware] = (rc, console, reports, expected, files)
    return _runs[firmware]


def _report(build, firmware):
    rc, console, reports, expected, _ = _full_run(build, firmware)
    check(rc == 0, f"QEMU exit {rc} under {firmware}: the application did not shut the machine down\n{console[-3000:]}")
    check(len(reports) == 1, f"{len(reports)} reports on the stick under {firmware}\n{console[-3000:]}")
    return reports[0], console, expected


def _assert_findings(report, console, expected, firmware):
    present = evidence(report, "tpm.present")
    check(present["status"] == "pass" and present["evidence"]["transport"] == "tcg2",
          f"{firmware}: tpm.present {present}")
    check(present["evidence"].get("firmware_manufacturer") == expected["manufacturer"],
          f"{firmware}: the firmware's ManufacturerID read as {present['evidence'].get('firmware_manufacturer')!r}")
    ident = evidence(report, "tpm.identity")
    for key, value in expected.items():
        check(ident["evidence"][key] == value, f"{firmware}: {key}: preflight {ident['evidence'][key]!r}, "
                                               f"tpm2_getcap {value!r}")
    for check_id in ("ek.cert.present", "ek.key.match", "ek.activation", "ek.chain", "aik.authority.listed",
                     "network.connection", "aik.authority.probe", "network.endpoints", "clock.skew"):
        c = evidence(report, check_id)
        check(c["status"] == "pass", f"{firmware}: {check_id} {c['status']}: {c['summary']} {c.get('details')}\n"
                                     f"{console[-2500:]}")
    check("VERDICT" in console and "SAVED" in console, f"{firmware}: no verdict or no saved report on the console")


def test_arm64_aavmf_full_run(build):
    """AAVMF: TCG2 by default, the identity of tpm2_getcap, EK certificates, key match, activation, online checks
    over virtio-net, the report on the stick; EDK2's ManufacturerID byte order is named as the firmware's."""
    report, console, expected = _report(build, "edk2")
    _assert_findings(report, console, expected, "AAVMF")
    present = evidence(report, "tpm.present")["evidence"]
    check("memory order (EDK2)" in present.get("firmware_quirk", ""), f"EDK2's byte order not named: {present}")
    check(present["acpi_start_method"] == "6 (FIFO/TIS (MMIO))" and present["interface_type"].startswith("FIFO"),
          f"the registers were not found through ACPI: {present}")


def test_arm64_uboot_same_findings_as_aavmf(build):
    """U-Boot's UEFI: every check ends as under AAVMF but for the firmware's own SMBIOS; its SubmitCommand limit
    (256 bytes) is worked around through the registers the device tree names, and reported as U-Boot's."""
    report, console, expected = _report(build, "uboot")
    _assert_findings(report, console, expected, "U-Boot")
    aavmf, _, _ = _report(build, "edk2")
    statuses = {c["id"]: c["status"] for c in aavmf["checks"]}
    differing = [f"{c['id']}: AAVMF {statuses.get(c['id'])}, U-Boot {c['status']} ({c['summary']})"
                 for c in report["checks"] if c["id"] not in FIRMWARE_OWN and statuses.get(c["id"]) != c["status"]]
    check(not differing, "findings differ between the firmwares:\n" + "\n".join(differing))
    present = evidence(report, "tpm.present")["evidence"]
    check("U-Boot's EFI_TCG2 refuses commands over 256 bytes" in present.get("firmware_quirk", ""), str(present))
    check("memory order" not in present.get("firmware_quirk", ""), "U-Boot's ManufacturerID called byte-swapped")
    activation = evidence(report, "ek.activation")["evidence"]
    check("went through the TPM registers" in activation.get("firmware_quirk", ""), str(activation))
    check(evidence(report, "platform.info")["evidence"]["bios_vendor"] == "U-Boot", "not U-Boot's report")


def _machine(pe):
    offset = struct.unpack_from("<I", pe, 0x3C)[0]
    check(pe[offset:offset + 4] == b"PE\0\0", "not a PE image")
    return struct.unpack_from("<H", pe, offset + 4)[0]


def test_arm64_one_stick_carries_both(build):
    """`make`'s stick holds BOOTX64.EFI (machine 0x8664) and BOOTAA64.EFI (0xAA64), each its architecture's build."""
    image = os.path.join(build, "preflight.img")
    names = [n.upper() for n in image_files(image, "/EFI/BOOT")]
    check("BOOTX64.EFI" in names and "BOOTAA64.EFI" in names, f"\\EFI\\BOOT holds {names}")
    x64 = image_read(image, "/EFI/BOOT/BOOTX64.EFI", binary=True)
    aa64 = image_read(image, "/EFI/BOOT/BOOTAA64.EFI", binary=True)
    check(_machine(x64) == 0x8664 and _machine(aa64) == 0xAA64, f"machines {_machine(x64):#x} {_machine(aa64):#x}")
    with open(aa64_efi(build), "rb") as f:
        check(f.read() == aa64, "BOOTAA64.EFI is not build/efi-aa64/preflight.efi")


def _signed_aa64(build):
    """BOOTAA64.EFI signed the way `make image SIGN_KEY=... SIGN_CERT=...` signs it (Debian's snakeoil key)."""
    key = os.path.join(build, "secureboot", "snakeoil.key")
    if not os.path.exists(key):
        os.makedirs(os.path.dirname(key), exist_ok=True)
        subprocess.run(["openssl", "pkey", "-in", "/usr/share/ovmf/PkKek-1-snakeoil.key", "-passin", "pass:snakeoil",
                        "-out", key], check=True)
    tree_build = os.path.relpath(build, ROOT) if os.path.abspath(build).startswith(ROOT + os.sep) else build
    subprocess.run(["make", "-s", "-C", ROOT, f"BUILD={tree_build}", f"SIGN_KEY={key}", f"SIGN_CERT={SNAKEOIL_CERT}",
                    os.path.join(tree_build, "efi-aa64", "preflight.signed.efi")], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(build, "efi-aa64", "preflight.signed.efi")


def test_arm64_secure_boot_signed_runs_unsigned_refused(build):
    """AAVMF with Secure Boot enforced (snakeoil db): the signed BOOTAA64.EFI runs and reports Secure Boot active;
    the unsigned one is refused by the firmware, runs nothing and writes nothing."""
    with Workspace(build) as work:
        signed = image_with(build, work, os.path.join(build, "efi", "preflight.efi"), "signed",
                            [_signed_aa64(build) + "=\\EFI\\BOOT\\BOOTAA64.EFI"])
        rc, console = boot(signed, "none", None, os.path.join(work, "signed.log"), secure_boot=True, qemu_args=AA64)
        check(rc == 0, f"QEMU exit {rc}: {console[-1500:]}")
        sb = evidence(image_reports(signed)[0], "platform.secure_boot")
        check(sb["status"] == "pass" and "active: yes" in sb["summary"], sb["summary"])
        unsigned = image_with(build, work, os.path.join(build, "efi", "preflight.efi"), "unsigned",
                              [aa64_efi(build) + "=\\EFI\\BOOT\\BOOTAA64.EFI"])
        rc, console = boot(unsigned, "none", None, os.path.join(work, "unsigned.log"), secure_boot=True,
                           timeout=25, qemu_args=AA64)
        check("Access Denied" in console, f"no refusal on the console: {console[-1500:]}")
        check("VERDICT" not in console and "tpm-preflight" not in console, "the unsigned application ran")
        check(not image_reports(unsigned), "a report was written by the unsigned application")


def test_arm64_aavmf_direct_fifo_at_the_firmwares_address(build):
    """transport = tis on Arm: the FIFO registers at the address AAVMF's DSDT gives (QEMU's platform bus), never
    PTP's PC address 0xFED40000 (reading it ended the application with a synchronous exception)."""
    with Workspace(build) as work:
        state = provisioned_state(build, os.path.join(work, "tpm"))
        expected = reference_identity(state)
        image = make_image(build, os.path.join(work, "tis.img"), {"transport": "tis", "finish": "shutdown"},
                           extra={aa64_efi(build): "\\EFI\\BOOT\\BOOTAA64.EFI"})
        rc, console = boot(image, "tis", state, os.path.join(work, "serial.log"), qemu_args=AA64)
        check(rc == 0, f"QEMU exit {rc}\n{console[-2000:]}")
        report = image_reports(image)[0]
    present = evidence(report, "tpm.present")
    check(present["status"] == "pass" and present["evidence"]["transport"] == "tis", str(present))
    check(present["evidence"]["location"] == "FIFO registers at 0xc000000 (address from ACPI MSFT0101 _CRS)",
          present["evidence"]["location"])
    ident = evidence(report, "tpm.identity")
    for key, value in expected.items():
        check(ident["evidence"][key] == value, f"{key}: preflight {ident['evidence'][key]!r}, tpm2_getcap {value!r}")
