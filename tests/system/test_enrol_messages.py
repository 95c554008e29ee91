"""The AIK enrolment's messages are standard CMS and PKCS#10, read by an independent implementation: openssl.
tests/unit/test_aik_enrol --write runs one enrolment against the C double of the service with the fixed test PKI
(tests/unit/enrol_test_pki.h) and writes what crossed the wire; openssl then verifies the client's SignedData,
decrypts its EnvelopedData with the RA encryption key, prints the PKCS#10 with Windows' attributes, and reads the
service's CertRep and the ClaimChallengeAnswer the same way (RFC 5652, RFC 8894, RFC 2986). The test AIK service's
own readers (tests/net, mock_server.py --aik-enrol) read the client's requests too: the SignedData, the PKCS#10, the
EK info and its chain, the ClaimChallengeAnswer (the KAST is the service double's stand-in, not a TPM's: the swtpm
enrolment tests check that part)."""
import hashlib
import os
import struct
import subprocess
import sys

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import Encoding

from harness import ROOT, Workspace, check

sys.path.insert(0, os.path.join(ROOT, "tests", "net"))
import aik_checks as chk  # noqa: E402
import cms_msgs as cms  # noqa: E402
import cms_der as d  # noqa: E402
import tpm2_structs as t  # noqa: E402
from aik_scep_service import (CHALLENGE_HEADER, CHALLENGE_MAGIC, CHALLENGE_OID, CHALLENGE_VERSION,  # noqa: E402
                              MESSAGE_TYPE, TRANSACTION_ID, AikService, _answer_parts)


def _openssl(*args):
    out = subprocess.run(["openssl", *args], capture_output=True, text=True, timeout=60)
    check(out.returncode == 0, f"openssl {' '.join(args)}: {out.stderr}")
    return out.stdout + out.stderr


def _messages(build, work):
    writer = os.path.join(build, "tests", "unit", "test_aik_enrol")
    out = subprocess.run([writer, "--write", work], capture_output=True, text=True, timeout=120)
    check(out.returncode == 0, f"the message writer failed: {out.stderr}")
    _openssl("x509", "-inform", "DER", "-in", os.path.join(work, "client.der"), "-out", os.path.join(work, "client.pem"))
    return lambda name: os.path.join(work, name)


def _open(f, message, recipient, key, plain):
    """Verifies a pkiMessage's signature (with the certificate it carries) and decrypts its content."""
    said = _openssl("cms", "-verify", "-noverify", "-inform", "DER", "-in", f(message), "-out", f(message + ".env"))
    check("Verification successful" in said, said)
    _openssl("cms", "-decrypt", "-inform", "DER", "-in", f(message + ".env"), "-recip", f(recipient), "-inkey", f(key),
             "-out", f(plain))
    with open(f(plain), "rb") as p:
        return p.read()


def test_enrol_pkcs_req_is_cms_signed_and_enveloped_around_a_pkcs10(build):
    with Workspace(build) as work:
        f = _messages(build, work)
        csr = _open(f, "pkcs_req.der", "rae.pem", "rae.key", "csr_openssl.der")
        with open(f("csr.der"), "rb") as p:
            check(csr == p.read(), "openssl decrypted another request than the service double")
        text = _openssl("req", "-inform", "DER", "-in", f("csr_openssl.der"), "-text", "-noout")
        for want in ("Subject: \n", "Public-Key: (2048 bit)", "1.3.6.1.4.1.311.13.2.3   :10.0.26100.2",
                     "1.3.6.1.4.1.311.21.42", "1.3.6.1.4.1.311.21.20", "1.3.6.1.4.1.311.21.25", "1.3.6.1.4.1.311.13.2.2",
                     "1.3.6.1.4.1.311.21.24", "1.3.6.1.4.1.311.21.23",
                     "DirName:/2.23.133.2.1=id:49465800/2.23.133.2.2=SLB9670/2.23.133.2.3=id:000D0008",
                     "1.3.6.1.4.1.311.21.41", "X509v3 Subject Key Identifier", "Signature Algorithm: sha256"):
            check(want in text, f"{want!r} not in the request:\n{text}")
        order = [text.index(o) for o in ("311.13.2.3", "311.21.42", "311.21.20", "311.21.25", "311.13.2.2")]
        check(order == sorted(order), f"attributes out of Windows' order:\n{text}")
        printed = _openssl("cms", "-cmsout", "-print", "-inform", "DER", "-in", f("pkcs_req.der"))
        for want in ("2.16.840.1.113733.1.9.2", "2.16.840.1.113733.1.9.5", "2.16.840.1.113733.1.9.7",
                     "SCEP Protocol Certificate", "Test EK Intermediate CA", "aes-128-cbc"):
            check(want in printed or want in _openssl("cms", "-cmsout", "-print", "-inform", "DER", "-in",
                                                       f("pkcs_req.der.env")), f"{want} not in the PKCSReq")


