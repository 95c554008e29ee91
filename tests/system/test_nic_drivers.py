"""UEFI NIC drivers from the stick (\\preflight\\drivers): QEMU's e1000 without its option ROM is a NIC OVMF has
no driver for. Without a driver the unit gets no network; with the e1000 UEFI driver from Debian's ipxe-qemu
option ROM (build/drivers/x64/ipxe-e1000.efi, taken out by image/efi-rom-extract.py) it gets its address and the
online checks pass. Files that are not drivers for this machine are refused with their reason, and under Secure
Boot an unsigned driver is refused while the same driver signed with a key in db starts."""
import os
import re
import struct
import subprocess
import time

from harness import (Workspace, boot, check, evidence, image_reports, make_image, provisioned_state, test_cabs)
from test_secure_boot import SNAKEOIL_CERT, image_with, signed_efi
from testnet import TestNetwork

E1000 = ("--nic-model", "e1000")


def _driver(build):
    path = os.path.join(build, "drivers", "x64", "ipxe-e1000.efi")
    check(os.path.exists(path), f"{path} is missing: make test-build extracts it from Debian's ipxe-qemu ROM")
    return path


def _refused_files(build, work):
    """An Arm64 build of the driver (its PE Machine field set to 0xAA64), an application and a file that is not PE."""
    with open(_driver(build), "rb") as f:
        pe = bytearray(f.read())
    at = struct.unpack_from("<I", pe, 0x3c)[0]
    struct.pack_into("<H", pe, at + 4, 0xAA64)
    arm = os.path.join(work, "arm64.efi")
    with open(arm, "wb") as f:
        f.write(pe)
    text = os.path.join(work, "notes.efi")
    with open(text, "w") as f:
        f.write("not a driver\n")
    return {arm: "\\preflight\\drivers\\aa64\\ipxe-e1000.efi", os.path.join(build, "efi", "preflight.efi"):
            "\\preflight\\drivers\\tool.efi", text: "\\preflight\\drivers\\notes.efi"}


def _run(build, work, net, drivers):
    """Boots with an e1000 NIC in `net` and `drivers` {source: stick path}; returns (report, console, seconds)."""
    state = provisioned_state(build, os.path.join(work, "tpm"))
    extra = {os.path.join(test_cabs(build), "good.cab"): "\\preflight\\TrustedTpm.cab", **drivers}
    ca = net.serve(build, "server", 443, listed=open(os.path.join(test_cabs(build), "aik-id")).read().strip())
    net.serve(build, None, 80)
    net.ntp()
    extra[ca] = "\\preflight\\ca-bundle.pem"
    image = make_image(build, os.path.join(work, "stick.img"), {"finish": "shutdown", "virtual_tpm": "warn"}, extra)
    started = time.time()
    rc, console = boot(image, "crb", state, os.path.join(work, "serial.log"), timeout=150, network=net,
                       qemu_args=E1000)
    check(rc == 0, f"QEMU exit {rc}\n{console[-3000:]}")
    reports = image_reports(image)
    check(len(reports) == 1, f"{len(reports)} reports on the stick\n{console[-3000:]}")
    return reports[0], console, time.time() - started


def _values(check_result, key):
    return [v for k, v in check_result["evidence"].items() if re.fullmatch(key + r"(_\d+)?", k)]


def test_nic_drivers_none_that_fit_gives_no_network(build):
    """The e1000 NIC without a driver: the files on the stick are refused with their reasons (Arm64, an
    application, not PE), no NIC comes, network.connection names the drivers as the cause and the online checks
    are skipped."""
    with Workspace(build) as work:
        net = TestNetwork(work)
        try:
            report, console, elapsed = _run(build, work, net, _refused_files(build, work))
        finally:
            net.stop()
        conn = evidence(report, "network.connection")
        check(conn["status"] == "warn" and conn["reason"].endswith("no-nic-from-drivers") and
              conn["evidence"]["failure_code"] == "NET-NO-NIC", str(conn))
        refused = " | ".join(_values(conn, "nic_driver_refused"))
        check("aa64\\ipxe-e1000.efi: built for Arm64 (machine 0xaa64), this PC is x64" in refused, refused)
        check("tool.efi: a UEFI application (subsystem 10), not a UEFI driver" in refused, refused)
        check("notes.efi: not a PE image (no MZ header)" in refused, refused)
        check(not _values(conn, "nic_driver_started") and conn["evidence"]["nics_from_drivers"] == "none", str(conn))
        check("\\preflight\\drivers" in conn["remediation"], conn["remediation"])
        check("DRIVER   refused tool.efi: a UEFI application" in console, console[-3000:])
        probe = evidence(report, "aik.authority.probe")
        check(probe["status"] == "skip", str(probe))
        print(f"     no driver that fits: {elapsed:.1f} s")


