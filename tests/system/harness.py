"""Helpers for the system tests: swtpm instances, tpm2-tools as the reference,
images with a given configuration, QEMU boots and the reports they leave."""
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class TestFailure(Exception):
    pass


class Skip(Exception):
    pass


SHARED = os.path.join(os.path.dirname(ROOT), "shared", "testdata")


def shared_testdata(*parts):
    """A path in ../shared/testdata; skips the test when the folder is not beside the clone."""
    path = os.path.join(SHARED, *parts)
    if not os.path.exists(path):
        raise Skip(f"{path} is not present (real test data lives beside the clone, in ../shared)")
    return path


def check(condition, message):
    if not condition:
        raise TestFailure(message)


def free_port_pair():
    """Two consecutive free TCP ports on loopback (swtpm's server and control)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port < 65000:
            try:
                with socket.socket() as a, socket.socket() as b:
                    a.bind(("127.0.0.1", port))
                    b.bind(("127.0.0.1", port + 1))
                return port
            except OSError:
                continue
    raise TestFailure("no free port pair on 127.0.0.1")


class Swtpm:
    """A swtpm serving the TPM state in `state` on TCP (or a unix socket), started up."""

    def __init__(self, state, unix_path=None):
        self.state = state
        self.unix_path = unix_path
        self.port = None if unix_path else free_port_pair()
        server = f"type=unixio,path={unix_path}" if unix_path else f"type=tcp,port={self.port}"
        ctrl_port = free_port_pair() if unix_path else self.port + 1
        self.proc = subprocess.Popen(
            ["swtpm", "socket", "--tpm2", "--tpmstate", f"dir={state}", "--server", server,
             "--ctrl", f"type=tcp,port={ctrl_port}", "--flags", "not-need-init,startup-clear"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 10
        while time.time() < deadline:
            if unix_path and os.path.exists(unix_path):
                return
            if not unix_path:
                try:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                        return
                except OSError:
                    pass
            if self.proc.poll() is not None:
                raise TestFailure("swtpm exited: " + self.proc.stderr.read().decode(errors="replace"))
            time.sleep(0.05)
        raise TestFailure("swtpm did not start listening within 10 s")

    def spec(self):
        return f"swtpm-unix:{self.unix_path}" if self.unix_path else f"swtpm:127.0.0.1:{self.port}"

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def reference_identity(state):
    """Manufacturer and firmware version as tpm2-tools' tpm2_getcap reports them for this state."""
    tpm = Swtpm(state)
    try:
        out = subprocess.run(["tpm2_getcap", "-T", f"swtpm:host=127.0.0.1,port={tpm.port}", "properties-fixed"],
                             capture_output=True, text=True, timeout=30)
    finally:
        tpm.stop()
    check(out.returncode == 0, "tpm2_getcap failed: " + out.stderr)
    raw = dict(re.findall(r"^(TPM2_PT_\w+):\s*\n\s*raw:\s*(0x[0-9A-Fa-f]+|\d+)", out.stdout, re.M))
    fw1 = int(raw["TPM2_PT_FIRMWARE_VERSION_1"], 0)
    fw2 = int(raw["TPM2_PT_FIRMWARE_VERSION_2"], 0)
    mfr = int(raw["TPM2_PT_MANUFACTURER"], 0)
    mfr_text = mfr.to_bytes(4, "big").rstrip(b"\0 ").decode()
    return {"manufacturer": mfr_text, "manufacturer_hex": f"0x{mfr:08x}",
            "firmware_version": f"{fw1 >> 16}.{fw1 & 0xFFFF}.{fw2 >> 16}.{fw2 & 0xFFFF}"}


def evidence(report, check_id):
    for c in report["checks"]:
        if c["id"] == check_id:
            return c
    raise TestFailure(f"the report has no check {check_id}")


class Workspace:
    """A temporary directory under build/tests, removed afterwards."""

    def __init__(self, build):
        os.makedirs(os.path.join(build, "tests", "work"), exist_ok=True)
        self.path = tempfile.mkdtemp(dir=os.path.join(build, "tests", "work"))

    def __enter__(self):
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


