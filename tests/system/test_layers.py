"""The include graph follows the layers docs/design.md draws: a file includes only from its own folder or from a
layer below it. A cycle between folders, or a driver reaching into the engine, fails here."""
import os
import re
import subprocess

from harness import ROOT, check

# Lowest first. A path belongs to the first entry whose prefix it starts with.
LAYERS = [
    # the machine's services and the firmware's bindings: leaves, no logic (boot/platform.h, UEFI types, the libc)
    ("platform", ("boot/platform.h", "boot/efi/efi.h", "boot/efi/efi_globals.h", "boot/efi/efi_acpi.h",
                  "boot/efi/arch/efi_cpu.h", "boot/efi/libc/")),
    ("util", ("checks/util/",)),
    ("drivers", ("tpmdrv/",)),
    ("x509", ("checks/x509/",)),
    ("tpm", ("checks/tpm/",)),
    ("net", ("net/",)),
    ("cab", ("checks/cab/",)),
    ("trust", ("checks/trust/",)),
    ("ekcert", ("checks/ekcert/",)),
    ("enrol", ("checks/enrol/",)),
    ("table", ("checks/table/",)),
    ("report", ("checks/report/",)),
    ("config", ("checks/config/",)),
    ("engine", ("checks/engine/",)),
    ("judges", ("checks/judges/",)),
    ("front ends", ("boot/",)),
    ("tests", ("tests/",)),
]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer(path):
    for rank, (name, prefixes) in enumerate(LAYERS):
        if path.startswith(prefixes):
            return rank, name
    return None, None


def violations():
    files = subprocess.run(["git", "-C", ROOT, "ls-files", "*.c", "*.h"], capture_output=True, text=True,
                           check=True).stdout.split()
    found = []
    for f in files:
        rank, name = layer(f)
        if rank is None:
            continue
        with open(os.path.join(ROOT, f), errors="replace") as text:
            includes = INCLUDE.findall(text.read())
        for inc in includes:
            target = os.path.normpath(os.path.join(os.path.dirname(f), inc))
            if not os.path.exists(os.path.join(ROOT, target)):
                target = inc  # written from the root (-I.)
            if not os.path.exists(os.path.join(ROOT, target)):
                continue  # a library's header
            t_rank, t_name = layer(target)
            same_folder = os.path.dirname(target) == os.path.dirname(f)
            if t_rank is not None and t_rank > rank and not same_folder:
                found.append(f"{f} ({name}) includes {target} ({t_name})")
    return found


def test_includes_follow_the_layers(build):
    found = violations()
    check(not found, "includes against the layers (docs/design.md):\n" + "\n".join(found))
