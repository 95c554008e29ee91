"""Every TPM command the tool sends is in docs/transports.md, "Every TPM command the tool sends", with where it
is sent and why nothing it does outlives the run: a `Tss2_Sys_<Command>(` call in the tool's sources (checks,
tpmdrv, boot, net) that the table lacks fails, as does a `TPM2_CC_<Command>` code of a command the table lacks (a
command built by hand, or one a transport lets through), a row the sources no longer send, or a "Where" column
that does not name exactly the files calling it. Reads the sources and the document only: needs no build."""
import glob
import os
import re

from harness import ROOT, check

SOURCES = ("checks", "tpmdrv", "boot", "net")
# tss2-sys functions that are not TPM commands: the context's own life and the split Prepare/Complete API.
NOT_COMMANDS = {"GetContextSize", "Initialize", "Finalize", "Execute", "ExecuteAsync", "ExecuteFinish",
                "GetCommandCode", "GetRspAuths", "SetCmdAuths", "GetCpBuffer", "GetRpBuffer", "GetDecryptParam",
                "SetDecryptParam", "GetEncryptParam", "SetEncryptParam", "GetTctiContext"}
SECTION = "\n## Every TPM command the tool sends\n"


def commands_in_sources():
    """({"TPM2_<Command>": {files calling Tss2_Sys_<Command>}}, {"TPM2_<Command>": {files naming TPM2_CC_<Command>}})."""
    calls, codes = {}, {}
    for top in SOURCES:
        for path in glob.glob(os.path.join(ROOT, top, "**", "*.[ch]"), recursive=True):
            with open(path, errors="replace") as f:
                text = re.sub(r"/\*.*?\*/|//[^\n]*", "", f.read(), flags=re.S)  # comments name commands too
            relative = os.path.relpath(path, ROOT)
            for name in set(re.findall(r"\bTss2_Sys_(\w+?)(?:_Prepare|_Complete)?\s*\(", text)) - NOT_COMMANDS:
                calls.setdefault("TPM2_" + name, set()).add(relative)
            for name in set(re.findall(r"\bTPM2?_CC_(\w+)", text)):
                codes.setdefault("TPM2_" + name, set()).add(relative)
    return calls, codes


def documented_commands():
    """{"TPM2_<Command>": ({files}, why)} from the section's table."""
    with open(os.path.join(ROOT, "docs/transports.md")) as f:
        text = f.read()
    start = text.find(SECTION)
    check(start >= 0, "docs/transports.md has no section \"## Every TPM command the tool sends\"")
    end = text.find("\n## ", start + 1)
    rows = {}
    for line in text[start:end].splitlines():
        m = re.match(r"\| `(TPM2_\w+)` \| ([^|]+) \| (.+) \|$", line)
        if m:
            check(m.group(1) not in rows, f"{m.group(1)} is listed twice")
            rows[m.group(1)] = ({p.strip() for p in m.group(2).split(",")}, m.group(3).strip())
    return rows


def test_tpm_commands_are_documented(build):
    (sent, codes), listed = commands_in_sources(), documented_commands()
    check(len(sent) >= 10, f"found only {sorted(sent)} in the sources: is the search broken?")
    missing = sorted(set(sent) - set(listed))
    check(not missing, "sent but not in docs/transports.md, \"Every TPM command the tool sends\" (add a row saying "
          "where and why nothing it does survives the run): " + ", ".join(f"{c} ({', '.join(sorted(sent[c]))})"
                                                                         for c in missing))
    unknown = sorted(set(codes) - set(listed))
    check(not unknown, "command codes in the sources of commands docs/transports.md does not list: "
          + ", ".join(f"{c} ({', '.join(sorted(codes[c]))})" for c in unknown))
    stale = sorted(set(listed) - set(sent))
    check(not stale, "listed in docs/transports.md but no longer sent: " + ", ".join(stale))
    for command, (files, why) in listed.items():
        check(files == sent[command], f"{command}: the table says {sorted(files)}, the sources send it from "
                                      f"{sorted(sent[command])}")
        check(len(why) > 40, f"{command}: say why nothing it does survives the run")
