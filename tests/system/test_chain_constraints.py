"""Chain building applies the CA rules of RFC 5280 6.1.4 to every issuer that is not a trust anchor: basicConstraints
cA (k), pathLenConstraint (l, m), keyUsage keyCertSign when keyUsage is present (n); and an issuing CA outside its
validity fails ek.cert.validity as the EK certificate itself would, unless the cab also holds one in date. Roots the
cab lists are anchors and exempt (a v1 root without extensions is fine). Certificates are made with openssl here."""
import json
import os
import secrets
import shutil
import subprocess

from harness import Workspace, check, test_cabs
from test_scenarios import check_of, expect, scenario

EK_EXT = ("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyEncipherment\nextendedKeyUsage=2.23.133.8.1\n"
          "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n")
CA_EXT = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n"


def run(*args):
    subprocess.run(args, check=True, capture_output=True)


def new_key(work, name):
    key = os.path.join(work, name + ".key")
    run("openssl", "genrsa", "-out", key, "2048")
    return key


def issue(work, name, subject, key, ca, ext, start="20240101000000Z", end="20400101000000Z"):
    """A certificate for key, signed by ca = (cert, key) with `openssl ca` (which takes any validity); returns DER."""
    db = os.path.join(work, "db-" + name)
    os.makedirs(db)
    open(os.path.join(db, "index"), "w").close()
    with open(os.path.join(db, "serial"), "w") as f:
        f.write(secrets.token_hex(8) + "\n")
    conf, extfile = os.path.join(db, "ca.conf"), os.path.join(db, "ext")
    with open(conf, "w") as f:
        f.write(f"[ca]\ndefault_ca = t\n[t]\ndatabase = {db}/index\nunique_subject = no\nserial = {db}/serial\n"
                f"new_certs_dir = {db}\ndefault_md = sha256\npolicy = any\npreserve = yes\ncopy_extensions = none\n"
                "[any]\norganizationName = optional\ncommonName = supplied\n")
    with open(extfile, "w") as f:
        f.write(ext + ("authorityKeyIdentifier=keyid,issuer\n" if "authorityKeyIdentifier" not in ext else ""))
    csr, pem, der = (os.path.join(work, name + s) for s in (".csr", ".pem", ".der"))
    run("openssl", "req", "-new", "-key", key, "-subj", subject, "-out", csr)
    run("openssl", "ca", "-batch", "-notext", "-config", conf, "-cert", ca[0], "-keyfile", ca[1], "-extfile", extfile,
        "-startdate", start, "-enddate", end, "-in", csr, "-out", pem)
    run("openssl", "x509", "-in", pem, "-outform", "DER", "-out", der)
    return pem, der