def test_enrol_certrep_and_claim_answer_open_with_openssl(build):
    with Workspace(build) as work:
        f = _messages(build, work)
        challenge = _open(f, "certrep1.der", "client.pem", "client.key", "challenge.der")
        parsed = _openssl("asn1parse", "-inform", "DER", "-in", f("challenge.der"))
        check("1.3.6.1.4.1.311.21.28" in parsed and "server context 42" in parsed, parsed)
        check(len(challenge) > 300, "the challenge is too short")
        claim = _open(f, "claim.der", "rae.pem", "rae.key", "claim_plain.der")
        parsed = _openssl("asn1parse", "-inform", "DER", "-in", f("claim_plain.der"))
        check("1.3.6.1.4.1.311.21.35" in parsed and "pkcs7-envelopedData" in parsed and "server context 42" in parsed,
              parsed)
        check(claim[0] == 0x31, "the ClaimChallengeAnswer's content is not a SET")
        issued = _open(f, "certrep2.der", "client.pem", "client.key", "issued.p7b")
        certs = _openssl("pkcs7", "-inform", "DER", "-in", f("issued.p7b"), "-print_certs", "-noout")
        check("EUS-IFX-KEYID-4A99C0FE66949A73F867243188F08A42EFFB67F9" in certs, certs)
        check(len(issued) > 1000, "the certificate container is too short")


def test_enrol_requests_pass_the_test_services_readers(build):
    with Workspace(build) as work:
        f = _messages(build, work)
        with open(f("rae.pem"), "rb") as c, open(f("rae.key"), "rb") as k, open(f("root.pem"), "rb") as r:
            ra_enc = x509.load_pem_x509_certificate(c.read())
            ra_key = serialization.load_pem_private_key(k.read(), None)
            root = x509.load_pem_x509_certificate(r.read())
        with open(f("pkcs_req.der"), "rb") as p:
            msg = cms.Signed(p.read())
        client = msg.verify()
        check(msg.text(MESSAGE_TYPE) == "19", "the PKCSReq's messageType is not 19")
        client_der = client.public_bytes(Encoding.DER)
        csr = chk.Csr(cms.open_enveloped(msg.content, ra_enc, ra_key), client_der)
        check(chk.SAN in csr.extensions and chk.SKI in csr.extensions, f"extensions {list(csr.extensions)}")
        extra = [x509.load_der_x509_certificate(c) for c in msg.certs if c != client_der]
        ek = chk.check_ek(csr.ek_info, ra_enc, ra_key, [root], extra)
        check(ek.public_key().key_size == 2048, "the EK info's certificate is not the test EK")
        with open(f("claim.der"), "rb") as p:
            claim = cms.Signed(p.read())
        check(claim.verify().public_bytes(Encoding.DER) == client_der, "the two requests have different signers")
        answer, context = _answer_parts(cms.open_enveloped(claim.content, ra_enc, ra_key))
        check(context == b"server context 42", f"the server context came back as {context!r}")
        check(len(cms.open_enveloped(answer, ra_enc, ra_key)) == 32, "the recovered credential is not 32 bytes")
        check(claim.text(MESSAGE_TYPE) == "41", "the ClaimChallengeAnswer's messageType is not 41")
        check(claim.attrs[TRANSACTION_ID].raw == msg.attrs[TRANSACTION_ID].raw, "the transactionIDs differ")


