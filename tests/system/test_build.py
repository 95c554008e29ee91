"""The build's fetch step: a pinned version the mirror does not serve, and a
tarball whose sha256 differs from the lock, each stop with a clear message."""
import os
import subprocess

from harness import ROOT, Workspace, check


def _fetch(build, work, lock_lines, name):
    lock = os.path.join(work, "sources.lock")
    with open(lock, "w") as f:
        f.write("\n".join(lock_lines) + "\n")
    # reuse the index the build already downloaded, so the test costs one small download
    apt = os.path.join(work, "build", "apt")
    os.makedirs(apt)
    for part in ("lists", "updated", "sources.list"):
        src = os.path.join(build, "apt", part)
        if os.path.exists(src):
            subprocess.run(["cp", "-a", src, apt], check=True)
    env = dict(os.environ, SOURCES_LOCK=lock)
    return subprocess.run([os.path.join(ROOT, "third_party/fetch-source.sh"), name, os.path.join(work, "build")],
                          capture_output=True, text=True, env=env, timeout=300)


def test_build_unserved_version_names_package_and_version(build):
    with Workspace(build) as work:
        out = _fetch(build, work, ["libmspack 0.0.1-99 libmspack_0.0.1.orig.tar.gz " + "0" * 64], "libmspack")
        check(out.returncode != 0, "an unserved version was accepted")
        check("libmspack 0.0.1-99 is not served by the mirror" in out.stderr, out.stderr)
        check("no pinned version of libmspack could be fetched" in out.stderr, out.stderr)


def test_build_checksum_mismatch_is_refused(build):
    with Workspace(build) as work:
        out = _fetch(build, work, ["libmspack 0.11-1 libmspack_0.11.orig.tar.gz " + "0" * 64], "libmspack")
        check(out.returncode != 0, "a tarball with the wrong sha256 was accepted")
        check("refusing it" in out.stderr and "libmspack_0.11.orig.tar.gz" in out.stderr, out.stderr)
        check(not os.path.exists(os.path.join(work, "build/src/libmspack/.unpacked")), "unpacked anyway")