def self_signed(work, name, subject, v1=False):
    """A root: v3 with CA extensions, or v1 (no extensions at all, as some real TPM roots are)."""
    key = new_key(work, name)
    pem, der = (os.path.join(work, name + s) for s in (".pem", ".der"))
    if v1:
        csr = os.path.join(work, name + ".csr")
        run("openssl", "req", "-new", "-key", key, "-subj", subject, "-out", csr)
        run("openssl", "x509", "-req", "-in", csr, "-signkey", key, "-days", "3650", "-out", pem)
        text = subprocess.run(["openssl", "x509", "-in", pem, "-noout", "-text"], capture_output=True, text=True).stdout
        check("Version: 1" in text, "openssl made no v1 root")
    else:
        run("openssl", "req", "-x509", "-new", "-key", key, "-subj", subject, "-days", "3650", "-out", pem,
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    run("openssl", "x509", "-in", pem, "-outform", "DER", "-out", der)
    return pem, key, der


def make_cab(work, name, roots, intermediates, base=None):
    """A TrustedTpm.cab with the given roots and intermediates (DER paths), over the files of `base` (a cab)."""
    tree = os.path.join(work, "tree-" + name)
    os.makedirs(tree)
    if base:
        run("gcab", "-x", "-C", tree, base)
    for folder, files in (("RootCA", roots), ("IntermediateCA", intermediates)):
        os.makedirs(os.path.join(tree, "TestVendor", folder), exist_ok=True)
        for i, der in enumerate(files):
            shutil.copy(der, os.path.join(tree, "TestVendor", folder, f"{name}-{i}.cer"))
    if not os.path.exists(os.path.join(tree, "version.txt")):
        with open(os.path.join(tree, "version.txt"), "w") as f:
            f.write("The certificates were last updated on:\r\n1-January-2026\r\n")
    files = sorted(os.path.relpath(os.path.join(d, n), tree) for d, _, ns in os.walk(tree) for n in ns)
    cab = os.path.join(work, name + ".cab")
    subprocess.run(["gcab", "-c", "-z", cab, *files], cwd=tree, check=True)
    return cab


def ek_verify(build, leaf, cab, *more):
    given = [arg for der in more for arg in ("--cert", der)]
    out = subprocess.run([os.path.join(build, "asan/preflight"), "ek-verify", "--cert", leaf, *given, "--trust", cab, "--json"],
                         capture_output=True, text=True, timeout=60)
    check(out.returncode in (0, 1) and "AddressSanitizer" not in out.stderr, out.stderr[-2000:])
    return json.loads(out.stdout)["certificates"][0]


def test_chain_ca_rules_on_generated_chains(build):
    with Workspace(build) as work:
        root = self_signed(work, "root", "/CN=Chain Test Root")
        v1_root = self_signed(work, "v1root", "/CN=Chain Test V1 Root", v1=True)

        def chain(name, ext, issuer=root, depth=1, leaf_ext=EK_EXT):
            """issuer > CA(ext) [> plain CA]... > EK certificate; returns the leaf and the intermediates."""
            ca, inters = issuer[:2], []
            for level in range(depth):
                key = new_key(work, f"{name}{level}")
                pem, der = issue(work, f"{name}{level}", f"/CN=Chain Test {name} {level}", key, ca,
                                 ext if level == 0 else CA_EXT)
                ca = (pem, key)
                inters.append(der)
            _, leaf = issue(work, name + "-ek", "/CN=unknown", new_key(work, name + "-ek"), ca, leaf_ext)
            return leaf, inters

        cases = {  # name: (extensions of the first intermediate, depth, expected chain_state, expected problem)
            "notca": ("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyCertSign\nsubjectKeyIdentifier=hash\n",
                      1, "issuer-not-ca", "(cab-intermediate) is not a CA (basicConstraints cA is FALSE)"),
            "nobc": ("keyUsage=critical,keyCertSign\nsubjectKeyIdentifier=hash\n", 1, "issuer-not-ca",
                     "is not a CA (basicConstraints absent)"),
            "nosign": ("basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\n",
                       1, "issuer-not-ca", "may not sign certificates (keyUsage without keyCertSign)"),
            "pathlen": ("basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign\n"
                        "subjectKeyIdentifier=hash\n", 2, "issuer-not-ca",
                        "allows 0 CA(s) below it (pathLenConstraint) but the chain has 1"),
            "nokeyusage": ("basicConstraints=critical,CA:TRUE,pathlen:1\nsubjectKeyIdentifier=hash\n", 2, "trusted", ""),
        }
        for name, (ext, depth, state, problem) in cases.items():
            leaf, inters = chain(name, ext, depth=depth)
            r = ek_verify(build, leaf, make_cab(work, name, [root[2]], inters))
            check(r["chain_state"] == state and problem in r["chain_problem"],
                  f"{name}: {r['chain_state']} '{r['chain_problem']}' ({r['chain']}), expected {state} '{problem}'")
            if state != "trusted":
                check(f'issuer "Chain Test {name} 0"' in r["chain_problem"] and not r["ready"], f"{name}: {r}")
        leaf, inters = chain("underv1", CA_EXT, issuer=v1_root)
        r = ek_verify(build, leaf, make_cab(work, "underv1", [v1_root[2]], inters))
        check(r["chain_state"] == "trusted", f"a v1 root in the cab is an anchor: {r['chain_state']} {r['chain_problem']}")
        # A non-CA certificate signing the EK certificate directly (the leaf's issuer found in the cab).
        _, rogue = issue(work, "rogue", "/CN=Chain Test rogue EK", new_key(work, "rogue"), root[:2], EK_EXT)
        rogue_key = os.path.join(work, "rogue.key")
        _, leaf = issue(work, "rogue-ek", "/CN=unknown", new_key(work, "rogue-ek"),
                        (os.path.join(work, "rogue.pem"), rogue_key), EK_EXT)
        r = ek_verify(build, leaf, make_cab(work, "rogue", [root[2]], [rogue]))
        check(r["chain_state"] == "issuer-not-ca" and "Chain Test rogue EK" in r["chain_problem"], str(r))


def test_root_given_with_the_certificate_and_in_the_cab_is_the_anchor(build):
    """A vendor root that comes with the EK certificate (an NV chain index, or --cert) and is also in the cab: the
    cab's copy is the anchor, so the chain is trusted, not "untrusted-root" at the copy that came along."""
    with Workspace(build) as work:
        root = self_signed(work, "root", "/CN=Chain Test Shared Root")
        key = new_key(work, "inter")
        pem, inter = issue(work, "inter", "/CN=Chain Test Shared Intermediate", key, root[:2], CA_EXT)
        _, leaf = issue(work, "ek", "/CN=unknown", new_key(work, "ek"), (pem, key), EK_EXT)
        cab = make_cab(work, "shared", [root[2]], [inter])
        r = ek_verify(build, leaf, cab, root[2], inter)
        check(r["chain_state"] == "trusted", f"{r['chain_state']} {r['chain_problem']} {r['chain']}")


def test_expired_issuing_ca(build):
    """An issuing CA out of date: preferred away from when the cab also holds a current one with the same key, else
    ek.cert.validity fails and names it (the chain itself still verifies)."""
    with Workspace(build) as work:
        root = self_signed(work, "root", "/CN=Chain Test Root")
        key = new_key(work, "ca")
        old, old_der = issue(work, "ca-old", "/CN=Chain Test Issuing CA", key, root[:2], CA_EXT,
                             "20150101000000Z", "20200101000000Z")
        _, new_der = issue(work, "ca-new", "/CN=Chain Test Issuing CA", key, root[:2], CA_EXT)
        _, leaf = issue(work, "ek", "/CN=unknown", new_key(work, "ek"), (old, key), EK_EXT)
        only_old = ek_verify(build, leaf, make_cab(work, "old", [root[2]], [old_der]))
        check(only_old["chain_state"] == "trusted" and not only_old["ready"] and
              only_old["issuing_ca_out_of_date"].startswith('issuing CA "Chain Test Issuing CA" (cab-intermediate) '
                                                           "expired on 2020-01-01"), str(only_old))
        both = ek_verify(build, leaf, make_cab(work, "both", [root[2]], [old_der, new_der]))
        check(both["chain_state"] == "trusted" and both["issuing_ca_out_of_date"] == "", str(both))


def reissued_test_ca(build, work, ext, start="20240101000000Z", end="20400101000000Z"):
    """The swtpm's EK issuing CA (build/tests/tpm-template.ca) issued again by the test root with other extensions or
    dates, the same subject and key: the TPM's EK certificate verifies under it."""
    ca = os.path.join(build, "tests", "tpm-template.ca")
    subject = subprocess.run(["openssl", "x509", "-in", os.path.join(ca, "issuer.pem"), "-noout", "-subject",
                              "-nameopt", "compat"], capture_output=True, text=True, check=True).stdout
    subject = subject.strip().split("=", 1)[1]
    name = f"reissued-{secrets.token_hex(4)}"
    return issue(work, name, subject, os.path.join(ca, "issuer.key"),
                 (os.path.join(ca, "root.pem"), os.path.join(ca, "root.key")), ext, start, end)[1]


def cab_with_issuer(build, work, name, issuers):
    """good.cab with its issuing CA replaced by `issuers`."""
    tree = os.path.join(work, "tree-" + name)
    os.makedirs(tree)
    run("gcab", "-x", "-C", tree, os.path.join(test_cabs(build), "good.cab"))
    os.remove(os.path.join(tree, "TestVendor", "IntermediateCA", "TestIssuingCA01.cer"))
    for i, der in enumerate(issuers):
        shutil.copy(der, os.path.join(tree, "TestVendor", "IntermediateCA", f"TestIssuingCA01-{i}.cer"))
    files = sorted(os.path.relpath(os.path.join(d, n), tree) for d, _, ns in os.walk(tree) for n in ns)
    cab = os.path.join(work, name + ".cab")
    subprocess.run(["gcab", "-c", "-z", cab, *files], cwd=tree, check=True)
    return cab


def test_scenario_issuing_ca_not_a_ca(build):
    """The TPM's EK certificate signed by a certificate that is not a CA: ek.chain fails and says which and why."""
    with Workspace(build) as work:
        test_cabs(build)
        not_ca = reissued_test_ca(build, work, "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyCertSign\n"
                                  "subjectKeyIdentifier=hash\n")
        r = scenario(build, cab=cab_with_issuer(build, work, "notca", [not_ca]))
    expect(r, "NOT READY", ["ek.chain"])
    chain = check_of(r, "ek.chain")
    check("not allowed to issue certificates" in chain["summary"] and
          'issuer "tpm-preflight Test EK Issuing CA 01" (cab-intermediate) is not a CA (basicConstraints cA is FALSE)'
          in chain["details"], f"{chain['summary']} / {chain['details']}")


def test_scenario_issuing_ca_expired(build):
    """The TPM's issuing CA expired: ek.cert.validity fails and names it, as for an expired EK certificate; with a
    current copy of the CA beside it in the cab, the run is good."""
    with Workspace(build) as work:
        test_cabs(build)
        old = reissued_test_ca(build, work, CA_EXT, "20150101000000Z", "20200101000000Z")
        current = reissued_test_ca(build, work, CA_EXT)
        r_old = scenario(build, cab=cab_with_issuer(build, work, "old", [old]))
        r_both = scenario(build, cab=cab_with_issuer(build, work, "both", [old, current]))
    expect(r_old, "NOT READY", ["ek.cert.validity"])
    validity = check_of(r_old, "ek.cert.validity")
    check(validity["summary"].startswith("Its issuing CA has expired (valid 2015-01-01") and
          "tpm-preflight Test EK Issuing CA 01" in json.dumps(validity["evidence"]), str(validity))
    expect(r_both, "READY WITH WARNINGS", [], ["tpm.virtual"])
