#!/usr/bin/env python3
"""A mock NTP server (RFC 4330 answers) for the clock tests, on loopback or in a test network namespace only, with a
bounded lifetime: its time is the machine's shifted by --offset seconds; with --kiss CODE it answers every request
with a kiss-o'-death (stratum 0, RFC 4330 8). Python standard library only."""
import argparse
import socket
import struct
import threading
import time

NTP_UNIX_OFFSET = 2208988800


def ntp_stamp(t):
    seconds = int(t)
    return struct.pack(">II", (seconds + NTP_UNIX_OFFSET) & 0xFFFFFFFF, int((t - seconds) * 2**32))


def answer(request, offset, kiss):
    if len(request) < 48:
        return None
    version = request[0] >> 3 & 7
    now = time.time() + offset
    if kiss:
        head = struct.pack(">BBbb", version << 3 | 4, 0, 0, -20) + b"\0" * 8 + kiss.encode()[:4].ljust(4, b"\0")
    else:
        head = struct.pack(">BBbb", version << 3 | 4, 1, 6, -20) + b"\0" * 8 + b"GPS\0"
    # reference, originate (the client's transmit timestamp), receive, transmit
    return head + ntp_stamp(now) + request[40:48] + ntp_stamp(now) + ntp_stamp(now)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--offset", type=float, default=0)
    p.add_argument("--kiss", default="")
    p.add_argument("--lifetime", type=float, default=120)
    a = p.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((a.bind, a.port))
    sock.settimeout(0.5)
    end = time.time() + a.lifetime
    print("ready", flush=True)
    while time.time() < end:
        try:
            request, peer = sock.recvfrom(512)
        except socket.timeout:
            continue
        reply = answer(request, a.offset, a.kiss)
        if reply:
            sock.sendto(reply, peer)


if __name__ == "__main__":
    main()
