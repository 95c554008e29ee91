"""The failure codes of the network (net/failure_code.h, docs/network.md) and of the TPM transports
(tpmdrv/transport.h, docs/transports.md): every code the sources set is listed in its document's "Failure codes",
with its meaning and what to do; every listed code is set somewhere; each is listed once across both documents,
is <LAYER>-<WHAT> and fits FAILURE_CODE_MAX; no two codes share a meaning (one code, one cause). Reads the sources
and the documents only: needs no build."""
import glob
import os
import re

from harness import ROOT, check

NET_LAYERS = ("NET", "DNS", "TCP", "PROXY", "TLS", "HTTP", "NTP", "URL", "AIA")
TPM_LAYERS = ("CRB", "TIS", "TCG2", "DEV", "SWTPM", "TPM")
LAYERS = NET_LAYERS + TPM_LAYERS
CODE_MAX = 32  # FAILURE_CODE_MAX and TRANSPORT_CODE_MAX, with the terminating NUL


def code_pattern(layers):
    return r"(?:%s)-[A-Z0-9]+(?:-[A-Z0-9]+)*" % "|".join(layers)


CODE = code_pattern(LAYERS)
# Each family of codes: its layers and the document that lists them.
FAMILIES = (("network", NET_LAYERS, "network.md"), ("TPM transport", TPM_LAYERS, "transports.md"))
SOURCES = ("net", "checks", "boot", "tpmdrv")
# Calls that record a code, whose literal argument must be a code of the scheme (a misspelt layer would escape
# the search for code literals otherwise).
SETTERS = re.compile(r'\b(?:failure_code_set\([^;]*?|fail\(c, HTTP_[A-Z_]+, |failed\(r, [^;]*?|transport_code_set\([^;]*?'
                     r'|transport_fail\([^;]*?|fail\((?:crb|tis), [^;]*?|timed_out\(tis, |outside\(crb, )"([^"]*)"', re.S)


def source_files():
    for top in SOURCES:
        for path in glob.glob(os.path.join(ROOT, top, "**", "*.[ch]"), recursive=True):
            with open(path) as f:
                yield os.path.relpath(path, ROOT), f.read()


def codes_in_sources(layers):
    found = {}
    for path, text in source_files():
        for code in re.findall(r'"(%s)"' % code_pattern(layers), text):
            found.setdefault(code, path)
    return found


def documented_codes(document):
    """Rows of the tables in the "Failure codes" section: {code: (meaning, what to do)}, and codes listed twice."""
    with open(os.path.join(ROOT, "docs", document)) as f:
        text = f.read()
    start = text.find("\n## Failure codes\n")
    check(start >= 0, f"docs/{document} has no section \"## Failure codes\"")
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


def check_family(name, layers, document, least):
    """Checks one family's codes against its document; returns its rows."""
    in_sources = codes_in_sources(layers)
    documented, twice = documented_codes(document)
    check(len(in_sources) >= least, f"only {len(in_sources)} {name} codes found in the sources: is the search broken?")
    missing = sorted(f"{c} ({p})" for c, p in in_sources.items() if c not in documented)
    check(not missing, f"codes set in the sources but not in docs/{document}, Failure codes: " + ", ".join(missing))
    stale = sorted(set(documented) - set(in_sources))
    check(not stale, f"codes in docs/{document} that no source sets: " + ", ".join(stale))
    check(not twice, f"codes listed twice in docs/{document}: " + ", ".join(twice))
    pattern = code_pattern(layers)
    bad = sorted(c for c in documented if not re.fullmatch(pattern, c) or len(c) >= CODE_MAX)
    check(not bad, f"codes in docs/{document} not <LAYER>-<WHAT> ({', '.join(layers)}) or longer than "
          f"{CODE_MAX - 1}: " + ", ".join(bad))
    empty = sorted(c for c, (meaning, todo) in documented.items() if len(meaning) < 10 or len(todo) < 10)
    check(not empty, "codes without a meaning or what to do: " + ", ".join(empty))
    return documented


def test_failure_codes_are_documented_and_unique(build):
    rows = {}
    for name, layers, document in FAMILIES:
        documented = check_family(name, layers, document, 40)
        again = sorted(set(rows) & set(documented))
        check(not again, f"codes listed in docs/{document} and another document: " + ", ".join(again))
        rows.update(documented)
    meanings = {}
    for code, (meaning, _) in rows.items():
        meanings.setdefault(meaning, []).append(code)
    shared = [" = ".join(codes) for codes in meanings.values() if len(codes) > 1]
    check(not shared, "codes with the same meaning (one cause, one code): " + "; ".join(shared))


def test_failure_codes_are_set_in_the_scheme(build):
    """Every literal given to the calls that record a code, and every code-like literal in net/, is a code of the
    scheme, so no misspelt layer slips past the documentation test above."""
    wrong = []
    for path, text in source_files():
        values = SETTERS.findall(text)
        if path.startswith(("net" + os.sep, "tpmdrv" + os.sep)):
            values += re.findall(r'"([A-Z]{2,}(?:-[A-Z0-9]+)+)"', text)
        for value in values:
            if not re.fullmatch(r"[A-Z0-9]+(?:-[A-Z0-9]+)+", value):
                continue  # a format string or words: failed(r, phase, code, fmt, ...) has its code first
            if not re.fullmatch(CODE, value):
                wrong.append(f"{value} ({path})")
    check(not wrong, "codes outside the <LAYER>-<WHAT> scheme: " + ", ".join(sorted(set(wrong))))
