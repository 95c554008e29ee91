"""A run must never cost the TPM a dictionary-attack count: not for an NV index in the EK range that needs a
password, not for the attestation key when the PC is switched off without TPM2_Shutdown afterwards. The
counter is TPM2_PT_LOCKOUT_COUNTER as tpm2-tools reads it."""
import json
import os
import re

from harness import Swtpm, Workspace, check, provisioned_state, tpm2
from test_scenarios import check_of, run_check

# The reported case: an index in the EK certificate chain range with a password, authRead, and noDA clear.
PASSWORD_INDEX = "0x1c00100"


def lockout_counter(tpm):
    out = tpm2(tpm, "getcap", "properties-variable").stdout.decode()
    found = re.search(r"TPM2_PT_LOCKOUT_COUNTER:\s*(0x[0-9a-fA-F]+|\d+)", out)
    check(found, "tpm2_getcap shows no TPM2_PT_LOCKOUT_COUNTER: " + out[-500:])
    return int(found.group(1), 0)


def define_password_index(tpm, work):
    data = os.path.join(work, "index.bin")
    with open(data, "wb") as f:
        f.write(b"not a certificate, 32 bytes long")
    tpm2(tpm, "nvdefine", PASSWORD_INDEX, "-C", "o", "-s", "32", "-a", "ownerwrite|ownerread|authread|authwrite",
         "-p", "idxsecret")
    tpm2(tpm, "nvwrite", PASSWORD_INDEX, "-C", "o", "-i", data)


def test_password_nv_index_costs_no_lockout_count(build):
    """Two runs with an owner password set (the index cannot be read without authorisation: skipped and named),
    then two without (read through the owner authorisation, which is not DA-protected): the counter stays."""
    with Workspace(build) as work:
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            define_password_index(tpm, work)
            tpm2(tpm, "changeauth", "-c", "o", "ownerpw")
            before = lockout_counter(tpm)
            reports = [run_check(build, tpm) for _ in range(2)]
            with_owner_password = lockout_counter(tpm)
            tpm2(tpm, "changeauth", "-c", "o", "-p", "ownerpw")
            reports += [run_check(build, tpm) for _ in range(2)]
            after = lockout_counter(tpm)
        finally:
            tpm.stop()
    check(with_owner_password == before and after == before,
          f"lockout counter {before} -> {with_owner_password} (owner password set) -> {after}")
    for r in reports[:2]:
        evidence = check_of(r, "ek.cert.present")["evidence"]
        check(any(k.startswith("skipped_index") and v.startswith("0x01c00100: not readable without authorisation")
                  for k, v in evidence.items()), json.dumps(evidence))
    for r in reports[2:]:
        evidence = json.dumps(check_of(r, "ek.cert.present")["evidence"])
        check("0x01c00100" not in evidence, evidence)  # read, and not reported as skipped or unreadable
    check(check_of(reports[-1], "tpm.lockout")["status"] == "pass", str(check_of(reports[-1], "tpm.lockout")))


def test_power_cycle_after_run_costs_no_lockout_count(build):
    """A run (which creates and uses an attestation key) and then power off without TPM2_Shutdown: swtpm
    stopped and started again with TPM2_Startup(CLEAR). The counter is where it was."""
    with Workspace(build) as work:
        state = provisioned_state(build, os.path.join(work, "tpm"))
        tpm = Swtpm(state)
        try:
            before = lockout_counter(tpm)
            r = run_check(build, tpm)
        finally:
            tpm.stop()
        check(check_of(r, "ek.activation")["status"] == "pass", str(check_of(r, "ek.activation")))
        tpm = Swtpm(state)
        try:
            after = lockout_counter(tpm)
            orderly = tpm2(tpm, "getcap", "properties-variable").stdout.decode()
        finally:
            tpm.stop()
    check(re.search(r"orderly:\s*0", orderly), "the restart was orderly, so this test proves nothing: " + orderly)
    check(after == before, f"lockout counter {before} -> {after} after a power cycle without TPM2_Shutdown")
