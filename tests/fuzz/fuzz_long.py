#!/usr/bin/env python3
"""`make fuzz-long`: runs every fuzz target for longer, one at a time, on a corpus that grows from campaign to
campaign and is kept in the repository (tests/fuzz/corpus/<target>/), and records per target the executions, the
coverage (libFuzzer's cov and ft at the end), the corpus size and the findings.

Per target: the run starts from tests/fuzz/seeds/<target>/ and tests/fuzz/corpus/<target>/ and writes what it finds
to a working directory under build/tests/fuzz-long/; a crash, leak, timeout or out-of-memory is saved under
build/tests/fuzz-long/<target>/findings/ and the run goes on for the rest of its time. Afterwards the working
directory and the old corpus are merged on top of the seeds (libFuzzer -set_cover_merge=1, a greedy set cover of
their features): the new corpus holds only inputs that add coverage the seeds do not have. Inputs from ../shared
are not used, so the committed corpus is reproducible from the repository alone. UBSan reports end a run too.

FUZZ_SECONDS (default 600) sets the time per target, FUZZ_SECONDS_<target> one target's; FUZZ_ONLY (names,
space-separated) runs only those. Results: build/tests/fuzz-long.json and a Markdown table on stdout."""
import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FLAGS = ["-timeout=10", "-rss_limit_mb=2048"]
CORPUS_BUDGET = 1 << 20  # bytes per target in tests/fuzz/corpus (docs/testing.md)
MAX_RESTARTS = 20        # runs per target after findings; the same bug found again and again ends the target
# UBSan reports (built to recover) end the run like any other finding
UBSAN_ENV = dict(os.environ, UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1")


def seconds_for(name):
    return int(os.environ.get(f"FUZZ_SECONDS_{name}", os.environ.get("FUZZ_SECONDS", "600")))


def parse_run(text):
    """Executions, cov, ft and the findings' first lines from one libFuzzer run's output."""
    execs = re.findall(r"^stat::number_of_executed_units: (\d+)", text, re.M)
    if not execs:  # a crash ends the run before the final stats: the last status line counts
        execs = re.findall(r"^#(\d+)\s", text, re.M)
    cov = re.findall(r"\bcov: (\d+) ft: (\d+)", text)
    problems = re.findall(r"^(?:==\d+==)?(ERROR: (?:AddressSanitizer|LeakSanitizer|libFuzzer)[^\n]*)", text, re.M)
    problems += re.findall(r"^(\S+:\d+:\d+: runtime error: [^\n]*)", text, re.M)
    last = cov[-1] if cov else ("0", "0")
    return int(execs[-1]) if execs else 0, int(last[0]), int(last[1]), problems


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha1(f.read()).hexdigest()


def merge(binary, seeds, sources, corpus, scratch):
    """Replaces corpus with the inputs of sources that add coverage to the seeds'."""
    base = os.path.join(scratch, "merged")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    seed_files = set()
    for path in glob.glob(os.path.join(seeds, "*")) if os.path.isdir(seeds) else []:
        shutil.copy(path, base)
        seed_files.add(os.path.basename(path))
    out = subprocess.run([binary, "-set_cover_merge=1", *FLAGS, f"-artifact_prefix={scratch}/merge-", base,
                          *[s for s in sources if os.path.isdir(s)]], capture_output=True, text=True, timeout=3600,
                         env=UBSAN_ENV)
    if out.returncode != 0:
        raise RuntimeError(f"merge failed: {out.stderr[-2000:]}")
    seed_digests = {digest(os.path.join(base, n)) for n in seed_files}
    shutil.rmtree(corpus, ignore_errors=True)
    os.makedirs(corpus)
    for name in sorted(os.listdir(base)):
        path = os.path.join(base, name)
        if name not in seed_files and digest(path) not in seed_digests:
            shutil.copy(path, os.path.join(corpus, digest(path)))
    files = os.listdir(corpus)
    return len(files), sum(os.path.getsize(os.path.join(corpus, f)) for f in files)


def fuzz_target(binary, build):
    name = os.path.basename(binary)
    seconds = seconds_for(name)
    scratch = os.path.join(build, "tests", "fuzz-long", name)
    work, findings = os.path.join(scratch, "work"), os.path.join(scratch, "findings")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    os.makedirs(findings, exist_ok=True)
    seeds, corpus = os.path.join(HERE, "seeds", name), os.path.join(HERE, "corpus", name)
    os.makedirs(corpus, exist_ok=True)
    before = set(os.listdir(findings))
    result = {"target": name, "seconds": 0, "executions": 0, "cov": 0, "ft": 0, "problems": [], "runs": 0}
    started = time.time()
    while result["runs"] <= MAX_RESTARTS:
        left = seconds - int(time.time() - started)
        if left < 1 or (result["runs"] and left < 5):
            break
        args = [binary, f"-max_total_time={left}", *FLAGS, "-print_final_stats=1",
                f"-artifact_prefix={findings}/", work, corpus] + ([seeds] if os.path.isdir(seeds) else [])
        out = subprocess.run(args, capture_output=True, text=True, timeout=left + 600, env=UBSAN_ENV)
        execs, cov, ft, problems = parse_run(out.stderr)
        result["runs"] += 1
        result["executions"] += execs
        result["cov"], result["ft"] = max(result["cov"], cov), max(result["ft"], ft)
        result["problems"] += problems
        if out.returncode == 0:
            break
        if not problems:
            result["problems"].append(f"exit {out.returncode}: {out.stderr[-300:].strip()}")
    result["seconds"] = round(time.time() - started)
    result["findings"] = sorted(set(os.listdir(findings)) - before)
    result["corpus_files"], result["corpus_bytes"] = merge(binary, seeds, [work, corpus], corpus, scratch)
    if result["corpus_bytes"] > CORPUS_BUDGET:
        result["problems"].append(f"corpus {result['corpus_bytes']} bytes, over the budget of {CORPUS_BUDGET}")
    return result


def table(results):
    lines = ["| target | seconds | executions | exec/s | cov | ft | corpus (files / KiB) | findings |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        found = "; ".join(sorted(set(r["problems"]))) or "none"
        rate = r["executions"] // max(r["seconds"], 1)
        lines.append(f"| {r['target']} | {r['seconds']} | {r['executions']} | {rate} | {r['cov']} | {r['ft']} | "
                     f"{r['corpus_files']} / {r['corpus_bytes'] // 1024} | {found} |")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default="build")
    a = p.parse_args()
    build = os.path.abspath(a.build)
    wanted = os.environ.get("FUZZ_ONLY", "").split()
    results = []
    for binary in sorted(glob.glob(os.path.join(build, "tests", "fuzz", "fuzz_*"))):
        if wanted and os.path.basename(binary) not in wanted:
            continue
        r = fuzz_target(binary, build)
        print(f"{r['target']}: {r['seconds']} s, {r['executions']} executions, cov {r['cov']} ft {r['ft']}, "
              f"{len(r['findings'])} findings, corpus {r['corpus_files']} files", flush=True)
        results.append(r)
    with open(os.path.join(build, "tests", "fuzz-long.json"), "w") as f:
        json.dump(results, f, indent=1)
    print(table(results))
    return 1 if any(r["findings"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
