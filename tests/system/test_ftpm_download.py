"""Firmware TPMs without an NV certificate (Intel PTT, AMD fTPM): the tool downloads the EK certificate from the
vendor's service as Windows does (docs/attestation-facts.md §5), checks it belongs to the EK and runs the chain and AIK checks on
it; a 404 fails with 0x80190194. The swtpm is made to look like an Intel or AMD TPM by
tests/swtpm/tpm_vendor_proxy.py, its NV certificates taken out beforehand with tpm2-tools; the services are mocks
on loopback with the certificate that was in NV (Intel: JSON with base64url DER; AMD: PEM)."""
import base64
import hashlib
import json
import os
import subprocess
import sys

from harness import ROOT, Swtpm, Workspace, check, free_port_pair, provisioned_state, tpm2
from test_scenarios import ENDPOINTS, aik_host, check_of, run_check
from test_http_client import MockServer


def _take_certificate_out(tpm, work):
    """Reads the RSA EK certificate from NV and removes both EK certificates (as on a firmware TPM)."""
    der = os.path.join(work, "ek.der")
    tpm2(tpm, "nvread", "-C", "o", "-o", der, "0x01c00002")
    for index in ("0x01c00002", "0x01c00016"):
        tpm2(tpm, "nvundefine", "-C", "p", index)
    return der


def _modulus(der):
    out = subprocess.run(["openssl", "x509", "-inform", "der", "-in", der, "-noout", "-modulus"], capture_output=True,
                         text=True, check=True).stdout
    return bytes.fromhex(out.strip().split("=", 1)[1])


def _intel_path(modulus):
    """docs/attestation-facts.md §5: URL-escaped base64url(SHA-256(modulus || 01 00 01)), '=' kept as %3D."""
    digest = hashlib.sha256(modulus + b"\x01\x00\x01").digest()
    return "/ekcertservice/" + base64.urlsafe_b64encode(digest).decode().replace("=", "%3D")


def _amd_path(modulus):
    """docs/attestation-facts.md §5: hex of the first 16 bytes of SHA-256(00 00 22 22 || exponent BE32 || modulus), in capitals as
    in the AMD URLs go-attestation's tests use (tests/unit/test_ftpm_urls.c)."""
    digest = hashlib.sha256(b"\x00\x00\x22\x22" + (65537).to_bytes(4, "big") + modulus).digest()
    return "/pki/aia/" + digest[:16].hex().upper()


class VendorTpm:
    def __init__(self, swtpm, vendor):
        self.port = free_port_pair()
        self.proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests/swtpm/tpm_vendor_proxy.py"), "--port",
                                      str(self.port), "--swtpm-port", str(swtpm.port), "--vendor", vendor],
                                     stdout=subprocess.PIPE, text=True)
        check(self.proc.stdout.readline().strip() == "ready", "the vendor proxy did not start")

    def spec(self):
        return f"swtpm:127.0.0.1:{self.port}"

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def _run_as(build, swtpm, vendor, files):
    server = MockServer(build, "server", files=files)
    tpm = VendorTpm(swtpm, vendor)
    try:
        aik = aik_host(build).replace("IBM-", vendor.strip() + "-")
        maps = [f"{h}:127.0.0.1:{server.port}" for h in (aik, *ENDPOINTS)]
        return run_check(build, tpm, extra=("--ca", server.ca, *[a for m in maps for a in ("--connect-to", m)]))
    finally:
        tpm.stop()
        server.stop()


def test_ftpm_ek_certificate_downloaded_from_intel_and_amd(build):
    with Workspace(build) as work:
        swtpm = Swtpm(provisioned_state(build, os.path.join(work, "tpm")))
        try:
            der = _take_certificate_out(swtpm, work)
            with open(der, "rb") as f:
                cert = f.read()
            modulus = _modulus(der)
            intel_json = os.path.join(work, "intel.json")
            with open(intel_json, "w") as f:
                json.dump({"pubhash": "x", "certificate": base64.urlsafe_b64encode(cert).decode().rstrip("=")}, f)
            amd_pem = os.path.join(work, "amd.pem")
            subprocess.run(["openssl", "x509", "-inform", "der", "-in", der, "-out", amd_pem], check=True)
            runs = {
                "INTC": _run_as(build, swtpm, "INTC", {_intel_path(modulus): intel_json}),
                "AMD": _run_as(build, swtpm, "AMD ", {_amd_path(modulus): amd_pem}),
                "AMD-404": _run_as(build, swtpm, "AMD ", {}),
            }
        finally:
            swtpm.stop()
    for name in ("INTC", "AMD"):
        r = runs[name]
        present = check_of(r, "ek.cert.present")
        check(present["status"] == "pass" and "downloaded from the vendor's service" in present["summary"],
              f"{name}: {present}")
        check(check_of(r, "ek.key.match")["status"] == "pass", f"{name}: {check_of(r, 'ek.key.match')}")
        check(check_of(r, "ek.chain")["status"] == "pass", f"{name}: {check_of(r, 'ek.chain')}")
        check(check_of(r, "aik.url")["summary"].startswith(f"https://{name}-KeyId-"), str(check_of(r, "aik.url")))
    missing = check_of(runs["AMD-404"], "ek.cert.present")
    check(missing["status"] == "fail" and "HTTP 404" in missing["summary"], str(missing))
    check("0x80190194" in missing["predicts"], str(missing))
    check(runs["AMD-404"]["verdict"] == "NOT READY", runs["AMD-404"]["verdict"])
