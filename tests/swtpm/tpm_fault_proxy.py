#!/usr/bin/env python3
"""A TPM that fails on request: sits between a client and swtpm and applies a fault plan
(tests/swtpm/tpm_fault_plan.py: delays, warnings, failure mode, lockout, truncated, oversized, mistagged or
garbage answers, no answer) and, optionally, a latency model of a real TPM (latency_model.py).

  data  on swtpm's data socket, for the Linux command (`preflight check --tpm swtpm:HOST:PORT`): one or many
        commands per connection, each forwarded to swtpm's own data socket.
  ctrl  on swtpm's control socket, for QEMU (`-tpmdev emulator,chardev=...`). QEMU speaks swtpm's control
        protocol there and hands the data channel over as a file descriptor with CMD_SET_DATAFD (SCM_RIGHTS,
        swtpm's man page swtpm_ioctls). The proxy keeps QEMU's descriptor, gives swtpm one end of its own
        socketpair instead and relays the TPM commands between the two through the fault plan. At
        CMD_SHUTDOWN (QEMU ends) it first asks swtpm which transient objects and sessions are still loaded
        (--handles-at-shutdown FILE, JSON).

Prints "ready" once listening. Loopback and unix sockets only; every wait bounded (--lifetime)."""
import argparse
import json
import os
import socket
import struct
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latency_model import LatencyModel  # noqa: E402
from tpm_fault_plan import FaultPlan  # noqa: E402
from tpm_wire import loaded_handles, read_message  # noqa: E402

CMD_SHUTDOWN, CMD_SET_DATAFD = 3, 16  # swtpm control commands (swtpm_ioctls(3))
HANG_LIMIT_S = 600  # a hung command waits at most this long for the client to give up


def connect(address, timeout=30):
    if address.startswith("unix:"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(address[5:])
        return s
    host, port = address.rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=timeout)


def listen(address):
    if address.startswith("unix:"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(address[5:])
    else:
        host, port = address.rsplit(":", 1)
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host, int(port)))
    s.listen(8)
    s.settimeout(0.2)
    return s


def wait_for_close(sock, limit):
    """A hung command: answer nothing until the client closes its end (or the limit passes)."""
    sock.settimeout(limit)
    try:
        while sock.recv(4096):
            pass
    except OSError:
        pass


class Relay:
    """Answers the commands arriving on one client stream through the plan, forwarding to `upstream`
    (a connected socket, or a function that opens one on first use)."""

    def __init__(self, plan, upstream, lock=None):
        self.plan, self.upstream, self.sock = plan, upstream, None
        self.lock = lock or threading.Lock()

    def forward(self, command):
        with self.lock:
            try:
                if self.sock is None:
                    self.sock = self.upstream() if callable(self.upstream) else self.upstream
                self.sock.sendall(command)
                return read_message(self.sock)
            except OSError:
                return None

    def serve(self, client):
        try:
            while True:
                command = read_message(client)
                if command is None:
                    return
                response, close = self.plan.answer(command, self.forward)
                if response is None and not close:
                    wait_for_close(client, HANG_LIMIT_S)
                    return
                if response:
                    client.sendall(response)
                if close:
                    return
        except OSError:
            return
        finally:
            client.close()
            if callable(self.upstream) and self.sock is not None:
                self.sock.close()


class DataProxy:
    """On swtpm's data socket: every client connection gets its own connection to swtpm."""

    def __init__(self, listen_at, upstream, plan):
        self.sock, self.upstream, self.plan = listen(listen_at), upstream, plan
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def port(self):
        return self.sock.getsockname()[1]

    def start(self):
        self.thread.start()
        return self

    def _serve(self):
        while not self.stopping.is_set():
            try:
                client, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            client.settimeout(HANG_LIMIT_S)
            relay = Relay(self.plan, lambda: connect(self.upstream))
            threading.Thread(target=relay.serve, args=(client,), daemon=True).start()

    def stop(self):
        self.stopping.set()
        self.thread.join(timeout=5)
        self.sock.close()


