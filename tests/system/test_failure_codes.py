"""The network failure codes (net/failure_code.h): every code the sources set is listed in docs/network.md,
"Failure codes", with its meaning and what to do; every listed code is set somewhere; each is listed once, is
<LAYER>-<WHAT> and fits FAILURE_CODE_MAX; no two codes share a meaning (one code, one cause). Reads the sources
and the document only: needs no build."""
import glob
import os
import re

from harness import ROOT, check

LAYERS = ("NET", "DNS", "TCP", "PROXY", "TLS", "HTTP", "NTP", "URL", "AIA")
CODE_MAX = 32  # FAILURE_CODE_MAX, with its terminating NUL
CODE = r"(?:%s)-[A-Z0-9]+(?:-[A-Z0-9]+)*" % "|".join(LAYERS)
SOURCES = ("net", "checks", "boot")
# Calls that record a code, whose literal argument must be a code of the scheme (a misspelt layer would escape
# the search for code literals otherwise).
SETTERS = re.compile(r'\b(?:failure_code_set\([^;]*?|fail\(c, HTTP_[A-Z_]+, |failed\(r, [^;]*?)"([^"]*)"', re.S)


def source_files():
    for top in SOURCES:
        for path in glob.glob(os.path.join(ROOT, top, "**", "*.[ch]"), recursive=True):
            with open(path) as f:
                yield os.path.relpath(path, ROOT), f.read()


def codes_in_sources():
    found = {}
    for path, text in source_files():
        for code in re.findall(r'"(%s)"' % CODE, text):
            found.setdefault(code, path)
    return found


def documented_codes():
    """Rows of the tables in the "Failure codes" section: {code: (meaning, what to do)}, and codes listed twice."""
    with open(os.path.join(ROOT, "docs", "network.md")) as f:
        text = f.read()
    start = text.find("\n## Failure codes\n")
    check(start >= 0, "docs/network.md has no section \"## Failure codes\"")
    end = text.find("\n## ", start + 1)
    rows, twice = {}, []
    for line in text[start:end if end > 0 else len(text)].splitlines():
        m = re.match(r"\| `([^`]+)` \| (.+?) \| (.+?) \|$", line)
        if not m:
            continue
        if m.group(1) in rows:
            twice.append(m.group(1))
        rows[m.group(1)] = (m.group(2).strip(), m.group(3).strip())
    return rows, twice


def test_failure_codes_are_documented_and_unique(build):
    in_sources = codes_in_sources()
    documented, twice = documented_codes()
    check(len(in_sources) >= 40, f"only {len(in_sources)} codes found in the sources: is the search broken?")
    missing = sorted(f"{c} ({p})" for c, p in in_sources.items() if c not in documented)
    check(not missing, "codes set in the sources but not in docs/network.md, Failure codes: " + ", ".join(missing))
    stale = sorted(set(documented) - set(in_sources))
    check(not stale, "codes in docs/network.md that no source sets: " + ", ".join(stale))
    check(not twice, "codes listed twice in docs/network.md: " + ", ".join(twice))
    bad = sorted(c for c in documented if not re.fullmatch(CODE, c) or len(c) >= CODE_MAX)
    check(not bad, f"codes not <LAYER>-<WHAT> ({', '.join(LAYERS)}) or longer than {CODE_MAX - 1}: " + ", ".join(bad))
    empty = sorted(c for c, (meaning, todo) in documented.items() if len(meaning) < 10 or len(todo) < 10)
    check(not empty, "codes without a meaning or what to do: " + ", ".join(empty))
    meanings = {}
    for code, (meaning, _) in documented.items():
        meanings.setdefault(meaning, []).append(code)
    shared = [" = ".join(codes) for codes in meanings.values() if len(codes) > 1]
    check(not shared, "codes with the same meaning (one cause, one code): " + "; ".join(shared))


def test_failure_codes_are_set_in_the_scheme(build):
    """Every literal given to the calls that record a code, and every code-like literal in net/, is a code of the
    scheme, so no misspelt layer slips past the documentation test above."""
    wrong = []
    for path, text in source_files():
        values = SETTERS.findall(text)
        if path.startswith("net" + os.sep):
            values += re.findall(r'"([A-Z]{2,}(?:-[A-Z0-9]+)+)"', text)
        for value in values:
            if not re.fullmatch(r"[A-Z0-9]+(?:-[A-Z0-9]+)+", value):
                continue  # a format string or words: failed(r, phase, code, fmt, ...) has its code first
            if not re.fullmatch(CODE, value):
                wrong.append(f"{value} ({path})")
    check(not wrong, "codes outside the <LAYER>-<WHAT> scheme: " + ", ".join(sorted(wrong)))
