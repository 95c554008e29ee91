#!/usr/bin/env python3
"""`make bench`: size and speed, measured rather than asserted.
- size of build/efi/preflight.efi (what goes on the stick);
- wall time from QEMU start to the application's shutdown, through TCG2 and
  direct CRB (median of 3; TCG emulation, so compare runs on one machine only);
- wall time of `preflight check` against swtpm (median of 10).
Results go to stdout and build/bench.json."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "system"))
from harness import Swtpm, Workspace, boot, make_image, provisioned_state  # noqa: E402


def median_time(runs, action):
    times = []
    for _ in range(runs):
        started = time.time()
        action()
        times.append(time.time() - started)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default="build")
    build = os.path.abspath(p.parse_args().build)
    results = {"efi_size_bytes": os.path.getsize(os.path.join(build, "efi/preflight.efi"))}
    with Workspace(build) as work:
        state = provisioned_state(build, os.path.join(work, "tpm"))
        for transport in ("tcg2", "crb"):
            image = make_image(build, os.path.join(work, f"{transport}.img"),
                               {"transport": transport, "finish": "shutdown"})
            results[f"qemu_boot_to_shutdown_{transport}_s"] = round(median_time(
                3, lambda: boot(image, "crb", state, os.path.join(work, "serial.log"))), 2)
        tpm = Swtpm(state)
        try:
            cmd = [os.path.join(build, "host/preflight"), "check", "--tpm", tpm.spec()]
            results["linux_check_vs_swtpm_ms"] = round(1000 * median_time(
                10, lambda: subprocess.run(cmd, capture_output=True)), 1)
        finally:
            tpm.stop()
    for key, value in results.items():
        print(f"{key:40} {value}")
    with open(os.path.join(build, "bench.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
