#!/usr/bin/env python3
"""`make bench`: size and speed, measured rather than asserted.
- size of build/efi/preflight.efi and build/efi-aa64/preflight.efi (what goes on the stick);
- the Arm64 application under AAVMF (qemu-system-aarch64 -M virt, swtpm on tpm-tis-device, TCG): wall time from
  QEMU start to the verdict on the console and to the shutdown (median of 3);
- wall time from QEMU start to the application's shutdown, through TCG2 and
  direct CRB (median of 3; TCG emulation, so compare runs on one machine only);
- wall time of `preflight check` against swtpm with a test TrustedTpm.cab (median of 10), which includes
  the credential activation (an attestation key generation in swtpm);
- paired runs against one swtpm: `check --offline` and the tpm2-tools commands that gather the same facts
  (TPM2TOOLS_SEQUENCE below, one process per command), in alternating order; the median wall time of each, the
  median of the per-pair ratios, the client processes' CPU time, and the TPM commands of one run of each
  (tests/swtpm/tpm_command_log.py). `--only paired [--pairs N]` runs just this part;
- the same check through tests/swtpm/tpm_fault_proxy.py with each latency model of a real TPM
  (tests/swtpm/latency_models/*.json, from the TPMScan data set): the time to the verdict and how much of it the
  modelled TPM takes, by command (median of 3); `--only latency` runs just this part.
- with ../shared/testdata present: `cab-info` and `ek-verify` on the real 2024-11-21 cab (median of 10);
- as root with dnsmasq: a boot in the test network (tests/system/testnet.py) with every online check, from QEMU
  start to shutdown, and the network set-up and the checks' own time as the application reports them.
Results go to stdout and build/bench.json."""
import argparse
import collections
import json
import os
import resource
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "system"))
from harness import SHARED, Swtpm, free_port_pair, Workspace, boot, make_image, provisioned_state, test_cabs  # noqa: E402


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


# What an offline readiness check needs, gathered with tpm2-tools (one process per command, as a script would):
# capabilities, the NV EK certificates, the EK public key, an RSA attestation key as Windows makes it, a credential
# made in software and activated with the EK's policy (PolicySecret(endorsement)), every handle flushed.
TPM2TOOLS_SEQUENCE = [
    ["getcap", "properties-fixed"], ["getcap", "properties-variable"], ["getcap", "pcrs"],
    ["getcap", "handles-nv-index"], ["getcap", "handles-persistent"], ["nvreadpublic"],
    ["nvread", "0x1c00002", "-o", "ek-rsa.der"], ["nvread?", "0x1c00016", "-o", "ek-ecc.der"],
    ["readpublic", "-c", "0x81010001", "-o", "ek.pub"],
    ["createak", "-C", "0x81010001", "-c", "ak.ctx", "-G", "rsa", "-g", "sha256", "-s", "rsassa", "-u", "ak.pub",
     "-n", "ak.name"],
    ["makecredential", "-T", "none", "-u", "ek.pub", "-s", "secret", "-n", "@ak.name", "-o", "cred"],
    ["startauthsession", "--policy-session", "-S", "s.ctx"], ["policysecret", "-S", "s.ctx", "-c", "e"],
    ["activatecredential", "-c", "ak.ctx", "-C", "0x81010001", "-i", "cred", "-o", "out", "-P", "session:s.ctx"],
    ["flushcontext", "s.ctx"], ["flushcontext", "-t"],
]


