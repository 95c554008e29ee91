#!/usr/bin/env python3
"""Mock HTTP(S) services for the online tests, on loopback or inside a test network namespace only, with a
bounded lifetime:
- the Microsoft AIK authority: /templates/Aik/scep?operation=GetCACaps answers capabilities for the ids given
  with --listed and the real 404 "authority does not exist" body for the others; ?operation=GetCACertChain
  answers a listed id with the certs-only CMS file given by --aik-chain (tests/net/make-aik-service-pki.sh makes
  them: good, wrong AIK CA, another root, truncated, garbage, empty), or a bare 404 with --aik-chain 404;
  with --aik-enrol MODE, POST ?operation=PKIOperation plays the enrolment's server side for real
  (tests/net/aik_scep_service.py lists the modes; the RA and AIK CA keys from --aik-keys, by default the keys/
  folder beside --aik-chain; the EK CAs it trusts from --ek-ca); that part needs python3-cryptography and runs
  under Debian's /usr/bin/python3;
- files given with --file URLPATH=FILE (issuing CAs behind caIssuers URLs, cabs) and 302s given with --redirect;
  307s for POSTs given with --post-redirect;
- /connecttest.txt with a Date header, shifted by --date-offset seconds (the clock check);
- a report collector: POST /collect... and /services/collector... store each body in --store DIR (N.json, with
  N.headers); --require-header "Name: value" answers 401 without it; --fail-first N answers 503 N times first;
- fault paths for the HTTP client: /chunked, /stall (stops mid-body), /huge (a body over any cap),
  /until-close and /until-close-notify (a body delimited by the connection's end, without and with TLS close_notify),
  /redirect/N (N redirects), /loop (redirects forever), /plain (a small body with a Date header).
Python standard library only, but for --aik-enrol."""
import argparse
import http.server
import os
import re
import socketserver
import ssl
import sys
import threading
import time

