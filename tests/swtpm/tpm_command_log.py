#!/usr/bin/env python3
"""A pass-through TCP proxy in front of swtpm's data port that logs every TPM command: its code, its response
code, and for the commands that generate a key (TPM2_CreatePrimary, TPM2_Create, TPM2_CreateLoaded) the type of
the template (TPMT_PUBLIC.type: RSA or ECC). Used to count the commands of a run and the RSA key generations
(TPM 2.0 Part 1, 18 command and response structure; Part 3, 24.1 CreatePrimary, 12.1 Create, 12.9 CreateLoaded:
one handle, the authorisation area, TPM2B_SENSITIVE_CREATE, then TPM2B_PUBLIC).

Connections may carry one command (the Linux command's swtpm transport) or many (tpm2-tools' swtpm TCTI).
The log is one line per command, appended as it happens: "<CommandName> 0x<rc>", then the template type
(RSA, ECC ...) for a key generation, or "cap=... property=... count=..." for GetCapability.
Loopback only, bounded lifetime. Also importable: `CommandLog` runs it in a thread for a system test."""
import argparse
import socket
import socketserver
import struct
import threading

from tpm_wire import read_message  # one reader of TPM messages for every proxy

NAMES = {
    0x120: "EvictControl", 0x121: "HierarchyControl", 0x122: "NV_UndefineSpace", 0x126: "Clear",
    0x12A: "NV_DefineSpace", 0x131: "CreatePrimary", 0x137: "NV_Write", 0x139: "DictionaryAttackLockReset",
    0x143: "SelfTest", 0x144: "Startup", 0x145: "Shutdown", 0x147: "ActivateCredential", 0x148: "Certify",
    0x14A: "CertifyCreation", 0x14E: "NV_Read", 0x151: "PolicySecret", 0x153: "Create", 0x157: "Load",
    0x15D: "Sign", 0x161: "ContextLoad", 0x162: "ContextSave", 0x165: "FlushContext", 0x168: "MakeCredential",
    0x169: "NV_ReadPublic", 0x16C: "PolicyCommandCode", 0x173: "ReadPublic", 0x176: "StartAuthSession",
    0x17A: "GetCapability", 0x17B: "GetRandom", 0x17C: "GetTestResult", 0x17E: "PCR_Read", 0x180: "PolicyRestart",
    0x189: "PolicyGetDigest", 0x191: "CreateLoaded",
}
TPM_CC_GET_CAPABILITY = 0x17A
KEY_COMMANDS = {0x131, 0x153, 0x191}
KEY_TYPES = {0x0001: "RSA", 0x0023: "ECC", 0x0008: "KEYEDHASH", 0x0025: "SYMCIPHER"}
TPM_ST_SESSIONS = 0x8002


def key_type(command):
    """The template type of CreatePrimary / Create / CreateLoaded, '?' when the command is too short to say."""
    try:
        at = 14  # header, one handle
        if struct.unpack(">H", command[0:2])[0] == TPM_ST_SESSIONS:
            at += 4 + struct.unpack(">I", command[14:18])[0]
        at += 2 + struct.unpack(">H", command[at:at + 2])[0]  # TPM2B_SENSITIVE_CREATE
        return KEY_TYPES.get(struct.unpack(">H", command[at + 2:at + 4])[0], "other")
    except struct.error:
        return "?"


def describe(command, response):
    cc = struct.unpack(">I", command[6:10])[0]
    rc = struct.unpack(">I", response[6:10])[0] if response and len(response) >= 10 else 0xFFFFFFFF
    line = f"{NAMES.get(cc, f'0x{cc:X}')} 0x{rc:X}"
    if cc == TPM_CC_GET_CAPABILITY and len(command) >= 22:  # which capability, from which property, how many
        return line + " cap=0x%X property=0x%X count=%d" % struct.unpack(">III", command[10:22])
    return line + (" " + key_type(command) if cc in KEY_COMMANDS else "")


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(60)
        with socket.create_connection(("127.0.0.1", self.server.swtpm_port), timeout=60) as tpm:
            while True:
                command = read_message(self.request)
                if command is None:
                    return
                tpm.sendall(command)
                response = read_message(tpm)
                self.server.note(describe(command, response))
                if response is None:
                    return
                self.request.sendall(response)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def note(self, line):
        with self.lock:
            self.lines.append(line)
            if self.log_path:
                with open(self.log_path, "a") as f:
                    f.write(line + "\n")


def make_server(port, swtpm_port, log_path=None):
    server = Server(("127.0.0.1", port), Handler)
    server.swtpm_port, server.log_path, server.lines, server.lock = swtpm_port, log_path, [], threading.Lock()
    return server


class Relay(socketserver.BaseRequestHandler):
    """swtpm's control channel (port + 1, which tpm2-tools' swtpm TCTI also opens), passed through unlogged."""

    def handle(self):
        self.request.settimeout(60)
        with socket.create_connection(("127.0.0.1", self.server.swtpm_port + 1), timeout=60) as ctrl:
            while True:
                data = self.request.recv(4096)
                if not data:
                    return
                ctrl.sendall(data)
                answer = ctrl.recv(4096)
                if not answer:
                    return
                self.request.sendall(answer)


class CommandLog:
    """The proxy in a thread of the test, on `port` (data) and `port + 1` (control relay), both free ports:
    `spec()` for --tpm, `lines()` the log so far, `clear()`, `stop()`."""

    def __init__(self, swtpm_port, port):
        self.port = port
        self.server = make_server(port, swtpm_port)
        self.relay = Server(("127.0.0.1", port + 1), Relay)
        self.relay.swtpm_port = swtpm_port
        for s in (self.server, self.relay):
            threading.Thread(target=s.serve_forever, daemon=True).start()

    def spec(self):
        return f"swtpm:127.0.0.1:{self.port}"

    def lines(self):
        with self.server.lock:
            return list(self.server.lines)

    def clear(self):
        with self.server.lock:
            self.server.lines.clear()

    def stop(self):
        for s in (self.server, self.relay):
            s.shutdown()
            s.server_close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--swtpm-port", type=int, required=True)
    p.add_argument("--log", required=True, help="file the command lines are appended to")
    p.add_argument("--lifetime", type=float, default=600)
    a = p.parse_args()
    server = make_server(a.port, a.swtpm_port, a.log)
    threading.Timer(a.lifetime, server.shutdown).start()
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
