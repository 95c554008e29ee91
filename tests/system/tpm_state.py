"""A TPM's state that outlives a run, as tpm2-tools reads it, for proving the tool changes none of it
(docs/transports.md, "Every TPM command the tool sends"): the NV index list with each index's public area
(attributes such as TPMA_NV_WRITTEN and TPMA_NV_READLOCKED, size, policy) and contents, the persistent handles
with their public areas, TPM_PT_PERMANENT and TPM_PT_STARTUP_CLEAR with every other variable property (the
lockout counter TPM2_PT_LOCKOUT_COUNTER, the DA parameters, loaded and active handle counts), the PCR
allocation and every PCR of every bank, and the reset and restart counts (TPM2_ReadClock).

Reading uses no DA-protected authorisation: an index is read through the owner (ownerread) or platform
(ppread) hierarchy, or its own empty password when it is noDA. A DA-protected read would leave a pending
lockout count for the next unorderly start (TPM 2.0 Part 1, 19.8.6); such an index is described, not read."""
import hashlib
import os
import re

from harness import check, tpm2

# What a power cycle resets (TPM 2.0 Part 1, 19.8 and 36.4 "Clock"; Part 2, 8.7 TPMA_STARTUP_CLEAR): after a
# QEMU boot these are the firmware's and the reboot's doing, not the tool's.
VOLATILE = ("startup_clear", "pcr_values", "clock")


def _lines(text):
    return [l.rstrip() for l in text.decode(errors="replace").splitlines() if l.strip()]


def _section(lines, name):
    """The lines of one top-level YAML key of tpm2_getcap properties-variable (its indented children included)."""
    out, inside = [], False
    for line in lines:
        if not line.startswith(" "):
            inside = line.startswith(name + ":")
        if inside:
            out.append(line)
    return out


def _handles(tpm, what):
    return re.findall(r"0x[0-9A-Fa-f]+", tpm2(tpm, "getcap", what).stdout.decode())


def _nv_auth(attributes):
    """The hierarchy or index to read an index through without DA-protected authorisation, or None."""
    if "ownerread" in attributes:
        return "o"
    if "ppread" in attributes:
        return "p"
    if "authread" in attributes and "no_da" in attributes:
        return "index"
    return None


def _nv_index(tpm, index, work):
    public = _lines(tpm2(tpm, "nvreadpublic", index).stdout)
    attributes = next((l for l in public if "friendly:" in l and "|" in l), "")
    auth = _nv_auth(attributes)
    if auth is None:
        return public + ["contents: not read (needs a DA-protected password)"]
    path = os.path.join(work, "nv-" + index)
    out = tpm2(tpm, "nvread", index, "-C", index if auth == "index" else auth, "-o", path, check_rc=False)
    if out.returncode != 0:  # e.g. defined but never written, or read-locked: the answer is the state
        error = re.search(r"ErrorCode \((0x[0-9a-fA-F]+)\)", out.stderr.decode(errors="replace"))
        return public + [f"contents: unreadable, response code {error.group(1) if error else out.stderr[-200:]}"]
    with open(path, "rb") as f:
        data = f.read()
    os.unlink(path)
    return public + [f"contents: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}"]


def snapshot(tpm, work):
    """{part: lines} of the state; compare two with differences()."""
    variable = _lines(tpm2(tpm, "getcap", "properties-variable").stdout)
    clock = _lines(tpm2(tpm, "readclock").stdout)
    state = {
        "permanent": _section(variable, "TPM2_PT_PERMANENT"),
        "startup_clear": _section(variable, "TPM2_PT_STARTUP_CLEAR"),
        "lockout_counter": _section(variable, "TPM2_PT_LOCKOUT_COUNTER"),
        "properties_variable": [l for l in variable if not l.startswith(" ")
                                and not l.startswith(("TPM2_PT_PERMANENT", "TPM2_PT_STARTUP_CLEAR"))],
        "pcr_allocation": _lines(tpm2(tpm, "getcap", "pcrs").stdout),
        "pcr_values": _lines(tpm2(tpm, "pcrread").stdout),
        "clock": [l for l in clock if re.match(r"\s*(reset_count|restart_count|safe):", l)],
        "persistent": [],
        "nv": [],
    }
    check(state["lockout_counter"] and state["permanent"] and state["startup_clear"],
          "tpm2_getcap properties-variable lacks TPM2_PT_PERMANENT, _STARTUP_CLEAR or _LOCKOUT_COUNTER:\n"
          + "\n".join(variable))
    check(len([l for l in state["pcr_values"] if re.match(r"\s+\d+\s*:", l)]) >= 24, "pcrread read no PCRs")
    for handle in _handles(tpm, "handles-persistent"):
        public = _lines(tpm2(tpm, "readpublic", "-c", handle).stdout)
        state["persistent"] += [f"{handle}:"] + ["  " + l for l in public]
    for index in _handles(tpm, "handles-nv-index"):
        state["nv"] += [f"{index}:"] + ["  " + l for l in _nv_index(tpm, index, work)]
    return state


