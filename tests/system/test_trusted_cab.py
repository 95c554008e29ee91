"""`preflight cab-info` on Microsoft's real TrustedTpm.cab files (../shared/testdata/trustedtpm): the facts the
test data README states, and a damaged CAB giving a clear message."""
import json
import os
import subprocess

from harness import Workspace, check, shared_testdata

NEW = ("trustedtpm", "TrustedTpm-2024-11-21.cab")
OLD = ("trustedtpm", "TrustedTpm-2024-06-11.cab")


def cab_info(build, cab, keyid=None):
    args = [os.path.join(build, "host/preflight"), "cab-info", "--trust", cab, "--json"]
    if keyid:
        args += ["--keyid", keyid]
    out = subprocess.run(args, capture_output=True, text=True, timeout=60)
    check(out.returncode == 0, f"exit {out.returncode}: {out.stderr}")
    return json.loads(out.stdout)


def test_cab_info_real_2024_11_21(build):
    info = cab_info(build, shared_testdata(*NEW), "amd-keyid-52fb59e29aa83a962fb9eef0fe5b4811de6b751e")
    check(info["sha256"] == "95554204eecc0c80a2195f112ae9cb9f56731da8b8a44928b191160030744ec5", info["sha256"])
    check(info["date"] == "2024-11-21", info["date"])
    check(info["aik_cas"] > 1800, f"{info['aik_cas']} AIK CAs")
    aik = info["aik_ca"]
    check(aik["state"] == "removed" and aik["removed_on"] == "2022-08-01", f"{aik['state']} {aik['removed_on']}")
    check(not aik["files"], "a file for a removed AIK CA")


def test_cab_info_real_added_in_september_2024(build):
    info = cab_info(build, shared_testdata(*NEW), "IFX-KeyId-201E7460972E4C7192DF9B72A9541BE0BA6AE5B1")
    aik = info["aik_ca"]
    check(aik["state"] == "listed", aik["state"])
    check({"date": "2024-09-13", "action": "added",
           "file": "ifx-keyid-201e7460972e4c7192df9b72a9541be0ba6ae5b1.cer"} in aik["history"], str(aik["history"]))


def test_cab_info_real_removed_then_re_added(build):
    aik = cab_info(build, shared_testdata(*NEW), "ifx-keyid-9c7df5a91c3d49bbe7378d4aba12ff8e78a2d75c")["aik_ca"]
    check(aik["state"] == "listed", aik["state"])
    actions = [(h["date"], h["action"]) for h in aik["history"]]
    check(("2017-11-07", "removed") in actions and ("2018-09-26", "added") in actions, str(actions))


def test_cab_info_real_2024_06_11(build):
    info = cab_info(build, shared_testdata(*OLD), "ifx-keyid-201e7460972e4c7192df9b72a9541be0ba6ae5b1")
    check(info["sha256"] == "167ef4b8c2e84b72e77801a68c59a9348bd53a6d5edcdcac39f2d7596cf5d3a9", info["sha256"])
    check(info["date"] == "2024-06-11", info["date"])
    check(info["aik_ca"]["state"] == "unknown" and not info["aik_ca"]["history"], str(info["aik_ca"]))


def test_cab_info_corrupt_and_missing_files(build):
    with Workspace(build) as work:
        real = shared_testdata(*NEW)
        with open(real, "rb") as f:
            data = bytearray(f.read())
        cases = {"truncated.cab": data[: len(data) // 3], "not-a-cab.cab": b"hello" * 100,
                 "flipped.cab": data[:4096] + bytes(b ^ 0x5A for b in data[4096:8192]) + data[8192:]}
        for name, content in cases.items():
            path = os.path.join(work, name)
            with open(path, "wb") as f:
                f.write(content)
            out = subprocess.run([os.path.join(build, "host/preflight"), "cab-info", "--trust", path],
                                 capture_output=True, text=True, timeout=60)
            check(out.returncode == 2, f"{name}: exit {out.returncode}")
            check("is not a usable TrustedTpm.cab" in out.stderr, f"{name}: {out.stderr}")
        out = subprocess.run([os.path.join(build, "host/preflight"), "cab-info", "--trust", "/nonexistent.cab"],
                             capture_output=True, text=True)
        check(out.returncode == 2 and "cannot open /nonexistent.cab" in out.stderr, out.stderr)
