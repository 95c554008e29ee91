#!/usr/bin/env python3
"""Records the seeds of fuzz_engine_run: one `preflight check --offline` per swtpm state, through a logging proxy
on swtpm's data socket (swtpm's protocol: one command per connection, the response's length from its header, TPM
2.0 Part 1, 18.2), written as the target's answer stream (tests/fuzz/fuzz_engine_run.c: a 2-byte big-endian
length, then the response, for every command in order).

The test TrustedTpm.cab of the test CA (tests/swtpm/provision.sh) is written to tests/fuzz/data/engine_run.cab (the
target compiles it in) and given to the real runs with --trust, and the time of the recording to
tests/fuzz/data/engine_run.time (the target's clock). The credential TPM2_ActivateCredential gives back was made
from the real random source; the fuzz build's is a fixed pattern (tests/fuzz/fixed_platform.h), so the recorded
answer is rewritten to hold that pattern and the replayed run passes the activation too. Each seed is then replayed
through the fuzz target, which must give the TPM checks the same results as the real run.

usage: record_engine_seeds.py [--build build] [--out tests/fuzz/seeds/fuzz_engine_run]
Needs swtpm, swtpm_setup and tpm2-tools (as the system tests do); offline, loopback only."""
import argparse
import json
import shutil
import os
import socketserver
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "system"))
sys.path.insert(0, os.path.join(ROOT, "tests", "swtpm"))
import harness  # noqa: E402
from tpm_wire import exchange_one  # noqa: E402

TPM_CC_ACTIVATE_CREDENTIAL = 0x147
TPM_ST_SESSIONS = 0x8002
LENGTH_MAX = 0x1FFF  # the stream's head keeps 13 bits for the length


def fixed_random(n):
    """The bytes the fuzz build's platform_random gives (FUZZ_RANDOM_BYTE in tests/fuzz/fixed_platform.h)."""
    return bytes((0xA5 ^ ((i * 7) & 0xFF)) for i in range(n))


def patch_credential(command, response):
    """TPM2_ActivateCredential's answer (TPM 2.0 Part 3, 12.5): header, parameterSize, certInfo (TPM2B_DIGEST),
    then the sessions. The recovered credential becomes the one the fuzz build makes."""
    if len(command) < 10 or struct.unpack(">I", command[6:10])[0] != TPM_CC_ACTIVATE_CREDENTIAL:
        return response
    tag, _, rc = struct.unpack(">HII", response[:10])
    if rc != 0 or tag != TPM_ST_SESSIONS or len(response) < 16:
        return response
    size = struct.unpack(">H", response[14:16])[0]
    return response[:16] + fixed_random(size) + response[16 + size:]


class Recorder(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, swtpm_port):
        super().__init__(("127.0.0.1", 0), RecordingHandler)
        self.swtpm_port = swtpm_port
        self.exchanges = []
        self.lock = threading.Lock()


class RecordingHandler(socketserver.BaseRequestHandler):
    def handle(self):
        command, response = exchange_one(self.request, self.server.swtpm_port)
        if response is None:
            return
        with self.server.lock:
            self.server.exchanges.append((command, response))
        self.request.sendall(response)


