#!/usr/bin/env python3
"""Runs every test of tpm-preflight and ends with the line "N passed, N failed":
the cmocka unit tests (each case counted), the libFuzzer targets (each run
briefly on its seeds), and the system tests in tests/system (Linux command
against swtpm; the UEFI image in QEMU)."""
import argparse
import glob
import importlib
import os
import re
import shutil
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "system"))

results = []
skipped = []
# Real inputs in ../shared/testdata that seed a fuzz target as well, when present.
REAL_SEEDS = {"fuzz_ek_cert": "ekcerts", "fuzz_cab": "trustedtpm", "fuzz_cab_signature": "trustedtpm"}


def record(name, ok, seconds, why=""):
    results.append(ok)
    line = f"{'PASS' if ok else 'FAIL'} {name} ({seconds:.1f} s)"
    if not ok:
        line += "\n     " + why.strip().replace("\n", "\n     ")
    print(line, flush=True)


def run_unit(build):
    for binary in sorted(glob.glob(os.path.join(build, "tests/unit/test_*"))):
        started = time.time()
        out = subprocess.run([binary], capture_output=True, text=True, timeout=300)
        text = out.stdout + out.stderr
        passed = re.findall(r"^\[       OK \] (\S+)", text, re.M)
        failed = sorted(set(re.findall(r"^\[  FAILED  \] (\S+)$", text, re.M)))
        elapsed = time.time() - started
        for name in passed:
            record(f"unit/{os.path.basename(binary)}/{name}", True, 0)
        for name in failed:
            record(f"unit/{os.path.basename(binary)}/{name}", False, elapsed, text[-3000:])
        if out.returncode != 0 and not failed:
            record(f"unit/{os.path.basename(binary)}", False, elapsed, f"exit {out.returncode}\n{text[-3000:]}")


def run_fuzz(build, seconds):
    for binary in sorted(glob.glob(os.path.join(build, "tests/fuzz/fuzz_*"))):
        name = os.path.basename(binary)
        corpus = os.path.join(build, "tests/fuzz-corpus", name)
        os.makedirs(corpus, exist_ok=True)
        started = time.time()
        args = [binary, f"-max_total_time={seconds}", "-timeout=10", "-rss_limit_mb=2048", corpus]
        # the seeds, and the corpus `make fuzz-long` grew (tests/fuzz/corpus), read in place
        args += [d for d in (os.path.join(HERE, "fuzz/seeds", name), os.path.join(HERE, "fuzz/corpus", name))
                 if os.path.isdir(d)]
        real = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "testdata", REAL_SEEDS.get(name, "-"))
        if os.path.isdir(real):  # read in place, never copied into the project
            args.append(real)
        out = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 120,
                             env=dict(os.environ, UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"))
        record(f"fuzz/{name}", out.returncode == 0, time.time() - started, out.stderr[-3000:])


def run_system(build, pattern):
    for path in sorted(glob.glob(os.path.join(HERE, "system/test_*.py"))):
        try:
            module = importlib.import_module(os.path.basename(path)[:-3])
        except Exception:  # a broken test file is a failure, not the end of the run
            record(f"system/{os.path.basename(path)}", False, 0, traceback.format_exc())
            continue
        for name in sorted(n for n in dir(module) if n.startswith("test_")):
            if pattern and not re.search(pattern, name):
                continue
            started = time.time()
            try:
                getattr(module, name)(build)
                record(f"system/{name}", True, time.time() - started)
            except Exception as e:
                if e.__class__.__name__ == "Skip":
                    skipped.append(name)
                    print(f"SKIP system/{name}: {e}", flush=True)
                    continue  # any failure of a test is reported, the run goes on
                why = str(e) if e.__class__.__name__ == "TestFailure" else traceback.format_exc()
                record(f"system/{name}", False, time.time() - started, why)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default="build")
    p.add_argument("--only", choices=["unit", "fuzz", "system"])
    p.add_argument("--filter", help="regular expression selecting system tests")
    p.add_argument("--fuzz-seconds", type=int, default=int(os.environ.get("FUZZ_SECONDS", "15")))
    args = p.parse_args()
    build = os.path.abspath(args.build)
    if args.only in (None, "unit"):
        run_unit(build)
    if args.only in (None, "fuzz"):
        run_fuzz(build, args.fuzz_seconds)
    if args.only in (None, "system"):
        run_system(build, args.filter)
    passed = sum(results)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed" + (f", {len(skipped)} skipped" if skipped else ""))
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
