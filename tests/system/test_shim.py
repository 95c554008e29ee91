"""Secure Boot on a PC that trusts only Microsoft's keys (OVMF_CODE_4M.secboot.fd with OVMF_VARS_4M.ms.fd), through
the shim stick: Debian's Microsoft-signed shim refuses the application signed with the test MOK until the MOK is
enrolled; the enrolment is scripted in MokManager over the serial console (the keys a technician presses once per
PC, docs/secure-boot.md); the next boot runs the checks with platform.secure_boot PASS and, with mok_cleanup = on,
takes the MOK out of MokList, so the boot after that is refused again."""
import os
import signal
import socket
import subprocess
import time

from harness import ROOT, Workspace, boot, check, evidence, image_reports
from test_screen import Console

ENTER, DOWN = "\r", "\x1b[B"
MOK_DER = "ENROLL_THIS_KEY_IN_MOKMANAGER.der"
# What shim and MokManager show, and the keys pressed when it is on screen (the .der is the third entry of the
# stick's root, after EFI/ and preflight/). The countdown's key goes at once: it redraws every second, so the
# screen is never still, and after 10 s MokManager gives up.
COUNTDOWN = "Booting in 10 seconds"
ENROLMENT = [("Verification failed", [ENTER]), (COUNTDOWN, [ENTER]),
             ("Enroll key from disk", [DOWN, ENTER]), ("PREFLIGHT", [ENTER]), (MOK_DER, [DOWN, DOWN, ENTER]),
             ("View key 0", [DOWN, ENTER]), (" Yes ", [DOWN, ENTER]), ("Reboot", [ENTER])]


def shim_parts(build):
    """shim and MokManager for both architectures, the application signed with the test MOK for each, and the
    test MOK (DER), as `make test-build` makes them."""
    tree_build = os.path.relpath(build, ROOT) if os.path.abspath(build).startswith(ROOT + os.sep) else build
    mok = os.path.join(tree_build, "mok", "test-mok")
    shim = os.path.join(tree_build, "shim")
    parts = {"x64": os.path.join(shim, "shimx64.efi"), "mmx64": os.path.join(shim, "mmx64.efi"), "app_x64": mok + ".efi",
             "aa64": os.path.join(shim, "shimaa64.efi"), "mmaa64": os.path.join(shim, "mmaa64.efi"),
             "app_aa64": mok + "-aa64.efi", "der": mok + ".der"}
    subprocess.run(["make", "-s", "-C", ROOT, f"BUILD={tree_build}", *parts.values()], check=True,
                   stdout=subprocess.DEVNULL)
    return {k: os.path.join(ROOT, p) if not os.path.isabs(p) else p for k, p in parts.items()}


def shim_image(build, work, settings):
    """The stick `make image MOK_KEY=... MOK_CERT=...` makes (image/image.mk), with the test MOK."""
    p = shim_parts(build)
    conf = os.path.join(work, "shim.conf")
    with open(conf, "w") as f:
        f.write("".join(f"{k} = {v}\n" for k, v in settings.items()))
    image = os.path.join(work, "shim.img")
    boot_dir = "\\EFI\\BOOT\\"
    subprocess.run([os.path.join(ROOT, "image/make-image.sh"), image, p["x64"], conf,
                    f"{p['mmx64']}={boot_dir}mmx64.efi", f"{p['app_x64']}={boot_dir}grubx64.efi",
                    f"{p['der']}=\\{MOK_DER}", f"{p['aa64']}={boot_dir}BOOTAA64.EFI",
                    f"{p['mmaa64']}={boot_dir}mmaa64.efi", f"{p['app_aa64']}={boot_dir}grubaa64.efi"], check=True)
    return image


def settle(console, quiet=0.8, limit=3):
    """Reads until the screen has been still for `quiet` seconds: a key typed while MokManager draws is lost."""
    end, last = time.time() + limit, time.time()
    while time.time() < end and time.time() - last < quiet:
        try:
            data = console.sock.recv(65536)
            if data:
                last = time.time()
                console.seen += data.decode(errors="replace")
        except socket.timeout:
            pass


