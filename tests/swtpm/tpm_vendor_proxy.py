#!/usr/bin/env python3
"""Makes a swtpm look like another vendor's TPM, for the firmware-TPM tests: every command is passed to swtpm's
data channel unchanged, and in answers to TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES) the value of
TPM2_PT_MANUFACTURER is replaced (e.g. INTC, "AMD ") and TPMA_PERMANENT's tpmGeneratedEPS bit is cleared (an
Intel PTT whose seed was regenerated is a different case). One connection per command, like swtpm's socket
(TPM 2.0 Part 2: 6.13 TPM_CAP, 6.12 TPM_PT; Part 3: 30.2 GetCapability). Loopback only, bounded lifetime."""
import argparse
import socketserver
import struct
import threading

from tpm_wire import exchange_one  # one reader of TPM messages for every proxy

TPM_CC_GET_CAPABILITY = 0x17A
TPM_CAP_TPM_PROPERTIES = 6
TPM_PT_MANUFACTURER = 0x105
TPM_PT_PERMANENT = 0x200
TPM_GENERATED_EPS = 1 << 10


def patch(command, response, vendor):
    if struct.unpack(">I", command[6:10])[0] != TPM_CC_GET_CAPABILITY or len(response) < 19:
        return response
    if struct.unpack(">I", response[6:10])[0] != 0 or struct.unpack(">I", response[11:15])[0] != TPM_CAP_TPM_PROPERTIES:
        return response
    out = bytearray(response)
    count = struct.unpack(">I", response[15:19])[0]
    for i in range(count):
        at = 19 + 8 * i
        prop, value = struct.unpack(">II", response[at:at + 8])
        if prop == TPM_PT_MANUFACTURER:
            out[at + 4:at + 8] = vendor
        elif prop == TPM_PT_PERMANENT:
            out[at + 4:at + 8] = struct.pack(">I", value & ~TPM_GENERATED_EPS)
    return bytes(out)


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        command, response = exchange_one(self.request, self.server.swtpm_port)
        if response is not None:
            self.request.sendall(patch(command, response, self.server.vendor))


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--swtpm-port", type=int, required=True)
    p.add_argument("--vendor", required=True, help="four characters, e.g. INTC or 'AMD '")
    p.add_argument("--lifetime", type=float, default=120)
    a = p.parse_args()
    server = Server(("127.0.0.1", a.port), Handler)
    server.swtpm_port, server.vendor = a.swtpm_port, a.vendor.encode().ljust(4)[:4]
    threading.Timer(a.lifetime, server.shutdown).start()
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