def tpm2tools_sequence(port, work):
    """Runs TPM2TOOLS_SEQUENCE against swtpm on `port` in `work`; true when the activation returned the secret."""
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, TPM2TOOLS_TCTI=f"swtpm:port={port}")
    with open(os.path.join(work, "secret"), "w") as f:
        f.write("12345678\n")
    for step in TPM2TOOLS_SEQUENCE:
        args = list(step)
        optional = args[0].endswith("?")
        args[0] = "tpm2_" + args[0].rstrip("?")
        if "@ak.name" in args:  # the AK's name in hex, as tpm2_makecredential takes it
            with open(os.path.join(work, "ak.name"), "rb") as f:
                args[args.index("@ak.name")] = f.read().hex()
        out = subprocess.run(args, cwd=work, env=env, capture_output=True)
        if out.returncode != 0 and not optional:
            raise RuntimeError(f"{' '.join(args)}: {out.stderr.decode(errors='replace')}")
    with open(os.path.join(work, "secret"), "rb") as a, open(os.path.join(work, "out"), "rb") as b:
        return a.read() == b.read()


def child_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(action):
    wall, cpu = time.time(), child_cpu()
    action()
    return time.time() - wall, child_cpu() - cpu


def command_counts(lines):
    """Commands per run from a command log, with the key generations by template type."""
    names = collections.Counter(l.split()[0] for l in lines)
    keys = collections.Counter(l.split()[0] + " " + l.split()[2] for l in lines
                               if len(l.split()) == 3 and l.split()[0] in ("CreatePrimary", "Create", "CreateLoaded"))
    return {"total": len(lines), "by_command": dict(sorted(names.items())), "key_generations": dict(keys),
            "log": lines}


