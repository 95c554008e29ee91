"""The tool's own HTTP(S) client (`preflight fetch`, the client the online checks use) against mock servers on
loopback: bodies by length and chunks, redirects, and every fault with its named phase within its time limit -
refused, a bad URL, untrusted issuer (TLS inspection), wrong host, expired certificate, a stall mid-body, an
oversized body, a redirect loop. Runs under AddressSanitizer."""
import os
import shutil
import subprocess
import sys
import time

from harness import ROOT, Skip, TestFailure, check, free_port_pair


def default_aik_chain(build):
    """The test AIK service's good GetCACertChain answer (tests/net/make-aik-service-pki.sh), "" before the test cabs
    are made (then the mock answers GetCACertChain 404)."""
    path = os.path.join(build, "tests", "cabs", "scep", "good.p7b")
    return path if os.path.exists(path) else ""


class MockServer:
    def __init__(self, build, cert, listed="", stall=30, date_offset=0, files=None, redirects=None, post_redirects=None,
                 aik_chain=None, **collector):
        """cert: the TLS certificate to serve with, or None for plain HTTP; files: {url path: file};
        aik_chain: the GetCACertChain answer for listed ids (default: the good one of the test cabs' AIK CA);
        redirects / post_redirects: {url path: location} answered 302 to GET / 307 to POST;
        collector: store=DIR, require_header="Name: value", fail_first=N (tests/net/mock_server.py)."""
        pki = os.path.join(build, "tests", "pki")
        subprocess.run([os.path.join(ROOT, "tests/net/make-test-pki.sh"), pki], check=True)
        self.port = free_port_pair()
        tls = ["--cert", os.path.join(pki, cert + ".pem"), "--key", os.path.join(pki, cert + ".key")] if cert else []
        served = [a for path, f in (files or {}).items() for a in ("--file", f"{path}={f}")]
        served += [a for path, to in (redirects or {}).items() for a in ("--redirect", path, to)]
        served += [a for path, to in (post_redirects or {}).items() for a in ("--post-redirect", path, to)]
        served += [a for k, v in collector.items() for a in (f"--{k.replace('_', '-')}", str(v))]
        served += ["--aik-chain", aik_chain or default_aik_chain(build)]
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


def code(out):
    """The failure code `preflight fetch` printed (docs/network.md, Failure codes), "" when none."""
    for line in out.stdout.splitlines():
        if line.startswith("CODE     "):
            return line[9:].strip()
    return ""


def test_http_bodies_and_redirects(build):
    s = MockServer(build, "server")
    try:
        out, _ = fetch(build, s, "https://svc.test/chunked")
        check(out.returncode == 0 and "first second third" in out.stdout, out.stdout)
        out, _ = fetch(build, s, "https://svc.test/redirect/3")
        check("200 OK" in out.stdout and "3 redirect(s)" in out.stdout and "arrived" in out.stdout, out.stdout)
        out, _ = fetch(build, s, "https://svc.test/loop")
        check(out.returncode == 2 and "FAILED   redirects" in out.stdout and code(out) == "HTTP-REDIRECT-LOOP",
              out.stdout)
    finally:
        s.stop()


def test_http_faults_have_named_phases_in_bounded_time(build):
    s = MockServer(build, "server", stall=30)
    try:
        out, took = fetch(build, s, "https://svc.test/stall", timeout_ms=2000)
        check("FAILED   body: the server stalled" in out.stdout and code(out) == "HTTP-STALLED-BODY" and took < 10,
              f"{out.stdout} ({took:.1f} s)")
        out, took = fetch(build, s, "https://svc.test/huge", max_body=100000)
        check("FAILED   too-large" in out.stdout and code(out) == "HTTP-TOO-LARGE" and took < 10,
              f"{out.stdout} ({took:.1f} s)")
        out, _ = fetch(build, s, "https://svc.test/plain")
        check(out.returncode == 0 and "CODE" not in out.stdout, out.stdout)
    finally:
        s.stop()
    port = free_port_pair()  # nothing listens there
    out = subprocess.run([os.path.join(build, "asan/preflight"), "fetch", "https://svc.test/", "--connect-to",
                          f"svc.test:127.0.0.1:{port}"], capture_output=True, text=True, timeout=60)
    check("FAILED   connect: TCP:" in out.stdout and "refused" in out.stdout and code(out) == "TCP-REFUSED", out.stdout)
    out = subprocess.run([os.path.join(build, "asan/preflight"), "fetch", "https://bad host/"],
                         capture_output=True, text=True, timeout=60)
    check("FAILED   url: bad URL" in out.stdout and code(out) == "URL-INVALID", out.stdout)
    # (name resolution failures are tested in the network namespace with its own DNS server, never against
    # the machine's resolver: tests send nothing off this machine)