class CtrlProxy:
    """On swtpm's control socket, for QEMU: relays the control channel and takes over the data channel."""

    def __init__(self, listen_at, upstream, plan, handles_file=None):
        self.sock, self.upstream, self.plan, self.handles_file = listen(listen_at), upstream, plan, handles_file
        self.data = None  # our end of the socketpair whose other end swtpm has
        self.lock = threading.Lock()

    def serve(self, lifetime):
        self.sock.settimeout(lifetime)
        qemu, _ = self.sock.accept()
        tpm = connect(self.upstream, timeout=lifetime)
        qemu.settimeout(lifetime)
        tpm.settimeout(lifetime)
        back = threading.Thread(target=self._pipe, args=(tpm, qemu), daemon=True)
        back.start()
        try:
            while True:
                message, fds, _, _ = socket.recv_fds(qemu, 65536, 4)
                if not message:
                    break
                code = struct.unpack(">I", message[:4])[0] if len(message) >= 4 else None
                if code == CMD_SET_DATAFD and fds:
                    fds = [self._take_data_channel(fds[0])]
                elif code == CMD_SHUTDOWN:
                    self._record_handles()
                socket.send_fds(tpm, [message], fds) if fds else tpm.sendall(message)
                for fd in fds:
                    os.close(fd)
        except OSError:
            pass
        self._record_handles()
        qemu.close()
        tpm.close()

    def _take_data_channel(self, qemu_fd):
        """Keeps QEMU's descriptor, relays it through the plan; returns the end to give swtpm."""
        ours, theirs = socket.socketpair()
        self.data = ours
        qemu_data = socket.socket(fileno=qemu_fd)
        qemu_data.settimeout(None)
        relay = Relay(self.plan, ours, self.lock)
        threading.Thread(target=relay.serve, args=(qemu_data,), daemon=True).start()
        fd = os.dup(theirs.fileno())
        theirs.close()
        return fd

    def _record_handles(self):
        if not self.handles_file or self.data is None or os.path.exists(self.handles_file):
            return

        def exchange(command):
            with self.lock:
                try:
                    self.data.settimeout(10)
                    self.data.sendall(command)
                    return read_message(self.data)
                except OSError:
                    return None
        with open(self.handles_file, "w") as f:
            json.dump(loaded_handles(exchange), f)

    @staticmethod
    def _pipe(src, dst):
        try:
            while True:
                chunk = src.recv(65536)
                if not chunk:
                    break
                dst.sendall(chunk)
        except OSError:
            pass


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["data", "ctrl"])
    p.add_argument("--listen", required=True, help="HOST:PORT or unix:PATH")
    p.add_argument("--upstream", required=True, help="swtpm's socket, HOST:PORT or unix:PATH")
    p.add_argument("--fault", action="append", default=[], help="a rule, e.g. k=5:retry:n=2, cc=Create:failure")
    p.add_argument("--model", help="a latency model (tests/swtpm/latency_models/NAME.json, or a path)")
    p.add_argument("--scale", type=float, default=1.0, help="multiplies the model's times")
    p.add_argument("--log", help="one JSON line per command")
    p.add_argument("--handles-at-shutdown", help="ctrl: the loaded handles when QEMU shuts the TPM down")
    p.add_argument("--lifetime", type=float, default=900)
    a = p.parse_args()
    model = LatencyModel(a.model, a.scale) if a.model else None
    plan = FaultPlan(a.fault, model, a.log)
    if a.mode == "data":
        proxy = DataProxy(a.listen, a.upstream, plan).start()
        print("ready", flush=True)
        proxy.stopping.wait(a.lifetime)
        proxy.stop()
    else:
        proxy = CtrlProxy(a.listen, a.upstream, plan, a.handles_at_shutdown)
        print("ready", flush=True)
        proxy.serve(a.lifetime)


if __name__ == "__main__":
    main()