def paired(build, work, state, pairs, tool=None):
    """`check --offline` against the tpm2-tools sequence on one swtpm, in alternating order."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "swtpm"))
    from tpm_command_log import CommandLog
    tpm = Swtpm(state)
    cab = os.path.join(test_cabs(build), "good.cab")
    tool = tool or os.path.join(build, "host/preflight")
    try:
        check = lambda spec: subprocess.run([tool, "check", "--offline", "--tpm", spec, "--trust", cab],
                                            capture_output=True)
        tools = lambda port: tpm2tools_sequence(port, os.path.join(work, "tpm2tools"))
        log = CommandLog(tpm.port, free_port_pair())
        try:
            check(log.spec())
            ours = command_counts(log.lines())
            log.clear()
            if not tools(log.port):
                raise RuntimeError("the tpm2-tools activation did not return the secret")
            theirs = command_counts(log.lines())
        finally:
            log.stop()
        rows = []
        for i in range(pairs):
            first, second = (lambda: check(tpm.spec()), lambda: tools(tpm.port))[::1 if i % 2 == 0 else -1]
            a, b = timed(first), timed(second)
            rows.append((a, b) if i % 2 == 0 else (b, a))
    finally:
        tpm.stop()
    med = lambda xs: statistics.median(xs)
    return {"paired_runs": pairs,
            "check_offline_ms": round(1000 * med([r[0][0] for r in rows]), 1),
            "tpm2tools_sequence_ms": round(1000 * med([r[1][0] for r in rows]), 1),
            "check_over_tpm2tools_wall": round(med([r[0][0] / r[1][0] for r in rows]), 3),
            "check_over_tpm2tools_cpu": round(med([r[0][1] / r[1][1] for r in rows if r[1][1] > 0]), 3),
            "check_offline_commands": ours, "tpm2tools_sequence_commands": theirs}


def without_persistent_ek(build, work, state):
    """A copy of the state whose persistent RSA EK (0x81010001) is evicted: the run then makes the EK itself."""
    import shutil
    from harness import tpm2
    copy = os.path.join(work, "tpm-no-persistent-ek")
    shutil.copytree(state, copy)
    tpm = Swtpm(copy)
    try:
        tpm2(tpm, "evictcontrol", "-C", "o", "-c", "0x81010001")
    finally:
        tpm.stop()
    return copy


def latency_models(cmd_for, state, label=""):
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
        results[f"linux_check_latency_{name}{label}_s"] = round(seconds, 2)
        results[f"linux_check_latency_{name}{label}_model_by_command_s"] = dict(
            sorted(by_command.items(), key=lambda kv: -kv[1])[:4])
    return results


def aa64_boot(build, work, state):
    """The Arm64 application under AAVMF: seconds from QEMU start to the VERDICT line and to the shutdown."""
    image = make_image(build, os.path.join(work, "aa64.img"), {"finish": "shutdown"},
                       extra={os.path.join(build, "efi-aa64/preflight.efi"): "\\EFI\\BOOT\\BOOTAA64.EFI"})
    log = os.path.join(work, "aa64.log")
    verdicts, shutdowns = [], []
    for _ in range(3):
        open(log, "w").close()
        started = time.time()
        proc = subprocess.Popen([os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "image/qemu-run.sh"),
                                 "--image", image, "--tpm", "tis", "--tpm-state", state, "--serial-log", log,
                                 "--arch", "aa64", "--timeout", "180"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        seen = None
        while proc.poll() is None:
            if seen is None and b"VERDICT" in open(log, "rb").read():
                seen = time.time() - started
            time.sleep(0.05)
        shutdowns.append(time.time() - started)
        verdicts.append(seen if seen is not None else float("nan"))
    return {"aa64_efi_size_bytes": os.path.getsize(os.path.join(build, "efi-aa64/preflight.efi")),
            "aa64_aavmf_boot_to_verdict_s": round(statistics.median(verdicts), 2),
            "aa64_aavmf_boot_to_shutdown_s": round(statistics.median(shutdowns), 2)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default="build")
    p.add_argument("--only", choices=["all", "paired", "latency"], default="all")
    p.add_argument("--pairs", type=int, default=15)
    p.add_argument("--tool", help="with --only paired: another build of the Linux command to measure (before/after)")
    a = p.parse_args()
    build = os.path.abspath(a.build)
    if a.only == "paired":
        with Workspace(build) as work:
            results = paired(build, work, provisioned_state(build, os.path.join(work, "tpm")), a.pairs, a.tool)
        print(json.dumps(results, indent=2))
        return
    if a.only == "latency":
        with Workspace(build) as work:
            cmd = [os.path.join(build, "host/preflight"), "check", "--offline", "--tpm", "-", "--trust",
                   os.path.join(test_cabs(build), "good.cab")]
            state = provisioned_state(build, os.path.join(work, "tpm"))
            results = latency_models(lambda spec: [*cmd[:3], "--tpm", spec, *cmd[5:]], state)
            results.update(latency_models(lambda spec: [*cmd[:3], "--tpm", spec, *cmd[5:]],
                                          without_persistent_ek(build, work, state), "_no_persistent_ek"))
        print(json.dumps(results, indent=2))
        return
    results = {"efi_size_bytes": os.path.getsize(os.path.join(build, "efi/preflight.efi"))}
    with Workspace(build) as work:
        state = provisioned_state(build, os.path.join(work, "tpm"))
        results.update(paired(build, work, state, a.pairs))
        for transport in ("tcg2", "crb"):
            image = make_image(build, os.path.join(work, f"{transport}.img"),
                               {"transport": transport, "finish": "shutdown"})
            results[f"qemu_boot_to_shutdown_{transport}_s"] = round(median_time(
                3, lambda: boot(image, "crb", state, os.path.join(work, "serial.log"))), 2)
        results.update(networked_boot(build, work, state))
        results.update(aa64_boot(build, work, state))
        tpm = Swtpm(state)
        try:
            cmd = [os.path.join(build, "host/preflight"), "check", "--offline", "--tpm", tpm.spec(), "--trust",
                   os.path.join(test_cabs(build), "good.cab")]
            results["linux_check_vs_swtpm_ms"] = round(1000 * median_time(
                10, lambda: subprocess.run(cmd, capture_output=True)), 1)
        finally:
            tpm.stop()
        results.update(latency_models(lambda spec: [*cmd[:3], "--tpm", spec, *cmd[5:]], state))
        results.update(latency_models(lambda spec: [*cmd[:3], "--tpm", spec, *cmd[5:]],
                                      without_persistent_ek(build, work, state), "_no_persistent_ek"))
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
