"""A test network for the UEFI application's own network stack: a network namespace with a bridge (10.0.2.2/24),
a tap device for QEMU's NIC, dnsmasq serving DHCP and DNS on it (test names for the Microsoft, Intel and AMD hosts
point at the namespace's own address), and mock services bound inside the namespace. Nothing outside the namespace
is ever targeted (tests send nothing off the machine). Needs root, iproute2 and dnsmasq (make deps)."""
import os
import shutil
import subprocess
import sys
import time

from harness import ROOT, Skip, TestFailure, check

SERVER = "10.0.2.2"
REFUSER = "10.0.2.3"  # an address of the namespace where nothing listens: connections are refused
EXTRA = ("10.0.2.4", "10.0.2.5")  # more addresses for services with other certificates (expired, wrong host)
# The names the tests serve: the AIK service, the fTPM EK services, the clock endpoint and the Autopilot endpoints.
SERVED_DOMAINS = ["microsoftaik.azure.net", "ekop.intel.com", "ftpm.amd.com", "msftconnecttest.com",
                  "ekcert.spserv.microsoft.com", "ztd.dds.microsoft.com", "cs.dds.microsoft.com", "login.live.com",
                  "login.microsoftonline.com", "time.windows.com", "go.microsoft.com", "test"]


class TestNetwork:
    def __init__(self, work, dhcp=True, unresolved=(), refused=(), pinned=None, tag=None):
        """dhcp=False: no DHCP server answers (DNS still does). unresolved: served names left out (NXDOMAIN).
        refused: names that point at REFUSER, an address of the namespace where nothing listens.
        pinned: {name: address} for names served elsewhere (one of EXTRA)."""
        if os.geteuid() != 0 or not shutil.which("dnsmasq") or not os.path.exists("/dev/net/tun"):
            raise Skip("the test network needs root, dnsmasq and /dev/net/tun (make deps)")
        self.name = f"pf{tag or os.getpid()}"
        self.work = work
        self.procs = []
        subprocess.run(["ip", "netns", "del", self.name], stderr=subprocess.DEVNULL)
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        try:
            self._links()
            self._dnsmasq(dhcp, unresolved, refused, pinned or {})
        except Exception:
            self.stop()
            raise

    def run(self, *cmd, **kw):
        return subprocess.run(["ip", "netns", "exec", self.name, *cmd], **kw)

    def popen(self, *cmd, **kw):
        p = subprocess.Popen(["ip", "netns", "exec", self.name, *cmd], **kw)
        self.procs.append(p)
        return p

    def _links(self):
        for step in ("ip link set lo up", "ip link add br0 type bridge", f"ip addr add {SERVER}/24 dev br0",
                     f"ip addr add {REFUSER}/24 dev br0", f"ip addr add {EXTRA[0]}/24 dev br0",
                     f"ip addr add {EXTRA[1]}/24 dev br0",
                     "ip link set br0 up", "ip tuntap add dev tap0 mode tap", "ip link set tap0 master br0",
                     "ip link set tap0 up"):
            self.run(*step.split(), check=True)

    def _dnsmasq(self, dhcp, unresolved, refused, pinned):
        args = ["dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                "--interface=br0", "--bind-interfaces", "--pid-file=", f"--log-facility={self.work}/dnsmasq.log",
                "--log-queries", "--log-dhcp", "--no-ping"]
        args += [f"--address=/{d}/{REFUSER}" for d in refused]  # more specific names win in dnsmasq
        args += [f"--address=/{d}/{a}" for d, a in pinned.items()]
        args += [f"--address=/{d}/{SERVER}" for d in SERVED_DOMAINS
                 if d not in unresolved and d not in refused and d not in pinned]
        if dhcp:
            args += ["--dhcp-range=10.0.2.100,10.0.2.150,255.255.255.0,1h", f"--dhcp-option=option:router,{SERVER}",
                     f"--dhcp-option=option:dns-server,{SERVER}", f"--dhcp-leasefile={self.work}/leases"]
        self.popen(*args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.run("ss", "-lun", capture_output=True, text=True).stdout.count(":53 ") > 0:
                return
            time.sleep(0.1)
        raise TestFailure("dnsmasq did not start in the test network")

    def serve(self, build, cert, port, files=None, redirects=None, bind=SERVER, **options):
        """A mock service (tests/net/mock_server.py) on bind:port inside the namespace; cert None: plain HTTP;
        files: {url path: file}; redirects: {url path: location}."""
        pki = os.path.join(build, "tests", "pki")
        subprocess.run([os.path.join(ROOT, "tests/net/make-test-pki.sh"), pki], check=True)
        args = [sys.executable, os.path.join(ROOT, "tests/net/mock_server.py"), "--bind", bind, "--port", str(port),
                "--lifetime", "300"]
        if cert:
            args += ["--cert", os.path.join(pki, cert + ".pem"), "--key", os.path.join(pki, cert + ".key")]
        options.setdefault("aik_chain", os.path.join(build, "tests", "cabs", "scep", "good.p7b"))
        for k, v in options.items():
            args += [f"--{k.replace('_', '-')}", str(v)]
        args += [a for path, f in (files or {}).items() for a in ("--file", f"{path}={f}")]
        args += [a for path, to in (redirects or {}).items() for a in ("--redirect", path, to)]
        p = self.popen(*args, stdout=subprocess.PIPE, text=True)
        check(p.stdout.readline().strip() == "ready", "the mock service did not start in the test network")
        return os.path.join(pki, "ca.pem")

    def ntp(self, offset=0):
        """The mock NTP server (tests/net/mock_ntp.py) on SERVER:123, its time shifted by offset seconds."""
        p = self.popen(sys.executable, os.path.join(ROOT, "tests/net/mock_ntp.py"), "--bind", SERVER, "--port", "123",
                       "--offset", str(offset), "--lifetime", "300", stdout=subprocess.PIPE, text=True)
        check(p.stdout.readline().strip() == "ready", "the mock NTP server did not start in the test network")

    def proxy(self, port, auth, log):
        """The mock proxy (tests/net/mock_proxy.py) on SERVER:port, forwarding to the services on 443 and 80."""
        open(log, "w").close()
        p = self.popen(sys.executable, os.path.join(ROOT, "tests/net/mock_proxy.py"), "--bind", SERVER, "--port",
                       str(port), "--upstream-host", SERVER, "--upstream-port", "443", "--plain-upstream-port", "80",
                       "--auth", auth, "--log", log, "--lifetime", "300", stdout=subprocess.PIPE, text=True)
        check(p.stdout.readline().strip() == "ready", "the mock proxy did not start in the test network")

    def log(self):
        with open(os.path.join(self.work, "dnsmasq.log"), errors="replace") as f:
            return f.read()

    def stop(self):
        for p in self.procs:
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        subprocess.run(["ip", "netns", "del", self.name], stderr=subprocess.DEVNULL)
