"""Reports that are never lost: a write-protected stick and a full stick are reported on the console while the
result is still shown; bad configuration lines become notes and the run goes on with the defaults."""
import os

from harness import Workspace, boot, check, image_files, image_fill, image_reports, make_image, provisioned_state


def test_stick_read_only_still_shows_the_result(build):
    """A write-protected stick: the report is shown and SAVE-FAILED said, and the result screen keeps a banner that
    the report was not saved (the technician must photograph it) until the power-off countdown ends."""
    with Workspace(build) as work:
        image = make_image(build, os.path.join(work, "stick.img"), {"finish": "key", "key_timeout": "5"})
        rc, console = boot(image, "none", None, os.path.join(work, "serial.log"), read_only=True)
        check(rc == 0, f"QEMU exit {rc}")
        check("VERDICT  NOT READY" in console, "the result was not shown")
        summary = [l for l in console.splitlines() if l.startswith("SUMMARY  TPMPF2|")]
        check(summary and "|NOT-READY|tpm.present" in summary[0], f"no compact summary naming tpm.present: {summary}")
        check("SAVE-FAILED" in console and "write-protected" in console, f"no save failure message: {console[-800:]}")
        screen = console[console.rfind("SAVE-FAILED"):]
        check("NOT SAVED to the stick" in screen and "photograph this screen" in screen and "NOT delivered" in screen,
              f"no banner on the result screen: {screen[-1500:]}")
        check(not image_reports(image), "a report appeared on a read-only stick")


def test_stick_full_still_shows_the_result_and_leaves_no_partial_file(build):
    """A stick with 2 KiB free: the result is shown with SAVE-FAILED; the stick holds no cut file (the start's
    INCOMPLETE report may fit, the finished one does not)."""
    with Workspace(build) as work:
        image = make_image(build, os.path.join(work, "stick.img"), {"finish": "shutdown"})
        image_fill(image, 2048)
        state = provisioned_state(build, os.path.join(work, "tpm"))
        rc, console = boot(image, "crb", state, os.path.join(work, "serial.log"))
        check(rc == 0, f"QEMU exit {rc}")
        check("VERDICT" in console, "the result was not shown")
        check("SAVE-FAILED" in console and "full" in console, f"no save failure message: {console[-800:]}")
        # what the stick took is whole: at most the small report written at the start (INCOMPLETE), never a cut file
        names = image_files(image, "/preflight/reports")
        check(all(n.endswith((".json", ".txt")) for n in names), f"temporary files left: {names}")
        check(all(r["complete"] is False and r["verdict"] == "INCOMPLETE" for r in image_reports(image)),
              f"a report other than the start's: {names}")


def test_stick_config_with_bad_lines(build):
    """A factory stick whose preflight.conf has four bad lines (one a strict line with a typo): each is noted, and
    config.file fails the run with them - a factory run that silently used defaults would mean something else."""
    with Workspace(build) as work:
        image = make_image(build, os.path.join(work, "stick.img"),
                           {"mode": "factory", "transport": "warp-drive", "colour": "blue", "key_timeout": "-5",
                            "strict": "tpm.virtaul"})
        rc, console = boot(image, "none", None, os.path.join(work, "serial.log"))
        check(rc == 0, f"QEMU exit {rc}")
        report = image_reports(image)[0]
        notes = report["notes"]
        for needle in ('transport = "warp-drive"', 'unknown key "colour"', 'key_timeout = "-5"', '"tpm.virtaul"'):
            check(any(needle in n for n in notes), f"{needle} not noted: {notes}")
        check('NOTE     config: unknown key "colour"' in console, "notes not on the console")
        config = [c for c in report["checks"] if c["id"] == "config.file"][0]
        check(config["status"] == "fail" and config["reason"] == "config.file/factory-settings-ignored"
              and "4 setting(s)" in config["summary"], str(config))


def test_stick_dated_cabs_from_the_future_are_not_used(build):
    """A stick whose clock reads 2024-07-01, with the real 2024-06-11 cab configured and the real 2024-11-21 cab
    saved beside it twice: as TrustedTpm-2024-11-21.cab (its name is after the clock) and as
    TrustedTpm-2024-06-20.cab (its name is fine, its version.txt is not). Neither is used - a cab from the future
    would stay "newest" for good - and trust.cab says so; the configured cab is used."""
    from harness import evidence, shared_testdata
    old = shared_testdata("trustedtpm", "TrustedTpm-2024-06-11.cab")
    new = shared_testdata("trustedtpm", "TrustedTpm-2024-11-21.cab")
    with Workspace(build) as work:
        renamed = os.path.join(work, "renamed.cab")
        with open(new, "rb") as f, open(renamed, "wb") as g:
            g.write(f.read())  # a second source path: make_image maps each source to one stick path
        image = make_image(build, os.path.join(work, "stick.img"), {"finish": "shutdown", "network": "off"},
                           extra={old: "\\preflight\\TrustedTpm.cab", new: "\\preflight\\TrustedTpm-2024-11-21.cab",
                                  renamed: "\\preflight\\TrustedTpm-2024-06-20.cab"})
        state = provisioned_state(build, os.path.join(work, "tpm"))
        rc, console = boot(image, "crb", state, os.path.join(work, "serial.log"), qemu_args=("--rtc-base", "2024-07-01"))
        check(rc == 0, f"QEMU exit {rc}\n{console[-2000:]}")
        cab = evidence(image_reports(image)[-1], "trust.cab")
    skipped = cab["evidence"].get("skipped", "")
    check("dated 2024-06-11" in cab["summary"] and cab["evidence"]["file"].endswith("TrustedTpm.cab"), str(cab))
    check(skipped == "TrustedTpm-2024-11-21.cab (named so), TrustedTpm-2024-06-20.cab dated 2024-11-21 (by its "
          "version.txt): more than 2 days after the clock (2024-07-01), not used; set the clock, or remove", skipped)
