"""Every real EK certificate in ../shared/testdata/ekcerts through `preflight ek-verify` against the real
TrustedTpm.cab: each parses or is reported precisely (never a crash), its KeyId (the AKI, as INDEX.tsv records
it) or NameId and its AIK URL are derived, and the hardware ones chain to a TrustedTpm root."""
import csv
import json
import os
import subprocess

from harness import ROOT, Workspace, check, shared_testdata

CAB = ("trustedtpm", "TrustedTpm-2024-11-21.cab")
# Hardware certificates whose chain and AIK CA the 2024-11-21 cab cannot confirm, and why.
NOT_CONFIRMED = {
    "MSFT-pluton-rsa-fwekica-svn04.der": "issued by a per-device Pluton firmware CA that is not public",
    "MSFT-pluton-rsa-fwekica-svn04-older.der": "issued by a per-device Pluton firmware CA that is not public",
}


def ek_verify(build, *certs):
    out = subprocess.run([os.path.join(build, "host/preflight"), "ek-verify", "--trust", shared_testdata(*CAB),
                          "--json", *[a for c in certs for a in ("--cert", c)]],
                         capture_output=True, text=True, timeout=120)
    check(out.returncode in (0, 1), f"exit {out.returncode} (a crash or a refusal): {out.stderr[-500:]}")
    return json.loads(out.stdout)["certificates"]


def index(folder):
    with open(os.path.join(shared_testdata("ekcerts"), folder, "INDEX.tsv")) as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_real_ek_certificates_derive_keyid_and_url(build):
    rows = index("")
    results = ek_verify(build, *[os.path.join(shared_testdata("ekcerts"), r["file"]) for r in rows])
    check(len(results) == len(rows), f"{len(results)} results for {len(rows)} certificates")
    for row, r in zip(rows, results):
        name = row["file"]
        check(r["parsed"], f"{name}: not parsed: {r['parse_error']}")
        if not r["strict_parser_accepts"]:
            check(r["strict_parser_error"], f"{name}: rejected by mbed TLS without a reason")
        if row["aki"]:
            check(r["aik_rule"] == "aki" and r["aik_id"].endswith("-keyid-" + row["aki"]),
                  f"{name}: id {r['aik_id']}, INDEX.tsv AKI {row['aki']}")
        else:
            check(r["aik_rule"] == "name-id" and "-nameid-" in r["aik_id"], f"{name}: {r['aik_rule']} {r['aik_id']}")
        mfr = r["aik_id"].split("-")[0].upper()
        check(r["aik_url"].startswith(f"https://{mfr}-") and r["aik_url"].endswith(
            ".microsoftaik.azure.net/templates/Aik/scep"), f"{name}: {r['aik_url']}")
        if name in NOT_CONFIRMED:
            check(r["chain_state"] == "missing-issuer", f"{name}: {r['chain_state']}")
            continue
        check(r["chain_state"] == "trusted", f"{name}: chain {r['chain_state']} {r['chain']} (missing {r['missing_issuer']})")
        check(r["aik_ca_state"] == "listed", f"{name}: AIK CA {r['aik_id']} is {r['aik_ca_state']}")


def test_real_known_quirks_are_reported(build):
    d = shared_testdata("ekcerts")
    npct42x, glk, oaep = ek_verify(build, os.path.join(d, "NTC-npct42x-rsa-ntcekroot02.der"),
                                   os.path.join(d, "INTC-ptt-glk-ecc-epid.der"),
                                   os.path.join(d, "IFX-tpm12-slb9660-ekint20.der"))
    check(npct42x["manufacturer"] == "WEC" and npct42x["aik_id"].startswith("wec-nameid-"), str(npct42x))
    check(glk["chain_state"] == "trusted", f"GLK (issuer/CA name differ by a space): {glk['chain']}")
    check(not oaep["strict_parser_accepts"] and "RSAES-OAEP" in oaep["key"], f"OAEP key: {oaep['key']}")


def test_real_virtual_tpm_certificates_never_crash(build):
    rows = index("vtpm")
    results = ek_verify(build, *[os.path.join(shared_testdata("ekcerts"), "vtpm", r["file"]) for r in rows])
    for row, r in zip(rows, results):
        check(r["parsed"], f"{row['file']}: {r['parse_error']}")
        check(r["chain_state"] != "trusted", f"{row['file']}: a virtual TPM chained to a TrustedTpm root")
        check(not r["ready"], f"{row['file']}: a virtual TPM reported ready")