def differences(before, after, parts=None):
    """A readable list of what changed, part by part (empty when equal)."""
    out = []
    for part in parts or before:
        if before[part] != after[part]:
            gone = [l for l in before[part] if l not in after[part]]
            new = [l for l in after[part] if l not in before[part]]
            out.append(f"{part}: before {gone[:6]} after {new[:6]}")
    return out


def persistent_parts(state):
    return [p for p in state if p not in VOLATILE]


def prepare_rich_state(tpm, work):
    """State worth comparing, beyond what provisioning leaves: a lockout password and DA parameters, NV indices
    of every type (ordinary, counter, bits, extend; one never written; one read-locked; a DA-protected one with a
    password, also in the EK certificate range), an owner key made persistent, PCRs extended in every bank, and
    a lockout counter of 2 (two failed password reads), so that a reset of any of it would show."""
    data = os.path.join(work, "nv-data.bin")
    with open(data, "wb") as f:
        f.write(b"tpm-preflight read-only proof\n")
    tpm2(tpm, "changeauth", "-c", "l", "lockoutpw")
    tpm2(tpm, "dictionarylockout", "-s", "-n", "10", "-t", "600", "-l", "600", "-p", "lockoutpw")
    tpm2(tpm, "nvdefine", "0x1500001", "-C", "o", "-s", "30", "-a", "ownerread|ownerwrite")
    tpm2(tpm, "nvwrite", "0x1500001", "-C", "o", "-i", data)
    tpm2(tpm, "nvdefine", "0x1500002", "-C", "o", "-s", "8", "-a", "ownerread|ownerwrite|nt=counter")
    for _ in range(2):
        tpm2(tpm, "nvincrement", "0x1500002", "-C", "o")
    tpm2(tpm, "nvdefine", "0x1500003", "-C", "o", "-s", "8", "-a", "ownerread|ownerwrite|nt=bits")
    tpm2(tpm, "nvsetbits", "0x1500003", "-C", "o", "-i", "0x8001")
    tpm2(tpm, "nvdefine", "0x1500004", "-C", "o", "-g", "sha256", "-a", "ownerread|ownerwrite|nt=extend")
    tpm2(tpm, "nvextend", "0x1500004", "-C", "o", "-i", data)
    tpm2(tpm, "nvdefine", "0x1500005", "-C", "o", "-s", "16", "-a", "ownerread|ownerwrite")  # never written
    tpm2(tpm, "nvdefine", "0x1500006", "-C", "o", "-s", "30", "-a", "ownerread|ownerwrite|read_stclear")
    tpm2(tpm, "nvwrite", "0x1500006", "-C", "o", "-i", data)
    tpm2(tpm, "nvreadlock", "0x1500006", "-C", "o")
    tpm2(tpm, "nvdefine", "0x1500007", "-C", "o", "-s", "30", "-a", "authread|authwrite", "-p", "indexpw")
    tpm2(tpm, "nvwrite", "0x1500007", "-C", "0x1500007", "-P", "indexpw", "-i", data)
    tpm2(tpm, "nvdefine", "0x1c00100", "-C", "o", "-s", "30", "-a", "ownerwrite|ownerread|authread|authwrite",
         "-p", "idxsecret")
    tpm2(tpm, "nvwrite", "0x1c00100", "-C", "o", "-i", data)
    for _ in range(2):
        tpm2(tpm, "nvread", "0x1500007", "-C", "0x1500007", "-P", "wrong", check_rc=False)
    context = os.path.join(work, "owner-key.ctx")
    tpm2(tpm, "createprimary", "-C", "o", "-G", "ecc", "-c", context)
    tpm2(tpm, "evictcontrol", "-C", "o", "-c", context, "0x81000001")
    tpm2(tpm, "flushcontext", "-t")  # swtpm has 3 object slots and no resource manager flushes the tools' objects
    for pcr in (0, 7, 16, 23):
        tpm2(tpm, "pcrevent", str(pcr), data)
