"""The tool's own HTTP(S) client (`preflight fetch`, the client the online checks use) against mock servers on
loopback: bodies by length and chunks, redirects, and every fault with its named phase within its time limit -
refused, a bad URL, untrusted issuer (TLS inspection), wrong host, expired certificate, a stall mid-body, an
oversized body, a redirect loop. Runs under AddressSanitizer."""
import os
import subprocess
import sys
import time

from harness import ROOT, check, free_port_pair


class MockServer:
    def __init__(self, build, cert, listed="", stall=30, date_offset=0, files=None, redirects=None, **collector):
        """cert: the TLS certificate to serve with, or None for plain HTTP; files: {url path: file};
        collector: store=DIR, require_header="Name: value", fail_first=N (tests/net/mock_server.py)."""
        pki = os.path.join(build, "tests", "pki")
        subprocess.run([os.path.join(ROOT, "tests/net/make-test-pki.sh"), pki], check=True)
        self.port = free_port_pair()
        tls = ["--cert", os.path.join(pki, cert + ".pem"), "--key", os.path.join(pki, cert + ".key")] if cert else []
        served = [a for path, f in (files or {}).items() for a in ("--file", f"{path}={f}")]
        served += [a for path, to in (redirects or {}).items() for a in ("--redirect", path, to)]
        served += [a for k, v in collector.items() for a in (f"--{k.replace('_', '-')}", str(v))]
        self.proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests/net/mock_server.py"), "--port",
                                      str(self.port), *tls, "--listed", listed, "--stall", str(stall),
                                      "--lifetime", "120", "--date-offset", str(date_offset), *served],
                                     stdout=subprocess.PIPE, text=True)
        check(self.proc.stdout.readline().strip() == "ready", "the mock server did not start")
        self.ca = os.path.join(pki, "ca.pem")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def fetch(build, server, url, host="svc.test", timeout_ms=None, max_body=None):
    args = [os.path.join(build, "asan/preflight"), "fetch", url, "--ca", server.ca, "--connect-to",
            f"{host}:127.0.0.1:{server.port}"]
    if timeout_ms:
        args += ["--timeout-ms", str(timeout_ms)]
    if max_body:
        args += ["--max-body", str(max_body)]
    started = time.time()
    out = subprocess.run(args, capture_output=True, text=True, timeout=60)
    check("AddressSanitizer" not in out.stderr and "runtime error" not in out.stderr, out.stderr[-2000:])
    return out, time.time() - started


def test_http_bodies_and_redirects(build):
    s = MockServer(build, "server")
    try:
        out, _ = fetch(build, s, "https://svc.test/chunked")
        check(out.returncode == 0 and "first second third" in out.stdout, out.stdout)
        out, _ = fetch(build, s, "https://svc.test/redirect/3")
        check("200 OK" in out.stdout and "3 redirect(s)" in out.stdout and "arrived" in out.stdout, out.stdout)
        out, _ = fetch(build, s, "https://svc.test/loop")
        check(out.returncode == 2 and "FAILED   redirects" in out.stdout, out.stdout)
    finally:
        s.stop()


def test_http_faults_have_named_phases_in_bounded_time(build):
    s = MockServer(build, "server", stall=30)
    try:
        out, took = fetch(build, s, "https://svc.test/stall", timeout_ms=2000)
        check("FAILED   body: the server stalled" in out.stdout and took < 10, f"{out.stdout} ({took:.1f} s)")
        out, took = fetch(build, s, "https://svc.test/huge", max_body=100000)
        check("FAILED   too-large" in out.stdout and took < 10, f"{out.stdout} ({took:.1f} s)")
    finally:
        s.stop()
    port = free_port_pair()  # nothing listens there
    out = subprocess.run([os.path.join(build, "asan/preflight"), "fetch", "https://svc.test/", "--connect-to",
                          f"svc.test:127.0.0.1:{port}"], capture_output=True, text=True, timeout=60)
    check("FAILED   connect: TCP:" in out.stdout and "refused" in out.stdout, out.stdout)
    out = subprocess.run([os.path.join(build, "asan/preflight"), "fetch", "https://bad host/"],
                         capture_output=True, text=True, timeout=60)
    check("FAILED   url: bad URL" in out.stdout, out.stdout)
    # (name resolution failures are tested in the network namespace with its own DNS server, never against
    # the machine's resolver: tests send nothing off this machine)


