"""The seeds of fuzz_engine_run (real runs against swtpm, tests/fuzz/record_engine_seeds.py) still drive the
fuzz target through a whole run: replayed, each gives the results the real run gave (the activation passing
needs every answer in its place). When the tool's commands change, the seeds stop reaching the end and the fuzzer
starts shallow; this test says so, and `python3 tests/fuzz/record_engine_seeds.py` records them again."""
import json
import os
import sys

from harness import ROOT, check

sys.path.insert(0, os.path.join(ROOT, "tests", "fuzz"))
import record_engine_seeds  # noqa: E402


def test_fuzz_engine_seeds_reach_the_end_of_the_run(build):
    seeds = os.path.join(ROOT, "tests", "fuzz", "seeds", "fuzz_engine_run")
    with open(os.path.join(ROOT, "tests", "fuzz", "data", "engine_run_seeds.json")) as f:
        expected = json.load(f)
    check(sorted(expected) == sorted(os.listdir(seeds)), f"seeds {sorted(os.listdir(seeds))}, expected {sorted(expected)}")
    for name, want in sorted(expected.items()):
        report = record_engine_seeds.replay(build, os.path.join(seeds, name))
        got = record_engine_seeds.tpm_results(report)
        check(got == want["checks"] and report["verdict"] == want["verdict"],
              f"seed {name} no longer replays the recorded run (record the seeds again: python3 "
              f"tests/fuzz/record_engine_seeds.py):\n{want}\n{got}")
