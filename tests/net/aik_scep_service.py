"""The server side of the AIK enrolment (POST <AIK URL>?operation=PKIOperation) for tests/net/mock_server.py
--aik-enrol MODE, from the public facts (MS-WCCE 3.2.2.6.2.1.2.5-6, RFC 8894, google/security-research
pocs/bios/tpm-carte-blanche: writeup.md Appendix B, lib/akscep; docs/aik-enrolment.md):
- PKCSReq (messageType 19): the SignedData's signature by the client's SCEP certificate, the EnvelopedData to the
  RA encryption certificate, the PKCS#10 and its attributes, the EK certificate against the EK CAs given (--ek-ca),
  the KAST statement (tests/net/aik_checks.py); then CertRep PENDING-challenge (pkiStatus 11) signed by the RA
  signing certificate with, enveloped to the client, SET { SEQUENCE { szOID_ENROLL_ATTESTATION_CHALLENGE, SET {
  challenge } }, serverContext }: the challenge a header and TPM2_MakeCredential to the EK bound to the AIK's name.
- ClaimChallengeAnswer (messageType 41): the same checks of the envelope, SET { SEQUENCE {
  szOID_ENROLL_SCEP_CHALLENGE_ANSWER, SET { EnvelopedData of the credential } }, serverContext }; a right answer
  gets CertRep SUCCESS with the AIK certificate (empty subject, EKU 2.23.133.8.3, issued by the test AIK CA) in a
  certs-only message enveloped to the client; a wrong one CertRep FAILURE, failInfo badRequest.
The serverContext is the service's state, sealed (AES-GCM under a key of this process) and echoed by the client,
as Microsoft's service keeps none between the two requests.

MODES (what the mock does besides checking everything):
  issue                 nothing else
  unknown-keyid         404 "The authority ... does not exist" to the PKCSReq
  ek-invalid            trusts no EK CA, so the EK check refuses: 400 "No valid TPM EK/Platform Certificate ..."
  attestation-rejected  the statement verifies, but the service's firmware policy refuses every TPM: 400
                        "Attestation statement cannot be verified ... TPM firmware needs update."
  wrong-answer          keeps another credential than the one it sent, so even a right answer is refused (FAILURE)
  rate-limited          429 with Retry-After to the PKCSReq
  truncated             the challenge CertRep cut to half its length (Content-Length says the half)
  garbage               a captive portal's HTML page (200, text/html) instead of the challenge
  stall                 the challenge CertRep's headers and its first bytes, then nothing until --stall runs out
  untrusted-signer      the CertReps signed by a key of the mock's own named "RA Signing Certificate"
  cert-wrong-key        the AIK certificate issued for another key than the AIK's
  bare-answer           the AIK certificate's CertRep signed without SCEP attributes (only contentType and
                        messageDigest), as the public reconstruction's server signs it"""
import datetime
import hashlib
import hmac
import json
import os
import re
import struct

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

import aik_checks as chk
import cms_der as d
import cms_msgs as cms
import tpm2_structs as t

MODES = ("issue", "unknown-keyid", "ek-invalid", "attestation-rejected", "wrong-answer", "rate-limited",
         "truncated", "garbage", "stall", "untrusted-signer", "cert-wrong-key", "bare-answer")
MESSAGE_TYPE, PKI_STATUS, FAIL_INFO = "2.16.840.1.113733.1.9.2", "2.16.840.1.113733.1.9.3", "2.16.840.1.113733.1.9.4"
SENDER_NONCE, RECIPIENT_NONCE, TRANSACTION_ID = ("2.16.840.1.113733.1.9.5", "2.16.840.1.113733.1.9.6",
                                                 "2.16.840.1.113733.1.9.7")
CHALLENGE_OID, ANSWER_OID = "1.3.6.1.4.1.311.21.28", "1.3.6.1.4.1.311.21.35"
AIK_EKU = "2.23.133.8.3"  # tcg-kp-AIKCertificate (TCG EK Credential Profile)
# The challenge header (little-endian, 24 bytes: magic, version, platform, header size, challenge size, reserved).
# Microsoft's magic and version are not public (the public client replays a captured challenge): these are the test
# service's own, and the C client checks only the sizes (docs/aik-enrolment.md).
CHALLENGE_MAGIC, CHALLENGE_VERSION, CHALLENGE_HEADER = 0x5443414B, 1, 24
MAX_BODY = 256 * 1024  # a PKCSReq is about 8 KB
RETRY_AFTER = 120
PORTAL = b"<html><head><title>Guest Wi-Fi</title></head><body>Accept the terms to continue.</body></html>\n"


class Reply:
    def __init__(self, status, body, content_type, headers=(), stall=False):
        self.status, self.body, self.content_type, self.headers, self.stall = status, body, content_type, \
            list(headers), stall


def refusal(status, message, headers=()):
    body = json.dumps({"Message": message}, separators=(",", ":")).encode()
    return Reply(status, body, "application/json; charset=utf-8", headers)


