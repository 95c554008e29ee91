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
# stick's root, after EFI/ and preflight/).
ENROLMENT = [("Verification failed", [ENTER]), ("perform MOK management", [ENTER]),
             ("Enroll key from disk", [DOWN, ENTER]), ("PREFLIGHT", [ENTER]), (MOK_DER, [DOWN, DOWN, ENTER]),
             ("View key 0", [DOWN, ENTER]), (" Yes ", [DOWN, ENTER]), ("Reboot", [ENTER])]


def shim_parts(build):
    """shim, MokManager, the test MOK (DER) and the application signed with it, as `make test-build` makes them."""
    tree_build = os.path.relpath(build, ROOT) if os.path.abspath(build).startswith(ROOT + os.sep) else build
    mok = os.path.join(tree_build, "mok", "test-mok")
    shim = os.path.join(tree_build, "shim")
    parts = [os.path.join(shim, "shimx64.efi"), os.path.join(shim, "mmx64.efi"), mok + ".efi", mok + ".der"]
    subprocess.run(["make", "-s", "-C", ROOT, f"BUILD={tree_build}", *parts], check=True, stdout=subprocess.DEVNULL)
    return [os.path.join(ROOT, p) if not os.path.isabs(p) else p for p in parts]


def shim_image(build, work, settings):
    """The stick `make image MOK_KEY=... MOK_CERT=...` makes (image/image.mk), with the test MOK."""
    shim, mm, app, der = shim_parts(build)
    conf = os.path.join(work, "shim.conf")
    with open(conf, "w") as f:
        f.write("".join(f"{k} = {v}\n" for k, v in settings.items()))
    image = os.path.join(work, "shim.img")
    subprocess.run([os.path.join(ROOT, "image/make-image.sh"), image, shim, conf, f"{mm}=\\EFI\\BOOT\\mmx64.efi",
                    f"{app}=\\EFI\\BOOT\\grubx64.efi", f"{der}=\\{MOK_DER}"], check=True)
    return image


def settle(console, quiet=0.8, limit=10):
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

    def __init__(self, work, image, vars_file, name, timeout=90):
        sock = os.path.join(work, name + ".sock")
        self.vm = subprocess.Popen([os.path.join(ROOT, "image/qemu-run.sh"), "--image", image, "--tpm", "none",
                                    "--secboot-ms", "--vars", vars_file, "--serial-socket", sock,
                                    "--timeout", str(timeout)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        self.console = Console(sock)

    def stop(self):
        if self.vm.poll() is None:
            os.killpg(self.vm.pid, signal.SIGTERM)  # qemu-run.sh and its QEMU
            self.vm.wait(timeout=30)


def enrol(work, image, vars_file):
    vm = ShimBoot(work, image, vars_file, "enrol")
    try:
        for text, keys in ENROLMENT:
            vm.console.wait_for(text, timeout=40)
            for key in keys:
                settle(vm.console)
                vm.console.type(key)
        check(vm.vm.wait(timeout=30) == 0, "MokManager's reboot did not end the VM")  # -no-reboot: QEMU exits
    finally:
        vm.stop()


def refused(work, image, vars_file, name):
    """Whether shim refuses the application on this boot (then the VM is stopped at its message)."""
    vm = ShimBoot(work, image, vars_file, name)
    try:
        vm.console.wait_for("Verification failed: (0x1A) Security Violation", timeout=40)
        return True
    except AssertionError:
        return False
    finally:
        vm.stop()


def test_shim_enrolment_then_secure_boot_pass_then_mok_cleanup(build):
    with Workspace(build) as work:
        image = shim_image(build, work, {"finish": "shutdown", "network": "off", "mok_cleanup": "on"})
        vars_file = os.path.join(work, "vars.fd")
        enrol(work, image, vars_file)  # its first screen is shim refusing the application: the MOK is unknown
        rc, console = boot(image, "none", None, os.path.join(work, "serial.log"), timeout=90,
                           qemu_args=("--secboot-ms", "--vars", vars_file))
        check(rc == 0 and "VERDICT" in console, f"the enrolled boot did not run the checks (exit {rc}): "
              f"{console[-1500:]}")
        report = image_reports(image)[0]
        sb = evidence(report, "platform.secure_boot")
        check(sb["status"] == "pass" and "active: yes" in sb["summary"], str(sb))
        cleanup = [n for n in report["notes"] if n.startswith("mok_cleanup:")]
        check(cleanup and "removed this stick's MOK from MokList" in cleanup[0], f"no cleanup note: {report['notes']}")
        check("NOTE     mok_cleanup: removed" in console, "the cleanup is not on the console")
        check(refused(work, image, vars_file, "after-cleanup"), "shim still trusts the MOK after mok_cleanup")
        check(len(image_reports(image)) == 1, "the application ran after its MOK was removed")