def test_real_missing_intermediate_fetched_from_caissuers(build):
    """A cab with Infineon's OPTIGA RSA root but not its manufacturing CA 035: offline the chain lacks the issuer;
    with --fetch-aia the CA comes from the certificate's caIssuers URL (served on loopback) and the chain is
    trusted."""
    from test_http_client import MockProxy, MockServer
    ca_dir = shared_testdata("ekcerts", "ca")
    leaf = os.path.join(shared_testdata("ekcerts"), "IFX-slb9670-rsa-optiga-mfrca035.der")
    with Workspace(build) as work:
        tree = os.path.join(work, "cab")
        os.makedirs(os.path.join(tree, "Infineon", "RootCA"))
        subprocess.run(["cp", os.path.join(ca_dir, "IFX-Infineon-OPTIGA-TM-RSA-Root-CA.der"),
                        os.path.join(tree, "Infineon", "RootCA", "OptigaRsaRootCA.cer")], check=True)
        with open(os.path.join(tree, "version.txt"), "w") as f:
            f.write("The certificates were last updated on:\r\n1-January-2026\r\n")
        cab = os.path.join(work, "trust.cab")
        subprocess.run(["gcab", "-c", "-z", cab, "version.txt", "Infineon/RootCA/OptigaRsaRootCA.cer"], cwd=tree, check=True)
        server = MockServer(build, None, files={"/OptigaRsaMfrCA035/OptigaRsaMfrCA035.crt":
                                                os.path.join(ca_dir, "IFX-Infineon-OPTIGA-TM-RSA-Manufacturing-CA-035.der")})
        try:
            base = [os.path.join(build, "asan/preflight"), "ek-verify", "--cert", leaf, "--trust", cab, "--json"]
            offline = json.loads(subprocess.run(base, capture_output=True, text=True, timeout=60).stdout)["certificates"][0]
            online = json.loads(subprocess.run(base + ["--fetch-aia", "--connect-to", f"pki.infineon.com:127.0.0.1:{server.port}"],
                                               capture_output=True, text=True, timeout=60).stdout)["certificates"][0]
            proxy = MockProxy(build, server)
            try:  # the same through a proxy: the CA's host is never resolved, only the proxy's
                proxied = json.loads(subprocess.run(base + ["--fetch-aia", "--proxy", f"http://proxy.test:{proxy.port}",
                                                            "--connect-to", f"proxy.test:127.0.0.1:{proxy.port}"],
                                                    capture_output=True, text=True, timeout=60).stdout)["certificates"][0]
                via = proxy.requests()
            finally:
                proxy.stop()
        finally:
            server.stop()
        check(proxied["chain_state"] == "trusted" and "GET http://pki.infineon.com/" in via, f"{proxied} {via}")
        check(offline["chain_state"] == "missing-issuer" and offline["aia_fetched"] == 0, str(offline))
        check(online["chain_state"] == "trusted" and online["aia_fetched"] == 1 and "[aia]" in online["chain"], str(online))


def test_ek_verify_text_ends_each_certificate_with_its_verdict(build):
    """The text form gives each certificate a VERDICT line in the check command's words, the same answer as the
    JSON's `ready` (every real certificate, the 2024-11-21 cab)."""
    certs = [os.path.join(shared_testdata("ekcerts"), r["file"]) for r in index("")]
    ready = [r["ready"] for r in ek_verify(build, *certs)]
    out = subprocess.run([os.path.join(build, "host/preflight"), "ek-verify", "--trust", shared_testdata(*CAB),
                          *[a for c in certs for a in ("--cert", c)]], capture_output=True, text=True, timeout=120)
    verdicts = [line for line in out.stdout.splitlines() if line.startswith("VERDICT  ")]
    check(len(verdicts) == len(certs), f"{len(verdicts)} verdict lines for {len(certs)} certificates")
    for cert, is_ready, line in zip(certs, ready, verdicts):
        want = f"VERDICT  {'READY' if is_ready else 'NOT READY'}: {cert}"
        check(line == want, f"{line!r}, expected {want!r}")
    check(any(ready) and not all(ready), "the real certificates should give both verdicts")
