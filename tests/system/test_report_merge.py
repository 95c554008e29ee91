"""`preflight report merge`: reports from several runs become CSV rows and SQLite tables with summaries by verdict,
failing check and model; bad, partial and foreign JSON files are named and skipped without stopping the merge."""
import csv
import os
import sqlite3
import subprocess

from harness import Swtpm, Workspace, check, provisioned_state, test_cabs


def test_report_merge_csv_sqlite_and_bad_files(build):
    tool = os.path.join(build, "asan/preflight")
    with Workspace(build) as work:
        reports = os.path.join(work, "reports")
        os.mkdir(reports)
        tpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            for cab in ("good", "aik-removed", "no-intermediate"):
                subprocess.run([tool, "check", "--offline", "--tpm", tpm.spec(), "--trust", os.path.join(test_cabs(build), cab + ".cab"),
                                "--virtual-tpm-warn", "--report-dir", reports], capture_output=True, timeout=60)
        finally:
            tpm.stop()
        good = sorted(n for n in os.listdir(reports) if n.endswith(".json"))
        check(len(good) == 3, f"expected three reports, found {good}")
        with open(os.path.join(reports, good[0]), "rb") as f:
            truncated = f.read()[:300]
        for name, content in (("partial.json", truncated), ("garbage.json", b"\x00\xff{{{"),
                              ("other.json", b'{"schema": "something-else", "checks": []}')):
            with open(os.path.join(reports, name), "wb") as f:
                f.write(content)
        out_csv, out_db = os.path.join(work, "runs.csv"), os.path.join(work, "runs.sqlite")
        out = subprocess.run([tool, "report", "merge", reports, os.path.join(work, "missing-dir"), "--csv", out_csv,
                              "--sqlite", out_db], capture_output=True, text=True, timeout=60)
        check(out.returncode == 0, f"exit {out.returncode}: {out.stderr}")
        for name in ("partial.json", "garbage.json", "other.json", "missing-dir"):
            check(f"SKIPPED  " in out.stderr and name in out.stderr, f"{name} not named: {out.stderr}")
        check("MERGED   3 run(s), 4 file(s) skipped" in out.stdout, out.stdout)
        check("FAILING  aik.authority.listed: 1 run(s)" in out.stdout and "FAILING  ek.chain: 1 run(s)" in out.stdout,
              out.stdout)
        with open(out_csv, newline="") as f:
            rows = list(csv.DictReader(f))
        check(sorted(r["verdict"] for r in rows) == ["NOT READY", "NOT READY", "READY WITH WARNINGS"], str(rows))
        check(all(r["tpm_vendor"] == "IBM" and r["tpm_firmware"] for r in rows), str(rows))
        db = sqlite3.connect(out_db)
        by_verdict = dict(db.execute("SELECT verdict, runs FROM summary_by_verdict"))
        check(by_verdict == {"NOT READY": 2, "READY WITH WARNINGS": 1}, str(by_verdict))
        by_check = dict(db.execute("SELECT check_id, runs FROM summary_by_check"))
        check(by_check == {"aik.authority.listed": 1, "ek.chain": 1}, str(by_check))
        check(db.execute("SELECT SUM(runs) FROM summary_by_model").fetchone()[0] == 3, "model summary")
