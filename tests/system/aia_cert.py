"""An EK certificate whose issuing CA must be fetched from its caIssuers URL (RFC 5280 4.2.2.1): the test TPM's EK
certificate is issued again by the test EK issuing CA with an Authority Information Access extension pointing at
http://aia.test/issuer.cer, and written into the TPM's NV (platform authorisation, as at manufacturing)."""
import os
import subprocess

from harness import Swtpm, provisioned_state, tpm2
from test_scenarios import read_ek_cert, rewrite_ek_cert

AIA_URL = "http://aia.test/issuer.cer"


def aia_state(build, work):
    """A TPM state whose RSA EK certificate carries the AIA URL; returns (state dir, issuing CA DER path)."""
    ca = os.path.join(build, "tests", "tpm-template.ca")
    state = provisioned_state(build, os.path.join(work, "tpm"), "unlocked", LOCK_NV="no")
    tpm = Swtpm(state)
    try:
        original = os.path.join(work, "ek-original.der")
        with open(original, "wb") as f:
            f.write(read_ek_cert(tpm, work))
        public = os.path.join(work, "ek-public.pem")
        subprocess.run(["openssl", "x509", "-inform", "der", "-in", original, "-pubkey", "-noout", "-out", public],
                       check=True)
        ext = os.path.join(work, "ek-aia.ext")
        with open(ext, "w") as f:  # TCG EK Credential Profile 3.2: the EK certificate's extensions, plus AIA
            f.write("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyEncipherment\n"
                    f"extendedKeyUsage=2.23.133.8.1\nauthorityKeyIdentifier=keyid\n"
                    f"authorityInfoAccess=caIssuers;URI:{AIA_URL}\n")
        reissued = os.path.join(work, "ek-aia.der")
        subprocess.run(["openssl", "x509", "-new", "-subj", "/CN=unknown", "-force_pubkey", public, "-CA",
                        os.path.join(ca, "issuer.pem"), "-CAkey", os.path.join(ca, "issuer.key"), "-extfile", ext,
                        "-days", "3650", "-set_serial", "4242", "-outform", "der", "-out", reissued],
                       check=True, capture_output=True)
        with open(reissued, "rb") as f:
            rewrite_ek_cert(tpm, work, f.read())
    finally:
        tpm.stop()
    return state, os.path.join(ca, "issuer.der")
