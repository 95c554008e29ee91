#!/usr/bin/env python3
"""`make bench`: size and speed, measured rather than asserted.
- size of build/efi/preflight.efi (what goes on the stick);
- wall time from QEMU start to the application's shutdown, through TCG2 and
  direct CRB (median of 3; TCG emulation, so compare runs on one machine only);
- wall time of `preflight check` against swtpm with a test TrustedTpm.cab (median of 10), which includes
  the credential activation (an RSA key generation in swtpm);
- the same check through tests/swtpm/tpm_fault_proxy.py with each latency model of a real TPM
  (tests/swtpm/latency_models/*.json, from the TPMScan data set): the time to the verdict and how much of it the
  modelled TPM takes, by command (median of 3);
- with ../shared/testdata present: `cab-info` and `ek-verify` on the real 2024-11-21 cab (median of 10);
- as root with dnsmasq: a boot in the test network (tests/system/testnet.py) with every online check, from QEMU
  start to shutdown, and the network set-up and the checks' own time as the application reports them.
Results go to stdout and build/bench.json."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "system"))
from harness import SHARED, Swtpm, Workspace, boot, make_image, provisioned_state, test_cabs  # noqa: E402


def median_time(runs, action):
    times = []
    for _ in range(runs):
        started = time.time()
        action()
        times.append(time.time() - started)
    return statistics.median(times)


def networked_boot(build, work, state):
    """QEMU with a NIC in the test network, DHCP, mocks of the online services (median of 3)."""
    import re
    from harness import Skip
    try:
        from testnet import TestNetwork
        net = TestNetwork(work, tag="bench")
    except Skip:
        return {}
    try:
        ca = net.serve(build, "server", 443)
        net.serve(build, None, 80)
        net.ntp()
        image = make_image(build, os.path.join(work, "net.img"), {"finish": "shutdown"},
                           extra={os.path.join(test_cabs(build), "good.cab"): "\\preflight\\TrustedTpm.cab",
                                  ca: "\\preflight\\ca-bundle.pem"})
        log = os.path.join(work, "net-serial.log")
        total = median_time(3, lambda: boot(image, "crb", state, log, network=net))
        with open(log, errors="replace") as f:
            console = f.read()
    finally:
        net.stop()
    setup = re.search(r"setup_ms = (\d+)", console)
    checks = re.search(r"FINISHED checks in ([\d.]+) s", console)
    return {"qemu_networked_boot_to_shutdown_s": round(total, 2),
            "uefi_network_setup_ms": int(setup.group(1)) if setup else None,
            "uefi_all_checks_with_network_s": float(checks.group(1)) if checks else None}


def latency_models(cmd_for, state):
    """`check --offline` against swtpm slowed to each model's per-command times (tpm_fault_proxy.py --model)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "swtpm"))
    import glob
    from latency_model import LatencyModel
    from tpm_fault_plan import FaultPlan
    from tpm_fault_proxy import DataProxy
    results = {}
    for path in sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "swtpm/latency_models/*.json"))):
        name = os.path.basename(path)[:-5]
        tpm = Swtpm(state)
        plans = []
        try:
            def one():
                plan = FaultPlan([], LatencyModel(path))
                plans.append(plan)
                proxy = DataProxy("127.0.0.1:0", f"127.0.0.1:{tpm.port}", plan).start()
                try:
                    subprocess.run(cmd_for(f"swtpm:127.0.0.1:{proxy.port}"), capture_output=True, timeout=600)
                finally:
                    proxy.stop()
            seconds = median_time(3, one)
        finally:
            tpm.stop()
        by_command = {}
        for e in plans[-1].log:
            by_command[e["name"]] = round(by_command.get(e["name"], 0) + e["model_ms"] / 1000, 3)
        results[f"linux_check_latency_{name}_s"] = round(seconds, 2)
        results[f"linux_check_latency_{name}_model_by_command_s"] = dict(
            sorted(by_command.items(), key=lambda kv: -kv[1])[:4])
    return results


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
        results.update(networked_boot(build, work, state))
        tpm = Swtpm(state)
        try:
            cmd = [os.path.join(build, "host/preflight"), "check", "--offline", "--tpm", tpm.spec(), "--trust",
                   os.path.join(test_cabs(build), "good.cab")]
            results["linux_check_vs_swtpm_ms"] = round(1000 * median_time(
                10, lambda: subprocess.run(cmd, capture_output=True)), 1)
        finally:
            tpm.stop()
        results.update(latency_models(lambda spec: [*cmd[:3], "--tpm", spec, *cmd[5:]], state))
    cab = os.path.join(SHARED, "trustedtpm", "TrustedTpm-2024-11-21.cab")
    if os.path.exists(cab):
        tool = os.path.join(build, "host/preflight")
        results["cab_info_real_cab_ms"] = round(1000 * median_time(10, lambda: subprocess.run(
            [tool, "cab-info", "--trust", cab], capture_output=True)), 1)
        certs = [a for f in sorted(os.listdir(os.path.join(SHARED, "ekcerts"))) if f.endswith(".der")
                 for a in ("--cert", os.path.join(SHARED, "ekcerts", f))]
        results["ek_verify_27_real_certs_ms"] = round(1000 * median_time(10, lambda: subprocess.run(
            [tool, "ek-verify", "--trust", cab, *certs], capture_output=True)), 1)
    for key, value in results.items():
        print(f"{key:40} {value}")
    with open(os.path.join(build, "bench.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