def test_http_tls_always_verifies(build):
    cases = {"intercept": ("untrusted CA (TLS inspection?); issuer: CN=Corporate TLS Inspection CA",
                           "TLS-VERIFY-UNTRUSTED"),
             "wronghost": ("is for another host name", "TLS-VERIFY-HOSTNAME"),
             "expired": ("has expired", "TLS-VERIFY-EXPIRED")}
    for cert, (words, failure) in cases.items():
        s = MockServer(build, cert)
        try:
            out, _ = fetch(build, s, "https://svc.test/plain")
            check(out.returncode == 2 and "FAILED   tls:" in out.stdout and words in out.stdout and code(out) == failure,
                  f"{cert}: {out.stdout}")
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
        check(out.returncode == 2 and "HTTP 407" in out.stdout and "proxy credentials" in out.stdout and
              code(out) == "PROXY-AUTH-REQUIRED", out.stdout)
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


def test_http_never_follows_https_to_http(build):
    """A redirect from https to plain http is refused and named: the answer would arrive unprotected."""
    s = MockServer(build, "server", redirects={"/down": "http://svc.test/plain", "/up": "https://svc.test/plain"})
    try:
        out, _ = fetch(build, s, "https://svc.test/down")
        check(out.returncode == 2 and "FAILED   redirects: the redirect (HTTP 302) to http://svc.test/ was not "
              "followed: it leaves HTTPS for plain HTTP" in out.stdout and code(out) == "HTTP-REDIRECT-INSECURE",
              out.stdout)
        out, _ = fetch(build, s, "https://svc.test/up")
        check(out.returncode == 0 and "hello from the mock" in out.stdout, out.stdout)
    finally:
        s.stop()


def test_http_max_body_is_checked_and_clamped(build):
    """--max-body beyond the client's ceiling (2^64 - 1 once wrapped the buffer size to 0) is clamped; what is not
    a positive number of bytes is refused with a reason. Under AddressSanitizer."""
    s = MockServer(build, "server")
    try:
        for huge in ("18446744073709551615", "99999999999999999999999", "268435457"):
            out, _ = fetch(build, s, "https://svc.test/chunked", max_body=huge)  # no length: the buffer's size counts
            check(out.returncode == 0 and "first second third" in out.stdout, f"{huge}: {out.stdout} {out.stderr}")
            out, _ = fetch(build, s, "https://svc.test/plain", max_body=huge)  # by Content-Length
            check(out.returncode == 0 and "hello from the mock" in out.stdout, f"{huge}: {out.stdout} {out.stderr}")
        for bad in ("-1", "0", "12k", ""):
            out, _ = fetch(build, s, "https://svc.test/plain", max_body=bad or " ")
            check(out.returncode == 2 and "--max-body" in out.stderr and "FETCH" not in out.stdout,
                  f"{bad!r}: {out.stdout} {out.stderr}")
    finally:
        s.stop()


def test_http_tls_end_without_close_notify_is_truncation(build):
    """A body delimited by the connection's end counts only when TLS ended with close_notify (RFC 9112 9.8): a bare
    TCP close, which anyone on the path can forge, fails as a possibly cut-short body."""
    s = MockServer(build, "server")
    try:
        out, _ = fetch(build, s, "https://svc.test/until-close")
        check(out.returncode == 2 and "FAILED   body: the connection ended without TLS close_notify" in out.stdout and
              code(out) == "TLS-TRUNCATED", out.stdout)
        out, _ = fetch(build, s, "https://svc.test/until-close-notify")
        check(out.returncode == 0 and "the whole body" in out.stdout, out.stdout + out.stderr)
    finally:
        s.stop()