def _pem(path, key=False):
    with open(path, "rb") as f:
        data = f.read()
    return serialization.load_pem_private_key(data, None) if key else x509.load_pem_x509_certificate(data)


def test_enrol_reads_the_test_services_certreps(build):
    """The other direction: CertReps written by the test AIK service's own code (AikService._cert_rep, _issue,
    cms_msgs) to the client's PKCSReq, read by the C client's readers (test_aik_enrol --read)."""
    with Workspace(build) as work:
        f = _messages(build, work)
        with open(f("pkcs_req.der"), "rb") as p:
            req = cms.Signed(p.read())
        client = req.verify()
        nonce = req.attrs["2.16.840.1.113733.1.9.5"].value
        txid = req.attrs[TRANSACTION_ID]
        svc = AikService.__new__(AikService)  # only the parts that write CertReps and certificates
        svc.ra_sign, svc.ra_sign_key = _pem(f("ras.pem")), _pem(f("ras.key"), True)
        svc.aik_ca, svc.aik_ca_key, svc.mode = _pem(f("aikca.pem")), _pem(f("aikca.key"), True), "issue"
        blob = t.b2(os.urandom(50)) + t.b2(os.urandom(256))
        challenge = struct.pack("<6I", CHALLENGE_MAGIC, CHALLENGE_VERSION, 2, CHALLENGE_HEADER, len(blob), 0) + blob
        content = d.set_of(d.seq(d.oid(CHALLENGE_OID), d.set_of(d.octets(challenge))), d.octets(os.urandom(60)),
                           sort=False)
        aik_spki = _pem(f("aik.key"), True).public_key().public_bytes(Encoding.DER,
                                                                      serialization.PublicFormat.SubjectPublicKeyInfo)
        with open(f("csr.der"), "rb") as p:
            csr = chk.Csr(p.read(), client.public_bytes(Encoding.DER))
        san = csr.extensions[chk.SAN]
        cert = svc._issue(aik_spki, san, b"")
        answers = {"challenge": svc._cert_rep(client, "11", nonce, txid, cms.enveloped(content, client)),
                   "issued": svc._cert_rep(client, "0", nonce, txid, cms.enveloped(cms.certs_only([cert]), client)),
                   "failure": svc._cert_rep(client, "2", nonce, txid, None, fail_info="2"),
                   "other-nonce": svc._cert_rep(client, "11", hashlib.md5(nonce).digest(), txid, None)}
        said = {}
        for name, reply in answers.items():
            with open(f(name + ".der"), "wb") as out:
                out.write(reply.body)
            run = subprocess.run([os.path.join(build, "tests", "unit", "test_aik_enrol"), "--read", f(name + ".der"),
                                  f("client.der"), nonce.hex(), d.read_string(txid)], capture_output=True, text=True,
                                 timeout=60)
            check(run.returncode == 0, run.stderr)
            said[name] = run.stdout.strip()
        check(said["challenge"] == "certrep fault=0 status=11 fail=-1 content=1 challenge credential=50 secret=256 "
              "context=62", said["challenge"])
        check(said["issued"].startswith("certrep fault=0 status=0 fail=-1 content=1 issued serial="), said["issued"])
        check(said["failure"] == "certrep fault=0 status=2 fail=2 content=0", said["failure"])
        check(said["other-nonce"].startswith("certrep fault=2 ") and "recipientNonce" in said["other-nonce"],
              said["other-nonce"])