def test_http_tls_always_verifies(build):
    cases = {"intercept": "untrusted CA (TLS inspection?); issuer: CN=Corporate TLS Inspection CA",
             "wronghost": "is for another host name", "expired": "has expired"}
    for cert, words in cases.items():
        s = MockServer(build, cert)
        try:
            out, _ = fetch(build, s, "https://svc.test/plain")
            check(out.returncode == 2 and "FAILED   tls:" in out.stdout and words in out.stdout, f"{cert}: {out.stdout}")
        finally:
            s.stop()


class MockProxy:
    def __init__(self, build, upstream, auth=""):
        self.port = free_port_pair()
        self.log = os.path.join(build, "tests", f"proxy-{self.port}.log")
        open(self.log, "w").close()
        self.proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests/net/mock_proxy.py"), "--port",
                                      str(self.port), "--upstream-port", str(upstream.port), "--auth", auth,
                                      "--log", self.log, "--lifetime", "120"], stdout=subprocess.PIPE, text=True)
        check(self.proc.stdout.readline().strip() == "ready", "the mock proxy did not start")

    def requests(self):
        with open(self.log) as f:
            return f.read()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def fetch_via(build, server, proxy, url, credentials=""):
    """A fetch that must go through the proxy: the target name has no mapping and does not resolve."""
    spec = f"http://{credentials + '@' if credentials else ''}proxy.test:{proxy.port}"
    out = subprocess.run([os.path.join(build, "asan/preflight"), "fetch", url, "--ca", server.ca, "--proxy", spec,
                          "--connect-to", f"proxy.test:127.0.0.1:{proxy.port}"],
                         capture_output=True, text=True, timeout=60)
    check("AddressSanitizer" not in out.stderr and "runtime error" not in out.stderr, out.stderr[-2000:])
    return out


def test_http_through_a_proxy(build):
    tls, plain = MockServer(build, "server"), MockServer(build, None)
    open_proxy, locked = MockProxy(build, tls), MockProxy(build, tls, auth="bench:s3cret")
    plain_proxy = MockProxy(build, plain)
    try:
        out = fetch_via(build, tls, open_proxy, "https://svc.test/chunked")
        check(out.returncode == 0 and "first second third" in out.stdout, out.stdout + out.stderr)
        check("CONNECT svc.test:443 HTTP/1.1" in open_proxy.requests(), open_proxy.requests())
        out = fetch_via(build, plain, plain_proxy, "http://svc.test/plain")
        check(out.returncode == 0 and "hello from the mock" in out.stdout, out.stdout + out.stderr)
        check("GET http://svc.test/plain HTTP/1.1" in plain_proxy.requests(), plain_proxy.requests())
        out = fetch_via(build, tls, locked, "https://svc.test/plain")
        check(out.returncode == 2 and "HTTP 407" in out.stdout and "proxy credentials" in out.stdout, out.stdout)
        out = fetch_via(build, tls, locked, "https://svc.test/plain", credentials="bench:s3cret")
        check(out.returncode == 0 and "hello from the mock" in out.stdout, out.stdout + out.stderr)
        check("s3cret" not in out.stdout + out.stderr, "the proxy password was printed")
        out = subprocess.run([os.path.join(build, "asan/preflight"), "fetch", "https://svc.test/", "--proxy",
                              "socks5://proxy.test:1080"], capture_output=True, text=True, timeout=60)
        check(out.returncode != 0 and "--proxy: the proxy must be given as http://" in out.stderr, out.stderr)
    finally:
        for s in (open_proxy, locked, plain_proxy, tls, plain):
            s.stop()


def test_https_speaks_tls_1_2_and_1_3(build):
    """The client completes a verified handshake with a server that offers only TLS 1.2, and with one that offers
    only TLS 1.3 (mbed TLS 3.6 with PSA)."""
    for version in ("1.2", "1.3"):
        s = MockServer(build, "server", tls=version)
        try:
            out, _ = fetch(build, s, "https://svc.test/plain")
        finally:
            s.stop()
        check(out.returncode == 0 and "hello from the mock" in out.stdout, f"TLS {version}: {out.stdout} {out.stderr}")
