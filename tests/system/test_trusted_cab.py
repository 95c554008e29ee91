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


def cab_entries(build, path, timeout=60):
    """`cab-info --files --json`: {name: (size, sha256)}, or the exit status and message when it is refused."""
    out = subprocess.run([os.path.join(build, "host/preflight"), "cab-info", "--trust", path, "--files", "--json"],
                         capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        return out.returncode, out.stderr
    return {e["name"]: (e["size"], e["sha256"]) for e in json.loads(out.stdout)["entries"]}


def test_cab_real_files_extract_like_gcab(build):
    """Every file of both real cabs comes out with the bytes gcab extracts (each folder decompressed once and the
    files sliced from it)."""
    import hashlib
    for name in (NEW, OLD):
        real = shared_testdata(*name)
        with Workspace(build) as work:
            subprocess.run(["gcab", "-x", "-C", work, real], check=True, capture_output=True, timeout=120)
            expected = {}
            for root, _, files in os.walk(work):
                for f in files:
                    with open(os.path.join(root, f), "rb") as g:
                        data = g.read()
                    expected[os.path.relpath(os.path.join(root, f), work)] = (len(data), hashlib.sha256(data).hexdigest())
        got = cab_entries(build, real)
        check(isinstance(got, dict), f"{real}: {got}")
        check(len(got) > 1900 and got == expected,
              f"{real}: {len(got)} files, {len(expected)} from gcab; differing: "
              f"{sorted(set(got.items()) ^ set(expected.items()))[:4]}")


def test_cab_declaring_gigabytes_is_refused_at_once(build):
    """A 3.7 MB cab whose folder declares 65535 blocks (2 GiB), listing 100 one-byte files at descending offsets:
    libmspack asked file by file restarts the folder for each (about 2 GiB each). It is refused before any
    decompression, naming the folder's size against the limit."""
    import cab_builder
    with Workspace(build) as work:
        path = os.path.join(work, "gigabytes.cab")
        with open(path, "wb") as f:
            f.write(cab_builder.cab([(65535, 65535)], cab_builder.descending_one_byte_files(100, 65535 * 32768)))
        rc, message = cab_entries(build, path)
    check(rc == 2 and "declares 65535 data blocks (up to 2047 MiB to decompress), more than the 64 MiB limit"
          in message, f"exit {rc}: {message}")


def test_cab_files_listed_backwards_cost_one_pass(build):
    """A folder within the limits (1500 blocks, 47 MiB) with 2000 one-byte files listed at descending offsets from
    its end: each folder is decompressed once (file by file it was 2000 passes of up to 47 MiB, minutes of work);
    every file has the content of its block. Then three such folders with one file at the end of each: 141 MiB of
    decompression for 3 bytes of files is refused as over the work budget."""
    import cab_builder
    blocks, end = 1500, 1500 * 32768
    files = cab_builder.descending_one_byte_files(2000, end)
    with Workspace(build) as work:
        path = os.path.join(work, "backwards.cab")
        with open(path, "wb") as f:
            f.write(cab_builder.cab([(blocks, blocks)], files))
        got = cab_entries(build, path)
        check(isinstance(got, dict) and len(got) == 2000, str(got)[:300])
        import hashlib
        for name, _, offset, _ in files:
            content = bytes([cab_builder.block_byte(offset // 32768)])
            check(got[name] == (1, hashlib.sha256(content).hexdigest()), f"{name} at {offset}: {got[name]}")
        with open(path, "wb") as f:
            f.write(cab_builder.cab([(blocks, blocks)] * 3,
                                    [(f"end{n}.bin", n, end - 1, 1) for n in range(3)]))
        rc, message = cab_entries(build, path)
    check(rc == 2 and "decompressing its folders would take more than 64 MiB" in message, f"exit {rc}: {message}")