CAPS = b"POSTPKIOperation\nRenewal\nSHA-256\nAES\nSHA-1\nDES3\n"
AUTHORITY = re.compile(r"([a-z0-9]+-(?:keyid|nameid)-[0-9a-f]{40})\.microsoftaik\.azure\.net$")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def date_time_string(self, timestamp=None):
        # the Date header, shifted by --date-offset to play a network whose clock differs from ours
        return super().date_time_string(time.time() + self.server.date_offset)

    def send(self, status, body, headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        path = self.path
        if path.startswith("/templates/Aik/scep") and self.server.aik_fault:
            path = "/" + self.server.aik_fault  # the AIK service misbehaves: /stall or /huge
        if path.startswith("/templates/Aik/scep"):
            if self.listed(host):
                if re.search(r"[?&]operation=GetCACertChain(&|$)", path, re.I):
                    return self.ca_cert_chain()
                return self.send(200, CAPS, [("Content-Type", "text/plain")])
            return self.authority_missing(host)
        if path in self.server.redirects:
            return self.send(302, b"", [("Location", self.server.redirects[path])])
        if path in self.server.files:
            with open(self.server.files[path], "rb") as f:
                return self.send(200, f.read(), [("Content-Type", "application/pkix-cert")])
        if path in ("/plain", "/connecttest.txt"):
            return self.send(200, b"hello from the mock\n", [("Content-Type", "text/plain")])
        if path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"first ", b"second ", b"third\n"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\nX-Trailer: yes\r\n\r\n")
            return None
        if path in ("/until-close", "/until-close-notify"):  # a body that ends with the connection
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"the whole body\n")
            self.wfile.flush()
            self.close_connection = True
            if path == "/until-close-notify":  # the TLS closure alert, RFC 8446 6.1; without it the end is a TCP FIN
                try:
                    self.connection.unwrap()
                except (OSError, ValueError, AttributeError):
                    pass  # the client may close first; a plain HTTP mock has no TLS to end
            return None
        if path == "/stall":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"x" * 10)
            self.wfile.flush()
            time.sleep(self.server.stall)
            return None
        if path == "/huge":
            self.send_response(200)
            self.send_header("Content-Length", str(64 * 1024 * 1024))
            self.end_headers()
            try:
                for _ in range(1024):
                    self.wfile.write(b"y" * 65536)
            except OSError:
                pass
            return None
        m = re.match(r"/redirect/(\d+)$", path)
        if m:
            n = int(m.group(1))
            if n == 0:
                return self.send(200, b"arrived\n")
            return self.send(302, b"", [("Location", "/redirect/%d" % (n - 1))])
        if path == "/loop":
            return self.send(302, b"", [("Location", "/loop")])
        return self.send(404, b"no such mock path\n")

    def listed(self, host):
        m = AUTHORITY.match(host)
        return bool(m and m.group(1) in self.server.listed)

    def authority_missing(self, host):
        body = ('{"Message":"The authority \\"%s\\" does not exist."}' % host).encode()
        return self.send(404, body, [("Content-Type", "application/json")])

    def aik_enrol(self):
        """POST ...?operation=PKIOperation: the AIK enrolment (tests/net/aik_scep_service.py), the body read up to
        its limit only."""
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        length = self.headers.get("Content-Length") or "0"
        length = int(length) if length.isdigit() else 0
        body = self.rfile.read(min(length, self.server.aik_service.max_body + 1))
        if len(body) < length:
            self.close_connection = True  # the rest is never read
        if not self.listed(host):
            return self.authority_missing(host)
        if not re.search(r"[?&]operation=PKIOperation(&|$)", self.path):
            return self.send(405, b"PKIOperation only\n", [("Content-Type", "text/plain")])
        reply = self.server.aik_service.pki_operation(host, body)
        headers = [("Content-Type", reply.content_type), *reply.headers]
        if not reply.stall:
            return self.send(reply.status, reply.body, headers)
        self.send_response(reply.status)  # a service that stops mid-answer, until --stall or the lifetime ends
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body[:10])
        self.wfile.flush()
        time.sleep(max(0, min(self.server.stall, self.server.deadline - time.time())))
        self.close_connection = True
        return None

    def ca_cert_chain(self):
        """GetCACertChain: RFC 8894 3.5.1.2's answer type, the bytes of the --aik-chain file as they are."""
        chain = self.server.aik_chain
        if chain == "404" or not chain:
            return self.send(404, b"Not Found\n", [("Content-Type", "text/plain")])
        with open(chain, "rb") as f:
            return self.send(200, f.read(), [("Content-Type", "application/x-x509-ca-ra-cert")])

    def do_POST(self):
        if self.path.startswith("/templates/Aik/scep") and self.server.aik_service:
            return self.aik_enrol()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, 64 * 1024 * 1024))
        if self.path in self.server.post_redirects:  # 307 keeps the method and the body (RFC 9110 15.4.8)
            return self.send(307, b"", [("Location", self.server.post_redirects[self.path])])
        if not (self.path.startswith("/collect") or self.path.startswith("/services/collector")) or not self.server.store:
            return self.send(404, b"no such mock path\n")
        if self.server.require_header:
            name, _, value = self.server.require_header.partition(":")
            if (self.headers.get(name.strip()) or "") != value.strip():
                return self.send(401, b'{"error":"unauthorized"}\n', [("Content-Type", "application/json")])
        with self.server.lock:
            self.server.posts += 1
            n = self.server.posts
        if n <= self.server.fail_first:
            return self.send(503, b"collector busy\n")
        import os
        with open(os.path.join(self.server.store, f"{n}.json"), "wb") as f:
            f.write(body)
        with open(os.path.join(self.server.store, f"{n}.headers"), "w") as f:
            f.write(str(self.headers))
        return self.send(201, b'{"result":"stored"}\n', [("Content-Type", "application/json")])


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64  # the endpoint probe connects to many names at once

    def handle_error(self, request, client_address):
        pass  # refused handshakes (wrong CA, wrong host) are what some tests want; stay quiet about them