# A DNS server on the namespace's loopback that serves each question with `answer` for a minute or two.
DNS_SERVER = """
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53))
s.settimeout(1)
print("ready", flush=True)
end = time.time() + 120
while time.time() < end:
    try:
        q, peer = s.recvfrom(512)
    except socket.timeout:
        continue
%s
"""
# ... that reads every question and never answers
SILENT_DNS = DNS_SERVER % "    pass"
# ... that says every name does not exist (RCODE 3, NXDOMAIN; RFC 1035 4.1.1), echoing the question
NXDOMAIN_DNS = DNS_SERVER % """    at = 12
    while at < len(q) and q[at]:
        at += 1 + q[at]
    question = q[12:at + 5]
    s.sendto(q[:2] + bytes([0x80 | (q[2] & 0x79), 0x83]) + b"\\0\\1\\0\\0\\0\\0\\0\\0" + question, peer)"""


def fetch_with_dns(build, server_script, url):
    """Runs `preflight fetch url` in a network namespace of its own whose only DNS server runs server_script (ip
    netns exec bind-mounts /etc/netns/NAME/resolv.conf, which also lets glibc wait a minute: timeout:30
    attempts:2), so the machine's resolver is never asked. Returns the output and the seconds it took."""
    if os.geteuid() != 0 or not shutil.which("ip"):
        raise Skip("needs root and iproute2 for a network namespace")
    name = f"pfdns{os.getpid()}"
    etc = os.path.join("/etc/netns", name)
    subprocess.run(["ip", "netns", "add", name], check=True)
    sink = None
    try:
        os.makedirs(etc, exist_ok=True)
        with open(os.path.join(etc, "resolv.conf"), "w") as f:
            f.write("nameserver 127.0.0.1\noptions timeout:30 attempts:2\n")
        subprocess.run(["ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"], check=True)
        sink = subprocess.Popen(["ip", "netns", "exec", name, sys.executable, "-c", server_script],
                                stdout=subprocess.PIPE, text=True)
        check(sink.stdout.readline().strip() == "ready", "the test's DNS server did not start")
        started = time.time()
        try:
            out = subprocess.run(["ip", "netns", "exec", name, os.path.join(build, "asan/preflight"), "fetch", url],
                                 capture_output=True, text=True, timeout=40)
        except subprocess.TimeoutExpired:
            raise TestFailure("the lookup was not bounded: no result within 40 s")
        check("AddressSanitizer" not in out.stderr and "runtime error" not in out.stderr, out.stderr[-2000:])
        return out, time.time() - started
    finally:
        if sink:
            sink.terminate()
            sink.wait(timeout=10)
        subprocess.run(["ip", "netns", "del", name], stderr=subprocess.DEVNULL)
        shutil.rmtree(etc, ignore_errors=True)


def test_http_dns_is_bounded_by_its_limit(build):
    """A DNS server that never answers, behind a resolv.conf that would let glibc wait a minute: the lookup gives up
    at the client's DNS limit (5 s) and says so, as DNS-TIMEOUT."""
    out, took = fetch_with_dns(build, SILENT_DNS, "https://never.test/")
    check(out.returncode == 2 and "FAILED   dns: DNS: never.test: no answer within 5000 ms" in out.stdout and
          code(out) == "DNS-TIMEOUT" and took < 12, f"{out.stdout} ({took:.1f} s)")


def test_http_dns_name_that_does_not_exist(build):
    """A DNS server that says the name does not exist: the lookup fails at once as DNS-NXDOMAIN."""
    out, took = fetch_with_dns(build, NXDOMAIN_DNS, "https://nowhere.test/")
    check(out.returncode == 2 and "FAILED   dns: DNS: nowhere.test cannot be resolved" in out.stdout and
          code(out) == "DNS-NXDOMAIN" and took < 5, f"{out.stdout} ({took:.1f} s)")