def provisioned_state(build, dest, variant="default", **env):
    """A fresh copy of a provisioned swtpm state. Every variant's certificates come from the same test CA
    (build/tests/tpm-template.ca); env holds tests/swtpm/provision.sh's variant settings."""
    template = os.path.join(build, "tests", "tpm-template" if variant == "default" else "tpm-" + variant)
    ca = os.path.join(build, "tests", "tpm-template.ca")
    subprocess.run([os.path.join(ROOT, "tests/swtpm/provision.sh"), os.path.join(build, "tests", "tpm-template")],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([os.path.join(ROOT, "tests/swtpm/provision.sh"), template, ca], check=True,
                   stdout=subprocess.DEVNULL, env=dict(os.environ, **env))
    shutil.copytree(template, dest)
    return dest


def test_cabs(build):
    """The test TrustedTpm.cab variants (tests/swtpm/make-test-cabs.sh) for the test CA; returns their folder."""
    provisioned_state(build, os.path.join(build, "tests", "cab-probe"), "default")
    shutil.rmtree(os.path.join(build, "tests", "cab-probe"))
    out = os.path.join(build, "tests", "cabs")
    subprocess.run([os.path.join(ROOT, "tests/swtpm/make-test-cabs.sh"), os.path.join(build, "tests", "tpm-template.ca"),
                    out, "IBM"], check=True, stdout=subprocess.DEVNULL)
    return out


def aik_enrol_options(build, mode="issue"):
    """tests/net/mock_server.py's options (as MockServer and TestNetwork.serve take them) for the AIK enrolment
    service in mode, trusting exactly the test EK CA of the swtpm states: its root and issuing CA, so an EK
    certificate sent without its intermediate chains too."""
    ca = os.path.join(build, "tests", "tpm-template.ca")
    return {"aik_chain": os.path.join(test_cabs(build), "scep", "good.p7b"), "aik_enrol": mode,
            "ek_ca": os.path.join(ca, "root.pem") + "," + os.path.join(ca, "issuer.pem")}


def tpm2(tpm, *args, check_rc=True, stdin=None):
    """Runs a tpm2-tools command against a running Swtpm (the tests prepare TPM states with it)."""
    out = subprocess.run(["tpm2_" + args[0], "-T", f"swtpm:host=127.0.0.1,port={tpm.port}", *args[1:]],
                         capture_output=True, timeout=60, input=stdin)
    if check_rc and out.returncode != 0:
        raise TestFailure(f"tpm2_{args[0]} failed: {out.stderr.decode(errors='replace')}")
    return out


def make_image(build, dest, settings, extra=None):
    """An image whose preflight.conf has the given key = value settings, plus extra files {source: stick path}."""
    conf = dest + ".conf"
    with open(os.path.join(ROOT, "image/preflight.conf")) as f:
        lines = [l for l in f.read().splitlines() if not re.match(r"^\s*(%s)\s*=" % "|".join(settings), l)]
    lines += [f"{k} = {v}" for k, v in settings.items() if v is not None]  # None: drop the key
    with open(conf, "w") as f:
        f.write("\n".join(lines) + "\n")
    pairs = [f"{src}={dst}" for src, dst in (extra or {}).items()]
    subprocess.run([os.path.join(ROOT, "image/make-image.sh"), dest, os.path.join(build, "efi/preflight.efi"), conf,
                    *pairs], check=True)
    return dest


def boot(image, tpm, state, log, timeout=120, smbios=None, secure_boot=False, read_only=False, network=None,
         qemu_args=()):
    """Boots the image (with a NIC in the TestNetwork `network`, if given; more image/qemu-run.sh options in
    qemu_args); returns (exit status, serial console text)."""
    cmd = [os.path.join(ROOT, "image/qemu-run.sh"), "--image", image, "--tpm", tpm, "--serial-log", log,
           "--timeout", str(timeout), *qemu_args]
    if network:
        cmd = ["ip", "netns", "exec", network.name] + cmd + ["--nic-tap", "tap0"]
    if secure_boot:
        cmd.append("--secure-boot")
    if read_only:
        cmd.append("--read-only")
    if smbios:
        cmd += ["--smbios", smbios]
    if state:
        cmd += ["--tpm-state", state]
    rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout + 30).returncode
    with open(log, "rb") as f:
        text = f.read().decode(errors="replace")
    return rc, re.sub(r"\x1b\[[0-9;=?]*[A-Za-z]", "", text)


def shell_image(build, work, config, commands):
    """An image without BOOTX64.EFI, so the firmware falls through to its UEFI shell, whose startup.nsh runs
    `commands` (shell lines; the application is \\preflight\\preflight.efi) with `config` as preflight.conf."""
    conf = os.path.join(work, "shell.conf")
    with open(conf, "w") as f:
        f.write(config)
    nsh = os.path.join(work, "startup.nsh")
    with open(nsh, "w") as f:
        f.write("".join(line + "\r\n" for line in ["fs0:", *commands]))
    image = os.path.join(work, "shell.img")
    subprocess.run([os.path.join(ROOT, "image/make-image.sh"), image, "-", conf,
                    os.path.join(build, "efi/preflight.efi") + "=\\preflight\\preflight.efi",
                    nsh + "=\\startup.nsh"], check=True)
    return image


def image_fill(image, leave_bytes):
    """Fills the stick's FAT with one file so that about leave_bytes stay free."""
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    out = subprocess.run(["mdir", "-i", image + "@@1M", "::/"], capture_output=True, text=True, env=env, check=True)
    free = int(re.search(r"([\d ]+) bytes free", out.stdout).group(1).replace(" ", ""))
    filler = image + ".filler"
    with open(filler, "wb") as f:
        f.truncate(max(free - leave_bytes, 0))
    subprocess.run(["mcopy", "-i", image + "@@1M", filler, "::/filler.bin"], check=True, env=env)
    os.remove(filler)


def image_files(image, directory):
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    out = subprocess.run(["mdir", "-b", "-i", image + "@@1M", "::" + directory], capture_output=True, text=True,
                         env=env)
    return sorted(os.path.basename(l.strip()) for l in out.stdout.splitlines() if l.strip())


def image_read(image, path, binary=False):
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    out = subprocess.run(["mcopy", "-i", image + "@@1M", "::" + path, "-"], capture_output=True, env=env, check=True)
    return out.stdout if binary else out.stdout.decode()


def image_reports(image):
    """The JSON reports the application saved on the stick, oldest first."""
    names = [n for n in image_files(image, "/preflight/reports") if n.lower().endswith(".json")]
    return [json.loads(image_read(image, "/preflight/reports/" + n)) for n in names]