class ShimBoot:
    """The stick under Secure Boot with Microsoft's keys, the variables kept in `vars`, the console on a socket."""

    def __init__(self, work, image, vars_file, name, arch, timeout=180):
        sock = os.path.join(work, name + ".sock")
        self.vm = subprocess.Popen([os.path.join(ROOT, "image/qemu-run.sh"), "--image", image, "--tpm", "none",
                                    "--arch", arch, "--secboot-ms", "--vars", vars_file, "--serial-socket", sock,
                                    "--timeout", str(timeout)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        self.console = Console(sock)

    def stop(self):
        # the console first: a QEMU blocked writing to a socket nobody reads does not get to its SIGTERM
        self.console.sock.close()
        if self.vm.poll() is None:
            os.killpg(self.vm.pid, signal.SIGTERM)  # qemu-run.sh and its QEMU
            try:
                self.vm.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.vm.pid, signal.SIGKILL)
                self.vm.wait(timeout=30)


def enrol(work, image, vars_file, arch):
    vm = ShimBoot(work, image, vars_file, "enrol", arch)
    try:
        for text, keys in ENROLMENT:
            vm.console.wait_for(text, timeout=80)
            for key in keys:
                if text != COUNTDOWN:
                    settle(vm.console)
                vm.console.type(key)
        check(vm.vm.wait(timeout=30) == 0, "MokManager's reboot did not end the VM")  # -no-reboot: QEMU exits
    finally:
        vm.stop()


def refused(work, image, vars_file, name, arch):
    """Whether shim refuses the application on this boot (then the VM is stopped at its message)."""
    vm = ShimBoot(work, image, vars_file, name, arch)
    try:
        # AAVMF under TCG on a loaded machine can take most of a minute to reach shim
        vm.console.wait_for("Verification failed: (0x1A) Security Violation", timeout=80)
        return True
    except AssertionError:
        return False
    finally:
        vm.stop()


def enrol_run_and_clean_up(build, arch):
    with Workspace(build) as work:
        image = shim_image(build, work, {"finish": "shutdown", "network": "off", "mok_cleanup": "on"})
        vars_file = os.path.join(work, "vars.fd")
        enrol(work, image, vars_file, arch)  # its first screen is shim refusing the application: the MOK is unknown
        rc, console = boot(image, "none", None, os.path.join(work, "serial.log"), timeout=90,
                           qemu_args=("--arch", arch, "--secboot-ms", "--vars", vars_file))
        check(rc == 0 and "VERDICT" in console, f"the enrolled boot did not run the checks (exit {rc}): "
              f"{console[-1500:]}")
        report = image_reports(image)[0]
        sb = evidence(report, "platform.secure_boot")
        check(sb["status"] == "pass" and "active: yes" in sb["summary"], str(sb))
        cleanup = [n for n in report["notes"] if n.startswith("mok_cleanup:")]
        check(cleanup and "removed this stick's MOK from MokList" in cleanup[0], f"no cleanup note: {report['notes']}")
        check("NOTE     mok_cleanup: removed" in console, "the cleanup is not on the console")
        check(refused(work, image, vars_file, "after-cleanup", arch), "shim still trusts the MOK after mok_cleanup")
        check(len(image_reports(image)) == 1, "the application ran after its MOK was removed")


def test_shim_enrolment_then_secure_boot_pass_then_mok_cleanup(build):
    enrol_run_and_clean_up(build, "x64")


def test_shim_arm64_enrolment_then_secure_boot_pass_then_mok_cleanup(build):
    """The same stick's BOOTAA64.EFI (shimaa64, mmaa64, grubaa64.efi) under AAVMF with Microsoft's keys only."""
    enrol_run_and_clean_up(build, "aa64")