def load_pem_files(paths):
    """Every certificate in the given PEM or DER files (a comma-separated list is split too)."""
    certs = []
    for path in [p for item in paths for p in item.split(",") if p]:
        with open(path, "rb") as f:
            data = f.read()
        if b"-----BEGIN" not in data:
            certs.append(x509.load_der_x509_certificate(data))
            continue
        for block in re.findall(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", data, re.S):
            certs.append(x509.load_pem_x509_certificate(block))  # one by one: 38.0 has no load_pem_x509_certificates
    return certs


class AikService:
    max_body = MAX_BODY

    def __init__(self, keys_dir, ek_ca_files, mode, log=None):
        if mode not in MODES:
            raise ValueError(f"unknown --aik-enrol mode {mode}")
        self.mode, self.log = mode, log or (lambda line: None)
        self.ra_sign, self.ra_sign_key = self._pair(keys_dir, "ra-sign")
        self.ra_enc, self.ra_enc_key = self._pair(keys_dir, "ra-enc")
        self.aik_ca, self.aik_ca_key = self._pair(keys_dir, "aik-ca")
        self.ek_trust = [] if mode == "ek-invalid" else load_pem_files(ek_ca_files)
        self.min_firmware = 1 << 64 if mode == "attestation-rejected" else 0
        self.seal_key = AESGCM.generate_key(bit_length=128)
        if mode == "untrusted-signer":  # a stranger's key under the RA signing certificate's name
            self.ra_sign_key = rsa.generate_private_key(65537, 2048)
            self.ra_sign = _self_signed(self.ra_sign_key, "RA Signing Certificate")

    @staticmethod
    def _pair(keys_dir, name):
        with open(os.path.join(keys_dir, name + ".pem"), "rb") as f:
            cert = x509.load_pem_x509_certificate(f.read())
        with open(os.path.join(keys_dir, name + ".key"), "rb") as f:
            key = serialization.load_pem_private_key(f.read(), None)
        return cert, key

    def pki_operation(self, authority, body):
        """The answer to one POST ...?operation=PKIOperation; authority: the host asked for (its 404 body)."""
        if self.mode == "rate-limited":
            return refusal(429, "Too many requests, retry later.", [("Retry-After", str(RETRY_AFTER))])
        if self.mode == "unknown-keyid":
            return refusal(404, 'The authority "%s" does not exist.' % authority)
        try:
            return self._operation(body)
        except chk.Refusal as r:
            self.log(f"refused: {r.why}")
            return refusal(r.status, r.message)
        except Exception as e:  # the mock's own fault: a 500 and the log say so, never a dropped connection
            self.log(f"internal error: {type(e).__name__}: {e}")
            return refusal(500, "An error has occurred.")

    def _operation(self, body):
        if len(body) > MAX_BODY:
            raise chk.Refusal(400, chk.MSG_PARSE, "request too large")
        try:
            msg = cms.Signed(body)
            client = msg.verify()
            kind = msg.text(MESSAGE_TYPE)
            nonce = msg.attrs[SENDER_NONCE].expect(d.OCTET_STRING, "senderNonce").value
            txid = msg.attrs[TRANSACTION_ID]
            plain = cms.open_enveloped(msg.content or b"", self.ra_enc, self.ra_enc_key)
        except (cms.CmsError, d.DerError, KeyError, IndexError, ValueError) as e:
            raise chk.Refusal(400, chk.MSG_PARSE, f"SCEP envelope: {e}")
        client_der = client.public_bytes(Encoding.DER)
        if kind == "19":
            return self._challenge(msg, client, client_der, plain, nonce, txid)
        if kind == "41":
            return self._answer(client, client_der, plain, nonce, txid)
        raise chk.Refusal(400, chk.MSG_PARSE, f"messageType {kind!r} is neither PKCSReq nor ClaimChallengeAnswer")

    def _challenge(self, msg, client, client_der, plain, nonce, txid):
        if self.mode == "garbage":
            return Reply(200, PORTAL, "text/html")
        csr = chk.Csr(plain, client_der)
        extra = []  # the EK's intermediates, as Windows sends them; one that does not parse is left out
        for der in msg.certs:
            try:
                extra += [x509.load_der_x509_certificate(der)] if der != client_der else []
            except ValueError:
                pass
        ek = chk.check_ek(csr.ek_info, self.ra_enc, self.ra_enc_key, self.ek_trust, extra)
        aik = chk.check_kast(csr.kast, csr.spki, self.min_firmware)
        credential = os.urandom(32)
        id_object, secret = t.make_credential(ek.public_key(), aik.name(), credential)
        blob = t.b2(id_object) + t.b2(secret)
        challenge = struct.pack("<6I", CHALLENGE_MAGIC, CHALLENGE_VERSION, 2, CHALLENGE_HEADER, len(blob), 0) + blob
        kept = os.urandom(32) if self.mode == "wrong-answer" else credential
        state = d.seq(d.octets(kept), d.octets(hashlib.sha256(client_der).digest()), d.octets(txid.raw),
                      d.octets(csr.spki), d.octets(csr.extensions[chk.SAN]), d.octets(csr.extensions.get(chk.SKI, b"")))
        content = d.set_of(d.seq(d.oid(CHALLENGE_OID), d.set_of(d.octets(challenge))),
                           d.octets(self._seal(state)), sort=False)
        self.log("challenge sent")
        reply = self._cert_rep(client, "11", nonce, txid, cms.enveloped(content, client))
        if self.mode == "truncated":
            reply.body = reply.body[:len(reply.body) // 2]
        reply.stall = self.mode == "stall"
        return reply

    def _answer(self, client, client_der, plain, nonce, txid):
        try:
            answer, context = _answer_parts(plain)
            inner = cms.open_enveloped(answer, self.ra_enc, self.ra_enc_key)
            kept, client_hash, sent_txid, aik_spki, san, ski = d.parse_exact(self._unseal(context)).children()
        except (cms.CmsError, d.DerError, IndexError, ValueError) as e:
            raise chk.Refusal(400, chk.MSG_PARSE, f"challenge answer: {e}")
        if client_hash.value != hashlib.sha256(client_der).digest() or sent_txid.value != txid.raw:
            raise chk.Refusal(400, chk.MSG_PARSE, "the answer is not from the client the challenge went to")
        if not hmac.compare_digest(inner, kept.value):
            self.log("wrong answer to the challenge")
            return self._cert_rep(client, "2", nonce, txid, None, fail_info="2")
        cert = self._issue(aik_spki.value, san.value, ski.value)
        self.log("AIK certificate issued")
        content = cms.enveloped(cms.certs_only([cert]), client)
        if self.mode == "bare-answer":
            return Reply(200, cms.signed_data(content, self.ra_sign, self.ra_sign_key), "application/x-pki-message")
        return self._cert_rep(client, "0", nonce, txid, content)

    def _issue(self, aik_spki, san, ski):
        key = serialization.load_der_public_key(aik_spki)
        if self.mode == "cert-wrong-key":
            key = rsa.generate_private_key(65537, 2048).public_key()
        now = datetime.datetime.utcnow()
        b = x509.CertificateBuilder().subject_name(x509.Name([])).issuer_name(self.aik_ca.subject) \
            .public_key(key).serial_number(x509.random_serial_number()) \
            .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=365))
        b = b.add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), True)
        b = b.add_extension(x509.ExtendedKeyUsage([x509.ObjectIdentifier(AIK_EKU)]), False)
        b = b.add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
        # RFC 5280 4.2.1.6: with an empty subject the subjectAltName (the TPM's identity, as requested) is critical
        b = b.add_extension(x509.UnrecognizedExtension(x509.ObjectIdentifier(chk.SAN), san), True)
        if ski:
            b = b.add_extension(x509.SubjectKeyIdentifier(d.parse_exact(ski).expect(d.OCTET_STRING, "SKI").value),
                                False)
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.aik_ca.public_key()), False)
        return b.sign(self.aik_ca_key, hashes.SHA256()).public_bytes(Encoding.DER)

    def _cert_rep(self, client, status, nonce, txid, content, fail_info=None):
        """CertRep (RFC 8894 3.3.2), signed by the RA signing certificate."""
        attrs = [(MESSAGE_TYPE, d.printable("3")), (PKI_STATUS, d.printable(status)),
                 (SENDER_NONCE, d.octets(os.urandom(16))), (RECIPIENT_NONCE, d.octets(nonce)),
                 (TRANSACTION_ID, txid.raw)]
        if fail_info is not None:
            attrs.append((FAIL_INFO, d.printable(fail_info)))
        body = cms.signed_data(content, self.ra_sign, self.ra_sign_key, attrs)
        return Reply(200, body, "application/x-pki-message")

    def _seal(self, state):
        nonce = os.urandom(12)
        return nonce + AESGCM(self.seal_key).encrypt(nonce, state, b"aik-mock server context")

    def _unseal(self, sealed):
        try:
            return AESGCM(self.seal_key).decrypt(sealed[:12], sealed[12:], b"aik-mock server context")
        except Exception:
            raise ValueError("the serverContext is not the one this service sent")


def _answer_parts(plain):
    """ClaimChallengeAnswer's content: (the EnvelopedData of the credential, the sealed serverContext). The SET's two
    elements are taken in either order."""
    answer = context = None
    for e in d.parse_exact(plain, "answer").expect(d.SET, "answer").children():
        if e.tag == d.SEQUENCE:
            kind, values = e.children()
            if d.read_oid(kind) != ANSWER_OID:
                raise ValueError("not szOID_ENROLL_SCEP_CHALLENGE_ANSWER")
            answer = values.expect(d.SET, "answer values").children()[0].raw
        elif e.tag == d.OCTET_STRING:
            context = e.value
    if answer is None or context is None:
        raise ValueError("the answer or the serverContext is missing")
    return answer, context


def _self_signed(key, name):
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.utcnow()
    return x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key()) \
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1)) \
        .not_valid_after(now + datetime.timedelta(days=30)) \
        .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), True) \
        .sign(key, hashes.SHA256())
