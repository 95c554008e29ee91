"""The credential activation self-test's keys, counted at swtpm's socket (tests/swtpm/tpm_command_log.py): a run
generates at most one RSA key - the EK by TPM2_CreatePrimary when there is no persistent one, shared by
ek.key.match and ek.activation - and the attestation key is ECC P-256; `--activation-key rsa` makes Windows' RSA-2048
AIK instead. Either way the activation passes on swtpm and no transient object or session is left loaded."""
import json
import os
import subprocess
import sys

from harness import ROOT, Swtpm, Workspace, check, free_port_pair, provisioned_state, test_cabs, tpm2

sys.path.insert(0, os.path.join(ROOT, "tests", "swtpm"))
from tpm_command_log import CommandLog  # noqa: E402


def run(build, spec, *extra):
    out = subprocess.run([os.path.join(build, "asan/preflight"), "check", "--offline", "--tpm", spec, "--trust",
                          os.path.join(test_cabs(build), "good.cab"), "--virtual-tpm-warn", "--json", *extra],
                         capture_output=True, text=True, timeout=120)
    check("ERROR: AddressSanitizer" not in out.stderr and "runtime error" not in out.stderr, out.stderr[-3000:])
    check(out.returncode == 0, f"exit {out.returncode}: {out.stderr[-1000:]}")
    return {c["id"]: c for c in json.loads(out.stdout)["checks"]}


def key_generations(lines):
    """(command, template type) of every key generation the log shows."""
    return sorted(tuple(l.split()[0::2]) for l in lines if l.split()[0] in ("CreatePrimary", "Create", "CreateLoaded"))


def nothing_loaded(tpm):
    left = [tpm2(tpm, "getcap", what).stdout.strip() for what in ("handles-transient", "handles-loaded-session")]
    check(left == [b"", b""], f"handles left behind: {left}")


def test_activation_one_rsa_key_per_run(build):
    """Without a persistent EK: one TPM2_CreatePrimary of the RSA EK for ek.key.match and ek.activation together,
    an ECC attestation key by default, Windows' RSA AIK with --activation-key rsa; the EK flushed at the end."""
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        log = CommandLog(tpm.port, free_port_pair())
        try:
            tpm2(tpm, "evictcontrol", "-C", "o", "-c", "0x81010001")
            checks = run(build, log.spec())
            ecc_log = log.lines()
            ecc_keys = key_generations(ecc_log)
            nothing_loaded(tpm)
            log.clear()
            rsa_checks = run(build, log.spec(), "--activation-key", "rsa")
            rsa_keys = key_generations(log.lines())
            nothing_loaded(tpm)
        finally:
            log.stop()
            tpm.stop()
    # swtpm's ECC P-384 EK certificate (0x01C00016) is compared with a CreatePrimary of its template: an ECC key
    check(ecc_keys == [("Create", "ECC"), ("CreatePrimary", "ECC"), ("CreatePrimary", "RSA")],
          f"key generations of a default run: {ecc_keys}")
    check(rsa_keys == [("Create", "RSA"), ("CreatePrimary", "ECC"), ("CreatePrimary", "RSA")],
          f"key generations with --activation-key rsa: {rsa_keys}")
    for c in (checks, rsa_checks):
        check(c["ek.key.match"]["status"] == "pass", str(c["ek.key.match"]))
        check(c["ek.activation"]["status"] == "pass", str(c["ek.activation"]))
        check("TPM2_CreatePrimary" in c["ek.activation"]["evidence"]["ek"], str(c["ek.activation"]))
        check(int(c["ek.activation"]["evidence"]["key_creation_ms"]) >= 0, str(c["ek.activation"]))
    check(checks["ek.activation"]["evidence"]["attestation_key"].startswith("ECC P-256"), str(checks["ek.activation"]))
    check(rsa_checks["ek.activation"]["evidence"]["attestation_key"].startswith("RSA-2048"),
          str(rsa_checks["ek.activation"]))
    # the TPM's state in one TPM2_GetCapability (TPM_PT_PERMANENT ... TPM_PT_LOCKOUT_RECOVERY), not one per property
    check(not any("property=0x201 " in l or "property=0x20E " in l for l in ecc_log), "\n".join(ecc_log))