def debian_python():
    """The enrolment runs under Debian's interpreter, whose python3-cryptography (38.0.x on Debian 12,
    third_party/install-deps.sh) is what it is written for; a pyenv or venv python3 on PATH may lack it."""
    debian = "/usr/bin/python3"
    if os.path.exists(debian) and os.path.realpath(sys.executable) != os.path.realpath(debian):
        os.execv(debian, [debian, os.path.abspath(__file__), *sys.argv[1:]])


def aik_service(a):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import aik_scep_service

    def log(line):
        if a.aik_log:
            with open(a.aik_log, "a") as f:
                f.write(line + "\n")
    keys = a.aik_keys or os.path.join(os.path.dirname(os.path.abspath(a.aik_chain)), "keys")
    return aik_scep_service.AikService(keys, a.ek_ca, a.aik_enrol, log)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--bind", default="127.0.0.1", help="the address to listen on (a test network's own address)")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--listed", default="")
    p.add_argument("--stall", type=float, default=30)
    p.add_argument("--lifetime", type=float, default=120)
    p.add_argument("--date-offset", type=float, default=0)
    p.add_argument("--tls", default="", choices=["", "1.2", "1.3"], help="offer only this TLS version")
    p.add_argument("--aik-fault", default="", choices=["", "stall", "huge"], help="the AIK service stalls or floods")
    p.add_argument("--aik-chain", default="", help="the GetCACertChain answer (a .p7b file), or 404")
    p.add_argument("--aik-enrol", default="", help="answer PKIOperation in this mode (aik_scep_service.MODES)")
    p.add_argument("--aik-keys", default="", help="the RA and AIK CA keys (default: keys/ beside --aik-chain)")
    p.add_argument("--ek-ca", action="append", default=[], help="EK CA certificates the enrolment trusts (PEM/DER)")
    p.add_argument("--aik-log", default="", help="a file for the enrolment's log lines")
    p.add_argument("--store", help="the collector's directory for POSTed bodies")
    p.add_argument("--require-header", default="")
    p.add_argument("--fail-first", type=int, default=0)
    p.add_argument("--file", action="append", default=[], help="URLPATH=FILE, served as is (AIA certificates, cabs)")
    p.add_argument("--redirect", action="append", default=[], nargs=2, metavar=("URLPATH", "LOCATION"),
                   help="answer URLPATH with a 302 to LOCATION")
    p.add_argument("--post-redirect", action="append", default=[], nargs=2, metavar=("URLPATH", "LOCATION"),
                   help="answer a POST to URLPATH with a 307 to LOCATION")
    a = p.parse_args()
    if a.aik_enrol:
        debian_python()
    server = Server((a.bind, a.port), Handler)
    server.deadline = time.time() + a.lifetime
    server.aik_service = aik_service(a) if a.aik_enrol else None
    server.listed = set(x.lower() for x in a.listed.split(",") if x)
    server.stall = a.stall
    server.date_offset = a.date_offset
    server.files = dict(f.split("=", 1) for f in a.file)
    server.redirects = dict(a.redirect)
    server.post_redirects = dict(a.post_redirect)
    server.aik_fault = a.aik_fault
    server.aik_chain = a.aik_chain
    server.store, server.require_header, server.fail_first = a.store, a.require_header, a.fail_first
    server.posts, server.lock = 0, threading.Lock()
    if a.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.cert, a.key)
        if a.tls:
            version = ssl.TLSVersion.TLSv1_2 if a.tls == "1.2" else ssl.TLSVersion.TLSv1_3
            ctx.minimum_version = ctx.maximum_version = version
        # the handshake happens in each connection's thread, so a slow client does not hold up the others
        server.socket = ctx.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    threading.Timer(a.lifetime, server.shutdown).start()
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
