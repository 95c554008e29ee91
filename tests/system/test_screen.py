"""The technician's screen in the UEFI application, driven by keys typed on the serial console (OVMF maps serial
input to key strokes): the summary with the verdict banner and what needs attention, the details of the selected
check, save again (a second report), and power off."""
import os
import re
import socket
import subprocess
import time
from contextlib import contextmanager

from harness import ROOT, Workspace, check, image_reports, make_image, provisioned_state


class Console:
    """The VM's serial console on a unix socket: read what it shows, type keys."""

    def __init__(self, path, timeout=60):
        deadline = time.time() + timeout
        while not os.path.exists(path):
            check(time.time() < deadline, "QEMU did not open the serial socket")
            time.sleep(0.1)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.sock.settimeout(0.5)
        self.seen = ""

    def wait_for(self, text, timeout=90):
        deadline = time.time() + timeout
        while time.time() < deadline:
            plain = re.sub(r"\x1b\[[0-9;=?]*[A-Za-z]", "", self.seen)
            if text in plain:
                # later waits look at what comes after, including what arrived in the same read
                self.seen = plain[plain.index(text) + len(text):]
                return plain
            try:
                data = self.sock.recv(65536)
                if not data:
                    break
                self.seen += data.decode(errors="replace")
            except socket.timeout:
                pass
        raise AssertionError(f"the console never showed {text!r}; last output: {self.seen[-1500:]!r}")

    def type(self, keys):
        self.sock.sendall(keys.encode())


def screendump(monitor, path):
    """The VM's screen as a PPM file, through the QEMU monitor."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as m:
        m.connect(monitor)
        m.sendall(f"screendump {path}\n".encode())
        deadline = time.time() + 20
        while not (os.path.exists(path) and os.path.getsize(path) > 0) and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(0.5)  # the file is complete once QEMU has written the whole frame
    check(os.path.exists(path), "no screendump")


@contextmanager
def booted_on_crb(work, image, state, timeout):
    """The stick booted in QEMU on a CRB TPM, its serial console and monitor on unix sockets in work; the VM is
    killed when the block ends without having powered off."""
    sock, monitor = os.path.join(work, "serial.sock"), os.path.join(work, "monitor.sock")
    vm = subprocess.Popen([os.path.join(ROOT, "image/qemu-run.sh"), "--image", image, "--tpm", "crb",
                           "--tpm-state", state, "--serial-socket", sock, "--monitor-socket", monitor,
                           "--timeout", str(timeout)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield vm, Console(sock), monitor
    finally:
        if vm.poll() is None:
            vm.kill()


def test_screen_summary_details_qr_save_and_power_off(build):
    """... and 'c' shows the compact summary as a QR code drawn with GOP: a QR decoder (zbarimg) reads from a
    screendump exactly the SUMMARY line of the serial console."""
    with Workspace(build) as work:
        state = provisioned_state(build, os.path.join(work, "tpm"))
        image = make_image(build, os.path.join(work, "stick.img"), {"finish": None, "key_timeout": "120"})
        with booted_on_crb(work, image, state, 240) as (vm, console, monitor):
            report_text = console.wait_for("p power off")
            summary = re.search(r"SUMMARY\s+(TPMPF2\|[^\r\n]*)", report_text).group(1).strip()
            first_screen = console.wait_for("power off in")  # the countdown, top right, once a second
            check("TPM  IBM" in report_text + first_screen and "AIK  https://" in report_text + first_screen,
                  "the TPM and the AIK URL are not on the first screen: " + (report_text + first_screen)[-1500:])
            check("serial QEMU-PF-0001 " in report_text + first_screen,  # whole, not split by the wrap or the countdown
                  "the serial is not whole in the header: " + (report_text + first_screen)[-1500:])
            console.type("c")
            console.wait_for("QRCODE   shown")
            shot = os.path.join(work, "screen.ppm")
            screendump(monitor, shot)
            decoded = subprocess.run(["zbarimg", "--raw", "-q", shot], capture_output=True, text=True, timeout=60)
            check(decoded.stdout.strip() == summary, f"QR decoded {decoded.stdout!r} {decoded.stderr!r}, SUMMARY {summary!r}")
            console.type("x")
            screen = console.wait_for("p power off")
            check("NOT READY" in screen and "need attention" in screen, screen[-2000:])
            check("FAIL  tpm.virtual" in screen, "the failing check is not listed first")
            console.type("\r")
            details = console.wait_for("back to the summary")
            check("Fix:" in details and "Windows would report:" in details, details[-2000:])
            console.type("q")
            console.wait_for("p power off")
            console.type("s")
            console.wait_for("SAVED")
            console.wait_for("p power off")
            console.type("p")
            check(vm.wait(timeout=60) == 0, "the VM did not power off after 'p'")
        # 's' saves the run again over its own pair of files (its name was claimed when the run started)
        reports = image_reports(image)
        check(len(reports) == 1 and reports[0]["complete"] is True, f"{len(reports)} reports after 's'")


def red_share(ppm):
    """The share of a P6 screendump's pixels that are clearly red."""
    with open(ppm, "rb") as f:
        data = f.read()
    fields = data.split(maxsplit=4)  # P6, width, height, maxval, pixels
    width, height, pixels = int(fields[1]), int(fields[2]), fields[4]
    red = sum(1 for i in range(0, width * height * 3, 3 * 7)  # every 7th pixel is plenty
              if pixels[i] > 120 and pixels[i + 1] < 80 and pixels[i + 2] < 80)
    return red / (width * height / 7)


def test_factory_hold_shows_the_verdict_full_screen(build):
    """Factory mode with finish_fail = hold: a NOT READY unit (a virtual TPM) shows its verdict on a red screen
    the line sees from a distance, says so on the serial console, and powers off after key_timeout; the READY
    side keeps finish_pass (shutdown)."""
    with Workspace(build) as work:
        state = provisioned_state(build, os.path.join(work, "tpm"))
        image = make_image(build, os.path.join(work, "stick.img"),
                           {"mode": "factory", "finish_pass": "shutdown", "finish_fail": "hold", "key_timeout": "8",
                            "network": "off"})
        with booted_on_crb(work, image, state, 180) as (vm, console, monitor):
            shown = console.wait_for("HOLD     NOT READY")
            check("after READY = shutdown, after NOT READY = hold" in shown, shown[-1500:])
            shot = os.path.join(work, "hold.ppm")
            screendump(monitor, shot)
            share = red_share(shot)
            check(share > 0.5, f"only {share:.0%} of the screen is red")
            started = time.time()
            check(vm.wait(timeout=60) == 0, "the VM did not power off after the hold")
            check(time.time() - started < 30, "the hold outlasted key_timeout")
        check(len(image_reports(image)) == 1, "the report was not saved before the hold")