def record_run(build, tpm, cab):
    """Runs one offline check through the recording proxy; returns (JSON report, [(command, response)])."""
    server = Recorder(tpm.port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        out = subprocess.run([os.path.join(build, "host", "preflight"), "check", "--offline", "--virtual-tpm-warn",
                              "--json", "--trust", cab, "--tpm", f"swtpm:127.0.0.1:{server.server_address[1]}"],
                             capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
        server.server_close()
    harness.check(out.returncode in (0, 1), f"preflight exit {out.returncode}: {out.stderr[-1000:]}")
    return json.loads(out.stdout), server.exchanges


def stream(exchanges):
    data = b""
    for command, response in exchanges:
        response = patch_credential(command, response)
        harness.check(len(response) <= LENGTH_MAX, f"a response of {len(response)} bytes does not fit the stream")
        data += struct.pack(">H", len(response)) + response
    return data


def replay(build, path):  # also used by tests/system/test_fuzz_seeds.py
    """The report the fuzz target makes from a seed (FUZZ_ENGINE_RUN_REPORT makes it print the JSON)."""
    out = subprocess.run([os.path.join(build, "tests", "fuzz", "fuzz_engine_run"), path], capture_output=True,
                         text=True, timeout=60, env=dict(os.environ, FUZZ_ENGINE_RUN_REPORT="1"))
    harness.check(out.returncode == 0, out.stderr[-2000:])
    start = out.stderr.index("{")
    return json.JSONDecoder().raw_decode(out.stderr[start:])[0]


def tpm_results(report):
    """The results of the checks judged from TPM answers and the cab (not those from the platform's facts, which the
    fuzz target does not have, nor the network's)."""
    return {c["id"]: " ".join(filter(None, (c["status"], c.get("reason")))) for c in report["checks"]
            if c["id"].split(".")[0] in ("tpm", "ek", "trust", "aik") and c["id"] != "tpm.event_log"}


# name -> (provision.sh variant and settings, preparation with tpm2-tools)
SCENARIOS = {
    "persistent-ek": ("default", {}, None),
    "created-ek": ("default", {}, lambda tpm: harness.tpm2(tpm, "evictcontrol", "-C", "o", "-c", "0x81010001")),
    "no-ek-cert": ("no-ek-cert", {"EK_CERTS": "no"}, None),
    "sha1-only": ("sha1-only", {"PCR_BANKS": "sha1"}, None),
    "endorsement-auth": ("default", {}, lambda tpm: harness.tpm2(tpm, "changeauth", "-c", "e", "secret")),
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--out", default=os.path.join(HERE, "seeds", "fuzz_engine_run"))
    a = p.parse_args()
    build = os.path.abspath(a.build)
    os.makedirs(a.out, exist_ok=True)
    # the test cab for the CA every provisioned state's certificates come from; the target compiles it in
    cab = os.path.join(HERE, "data", "engine_run.cab")
    os.makedirs(os.path.dirname(cab), exist_ok=True)
    shutil.copy(os.path.join(harness.test_cabs(build), "good.cab"), cab)
    # the target's clock: when the certificates are valid
    with open(os.path.join(HERE, "data", "engine_run.time"), "w") as f:
        f.write(f"{int(time.time())}\n")
    target = os.path.join(build, "tests", "fuzz", "fuzz_engine_run")
    subprocess.run(["make", "--no-print-directory", f"BUILD={build}", target], cwd=ROOT, check=True)
    expected = {}
    for name, (variant, env, prepare) in SCENARIOS.items():
        with harness.Workspace(build) as work:
            tpm = harness.Swtpm(harness.provisioned_state(build, os.path.join(work, "tpm"), variant, **env))
            try:
                if prepare:
                    prepare(tpm)
                report, exchanges = record_run(build, tpm, cab)
            finally:
                tpm.stop()
        path = os.path.join(a.out, name)
        with open(path, "wb") as f:
            f.write(stream(exchanges))
        replayed = replay(build, path)
        real, fuzz = tpm_results(report), tpm_results(replayed)
        harness.check(real == fuzz, f"{name}: the replay differs from the real run:\n{real}\n{fuzz}")
        expected[name] = {"verdict": report["verdict"], "checks": real}
        size = os.path.getsize(path)
        print(f"{name}: {len(exchanges)} commands, {size} bytes, verdict {report['verdict']}")
    # what each seed must still give (tests/system/test_fuzz_seeds.py): a seed that no longer reaches the end of the
    # run, because the tool now sends other commands, is found there and recorded again with this script
    with open(os.path.join(HERE, "data", "engine_run_seeds.json"), "w") as f:
        json.dump(expected, f, indent=0, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
