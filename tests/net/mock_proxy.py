#!/usr/bin/env python3
"""A mock HTTP proxy for the proxy tests, on loopback or in a test network namespace only, with a bounded lifetime.
Every target, whatever host it names, is reached at --upstream-host:--upstream-port (the mock server; plain-HTTP
requests at --plain-upstream-port when given), so nothing leaves this machine or the namespace:
- CONNECT host:port opens a tunnel (RFC 9110 9.3.6) and answers 200;
- GET http://host/path (absolute form, RFC 9112 3.2.2) is sent on as GET /path with the original Host;
- with --auth user:password, a request without the matching Proxy-Authorization: Basic gets 407.
Each request line is appended to --log, so a test can see the client really went through the proxy.
Python standard library only."""
import argparse
import base64
import select
import socket
import socketserver
import threading
import urllib.parse


def read_head(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(1)
        if not chunk or len(data) > 16384:
            return None
        data += chunk
    return data.decode("latin-1")


def pipe(a, b, seconds):
    """Copies both ways until either side closes or nothing moves for `seconds`."""
    while True:
        ready, _, _ = select.select([a, b], [], [], seconds)
        if not ready:
            return
        for s in ready:
            data = s.recv(65536)
            if not data:
                return
            (b if s is a else a).sendall(data)


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(30)
        head = read_head(self.request)
        if head is None:
            return
        lines = head.split("\r\n")
        method, target, _ = (lines[0].split(" ") + ["", ""])[:3]
        headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:] if l)}
        with self.server.lock, open(self.server.log, "a") as log:
            log.write(lines[0] + "\n")
        if self.server.auth and headers.get("proxy-authorization") != "Basic " + self.server.auth:
            self.request.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                                 b"Proxy-Authenticate: Basic realm=\"mock\"\r\nContent-Length: 0\r\n\r\n")
            return
        port = self.server.upstream_port if method == "CONNECT" else self.server.plain_upstream_port
        upstream = socket.create_connection((self.server.upstream_host, port), timeout=30)
        try:
            if method == "CONNECT":
                self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            else:
                u = urllib.parse.urlsplit(target)
                rest = "".join(l + "\r\n" for l in lines[1:] if l and not l.lower().startswith("proxy-"))
                upstream.sendall(f"{method} {u.path or '/'}{'?' + u.query if u.query else ''} HTTP/1.1\r\n"
                                 f"{rest}\r\n".encode("latin-1"))
            pipe(self.request, upstream, 30)
        finally:
            upstream.close()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # a client that resets its tunnel is not the proxy's problem; stay quiet


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--upstream-port", type=int, required=True)
    p.add_argument("--upstream-host", default="127.0.0.1")
    p.add_argument("--plain-upstream-port", type=int, help="where absolute-URI (http) requests go; default the same")
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--auth", default="", help="user:password the proxy demands")
    p.add_argument("--log", required=True)
    p.add_argument("--lifetime", type=float, default=120)
    a = p.parse_args()
    server = Server((a.bind, a.port), Handler)
    server.upstream_port, server.log, server.lock = a.upstream_port, a.log, threading.Lock()
    server.upstream_host, server.plain_upstream_port = a.upstream_host, a.plain_upstream_port or a.upstream_port
    server.auth = base64.b64encode(a.auth.encode()).decode() if a.auth else ""
    threading.Timer(a.lifetime, server.shutdown).start()
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
