"""Secure Boot: the application signed with sbsigntool (Debian's snakeoil key, enrolled in OVMF's snakeoil
variables) boots with Secure Boot enforced and reports it active; the unsigned application is refused."""
import os
import subprocess

from harness import ROOT, Workspace, boot, check, evidence, image_reports, make_image

SNAKEOIL_KEY = "/usr/share/ovmf/PkKek-1-snakeoil.key"  # protected by the passphrase "snakeoil" (Debian ovmf)
SNAKEOIL_CERT = "/usr/share/ovmf/PkKek-1-snakeoil.pem"


def signed_efi(build):
    """The application signed the way `make image SIGN_KEY=... SIGN_CERT=...` does it."""
    key = os.path.join(build, "secureboot", "snakeoil.key")
    os.makedirs(os.path.dirname(key), exist_ok=True)
    if not os.path.exists(key):
        subprocess.run(["openssl", "pkey", "-in", SNAKEOIL_KEY, "-passin", "pass:snakeoil", "-out", key], check=True)
    # BUILD spelt as the build that made the objects spelt it (relative to the tree): the compiler's dependency
    # files name their targets so, and under another spelling make would not see a changed header
    tree_build = os.path.relpath(build, ROOT) if os.path.abspath(build).startswith(ROOT + os.sep) else build
    subprocess.run(["make", "-s", "-C", ROOT, f"BUILD={tree_build}", f"SIGN_KEY={key}", f"SIGN_CERT={SNAKEOIL_CERT}",
                    os.path.join(tree_build, "efi", "preflight.signed.efi")], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(build, "efi", "preflight.signed.efi")


def image_with(build, work, efi, name, extra=None):
    conf = os.path.join(work, name + ".conf")
    with open(conf, "w") as f:
        f.write("finish = shutdown\n")
    image = os.path.join(work, name + ".img")
    subprocess.run([os.path.join(ROOT, "image/make-image.sh"), image, efi, conf, *(extra or [])], check=True)
    return image


def test_secure_boot_signed_image_runs_and_reports_active(build):
    with Workspace(build) as work:
        image = image_with(build, work, signed_efi(build), "signed")
        rc, console = boot(image, "none", None, os.path.join(work, "serial.log"), secure_boot=True)
        check(rc == 0, f"QEMU exit {rc}: {console[-1500:]}")
        sb = evidence(image_reports(image)[0], "platform.secure_boot")
        check(sb["status"] == "pass" and "active: yes" in sb["summary"], sb["summary"])


def test_secure_boot_refuses_the_unsigned_image(build):
    with Workspace(build) as work:
        image = image_with(build, work, os.path.join(build, "efi", "preflight.efi"), "unsigned")
        rc, console = boot(image, "none", None, os.path.join(work, "serial.log"), secure_boot=True, timeout=25)
        check("Access Denied" in console and "USB" in console, f"no refusal on the console: {console[-1500:]}")
        check("VERDICT" not in console and "tpm-preflight" not in console, "the unsigned application ran")
        check(not image_reports(image), "a report was written by the unsigned application")