def test_nic_drivers_bring_the_network_and_the_online_checks(build):
    """The e1000 UEFI driver in \\preflight\\drivers\\x64 (beside the refused files): it is started, binds the
    NIC, which offers SNP only after it, and the online checks pass over it."""
    with Workspace(build) as work:
        net = TestNetwork(work)
        drivers = _refused_files(build, work)
        drivers[_driver(build)] = "\\preflight\\drivers\\x64\\ipxe-e1000.efi"
        try:
            report, console, elapsed = _run(build, work, net, drivers)
        finally:
            net.stop()
        conn = evidence(report, "network.connection")
        check(conn["status"] == "pass" and conn["evidence"]["address"].startswith("10.0.2.1"), f"{conn}\n{console[-3000:]}")
        started = _values(conn, "nic_driver_started")
        check(started == ["x64\\ipxe-e1000.efi: x64 UEFI boot service driver, bound " + conn["evidence"]["nic"]],
              str(conn))
        check(len(_values(conn, "nic_driver_refused")) == 3, str(conn))
        check(conn["evidence"]["nics_before_drivers"] == "0", str(conn))
        check(conn["evidence"]["nics_from_drivers"] == conn["evidence"]["nic"], str(conn))
        for check_id in ("aik.authority.probe", "network.endpoints", "clock.skew"):
            c = evidence(report, check_id)
            check(c["status"] == "pass", f"{check_id}: {c}")
        m = re.search(r"DRIVERS  1 of 4 started in (\d+) ms", console)
        check(m, console[-3000:])
        print(f"     drivers loaded in {m.group(1)} ms, network set-up {conn['evidence']['setup_ms']} ms, "
              f"boot to report {elapsed:.1f} s")


def test_nic_drivers_under_secure_boot(build):
    """Secure Boot enforced (OVMF's snakeoil keys): the unsigned driver is refused by LoadImage with its status;
    the same driver signed with the key in db starts."""
    with Workspace(build) as work:
        key = os.path.join(build, "secureboot", "snakeoil.key")
        app = signed_efi(build)  # makes the key too
        signed = os.path.join(work, "signed.efi")
        subprocess.run(["sbsign", "--key", key, "--cert", SNAKEOIL_CERT, "--output", signed, _driver(build)],
                       check=True, capture_output=True)
        image = image_with(build, work, app, "sb", [f"{_driver(build)}=\\preflight\\drivers\\unsigned.efi",
                                                    f"{signed}=\\preflight\\drivers\\signed.efi"])
        rc, console = boot(image, "none", None, os.path.join(work, "serial.log"), secure_boot=True)
        check(rc == 0, f"QEMU exit {rc}: {console[-1500:]}")
        conn = evidence(image_reports(image)[0], "network.connection")
        refused = _values(conn, "nic_driver_refused")
        # OVMF answers EFI_ACCESS_DENIED for an unsigned image from removable media (measured); the specification
        # allows EFI_SECURITY_VIOLATION too
        check(len(refused) == 1 and re.match(r"unsigned.efi: refused by Secure Boot \(LoadImage: EFI_(ACCESS_DENIED|"
                                             r"SECURITY_VIOLATION)\): not signed by a key in db", refused[0]), str(conn))
        check(_values(conn, "nic_driver_started") == ["signed.efi: x64 UEFI boot service driver, bound no NIC"], str(conn))


def _rom(images):
    """A PCI expansion ROM of (code type, machine, compression, payload) images, as PCI Firmware 3.0 5.1 lays it."""
    out = b""
    for i, (code_type, machine, compression, payload) in enumerate(images):
        body = bytearray(0x40) + payload
        body += bytes(-len(body) % 512)
        units = len(body) // 512
        struct.pack_into("<HHIHHH", body, 0, 0xAA55, units, 0x0EF1, 11, machine, compression)
        struct.pack_into("<HH", body, 0x16, 0x40, 0x1c)  # the PE image at 0x40, PCIR at 0x1c
        struct.pack_into("<4sHH", body, 0x1c, b"PCIR", 0x8086, 0x100e)
        struct.pack_into("<HHBB", body, 0x1c + 0x10, units, 0, code_type, 0x80 if i == len(images) - 1 else 0)
        out += bytes(body)
    return out


def test_nic_drivers_rom_extractor_checks_its_input(build):
    """image/efi-rom-extract.py: takes the EFI image for the machine asked for past a legacy image, and refuses a
    compressed image, an image claiming more than the ROM holds and a ROM without the signature."""
    from harness import ROOT
    tool = os.path.join(ROOT, "image", "efi-rom-extract.py")
    with Workspace(build) as work:
        def extract(rom, machine="0x8664"):
            path, out = os.path.join(work, "t.rom"), os.path.join(work, "t.efi")
            with open(path, "wb") as f:
                f.write(rom)
            if os.path.exists(out):
                os.remove(out)
            p = subprocess.run([tool, "--machine", machine, path, out], capture_output=True, text=True)
            return p.returncode, p.stderr, open(out, "rb").read() if os.path.exists(out) else None
        pe = b"MZ" + bytes(510)
        rc, err, got = extract(_rom([(0, 0, 0, bytes(100)), (3, 0xAA64, 0, b"MZarm" + bytes(50)), (3, 0x8664, 0, pe)]))
        check(rc == 0 and got is not None and got.startswith(b"MZ") and len(got) >= 512, f"{rc} {err}")
        rc, err, got = extract(_rom([(3, 0x8664, 0, pe)]), machine="0xaa64")
        check(rc != 0 and "no EFI image for machine 0xaa64" in err and got is None, err)
        rc, err, got = extract(_rom([(3, 0x8664, 1, pe)]))
        check(rc != 0 and "compressed" in err and got is None, err)
        long = bytearray(_rom([(3, 0x8664, 0, pe)]))
        struct.pack_into("<H", long, 0x1c + 0x10, 200)  # 100 KiB claimed
        rc, err, got = extract(bytes(long))
        check(rc != 0 and "beyond the ROM" in err and got is None, err)
        rc, err, got = extract(b"\x00" * 1024)
        check(rc != 0 and "no ROM image signature" in err, err)
        rc, err, got = extract(_rom([(0, 0, 0, bytes(10))] * 20))  # no last-image flag within 16: cannot run on
        check(rc != 0, err)
