"""A reference client for the test AIK service (tests/net/mock_server.py --aik-enrol): the enrolment Windows runs
(docs/aik-enrolment.md), with a TPM played in software - an RSA EK whose certificate a test EK CA issues, an
RSA-2048 AIK with Windows' attributes, a TPMS_ATTEST of TPM2_CertifyCreation signed by it, and
TPM2_ActivateCredential - so the mock is tested without a TPM and without the C client. Every part can be spoiled
on purpose (tamper_*), to see the service refuse it."""
import datetime
import hashlib
import http.client
import os
import struct
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.x509.oid import NameOID

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "net"))
import aik_scep_service as svc  # noqa: E402
import cms_der as d  # noqa: E402
import cms_msgs as cms  # noqa: E402
import tpm2_structs as t  # noqa: E402

AIK_ATTRIBUTES = t.FIXED_TPM | t.FIXED_PARENT | t.SENSITIVE_DATA_ORIGIN | t.USER_WITH_AUTH | t.NO_DA | \
    t.RESTRICTED | t.SIGN
TCG_MANUFACTURER, TCG_MODEL, TCG_VERSION = "2.23.133.2.1", "2.23.133.2.2", "2.23.133.2.3"
KSP = "Microsoft Platform Crypto Provider"


def key():
    return rsa.generate_private_key(65537, 2048)


def certificate(subject, issuer, issuer_key, public_key, ca=False, extensions=()):
    """A certificate valid from yesterday for a year: subject and issuer are Names (or common names)."""
    names = [x if isinstance(x, x509.Name) else x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, x)])
             for x in (subject, issuer)]
    now = datetime.datetime.utcnow()
    b = x509.CertificateBuilder().subject_name(names[0]).issuer_name(names[1]).public_key(public_key) \
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1)) \
        .not_valid_after(now + datetime.timedelta(days=365)) \
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), True)
    for ext, critical in extensions:
        b = b.add_extension(ext, critical)
    return b.sign(issuer_key, hashes.SHA256())


class EkCa:
    """A test EK CA: a root and an issuing CA under it (the client sends the issuing CA, as Windows sends the EK's
    intermediates)."""

    def __init__(self, name="Test EK"):
        self.root_key, self.key = key(), key()
        self.root = certificate(name + " Root", name + " Root", self.root_key, self.root_key.public_key(), ca=True)
        self.issuing = certificate(name + " Issuing CA", self.root.subject, self.root_key, self.key.public_key(),
                                   ca=True)

    def ek_cert(self, ek_public):
        """An EK certificate as TCG's EK Credential Profile shapes it: empty subject, the TPM's manufacturer, model
        and version in a critical subjectAltName directoryName."""
        attrs = [x509.NameAttribute(x509.ObjectIdentifier(o), v) for o, v in
                 ((TCG_MANUFACTURER, "id:49424D00"), (TCG_MODEL, "swtpm"), (TCG_VERSION, "id:20191023"))]
        san = x509.SubjectAlternativeName([x509.DirectoryName(x509.Name([x509.RelativeDistinguishedName(attrs)]))])
        return certificate(x509.Name([]), self.issuing.subject, self.key, ek_public, extensions=[(san, True)])

    def chain(self):
        return [self.issuing.public_bytes(Encoding.DER)]

    def root_pem(self, path):
        with open(path, "wb") as f:
            f.write(self.root.public_bytes(Encoding.PEM))
        return path


class SoftTpm:
    """The TPM's part in software: the EK, the AIK made with TPM2_CreatePrimary in the owner hierarchy, its creation
    data and TPM2_CertifyCreation of itself, and TPM2_ActivateCredential. The same members as a real TPM's
    (test_aik_mock.SwtpmAik): ek_cert, aik_spki, public (TPMT_PUBLIC), creation (TPMS_CREATION_DATA), attest
    (TPMS_ATTEST), signature (TPMT_SIGNATURE), name, activate()."""

    def __init__(self, ek_ca):
        self.ek = key()
        self.ek_cert = ek_ca.ek_cert(self.ek.public_key())
        self.aik = key()
        self.aik_spki = self.aik.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
        self.public = t.rsa_public_area(self.aik.public_key(), AIK_ATTRIBUTES)
        owner = struct.pack(">I", 0x40000001)  # TPM_RH_OWNER: a primary's parent name is the hierarchy's handle
        self.creation = struct.pack(">I", 0) + t.b2(hashlib.sha256(b"").digest()) + struct.pack(">BH", 0, t.ALG_NULL) \
            + t.b2(owner) + t.b2(owner) + t.b2(b"")
        self.name = t.RsaPublic(self.public).name()
        self.attest = t.creation_attest(self.name, hashlib.sha256(self.creation).digest(), signer_name=self.name)
        self.signature = struct.pack(">HH", t.ALG_RSASSA, t.ALG_SHA256) + \
            t.b2(self.aik.sign(self.attest, padding.PKCS1v15(), hashes.SHA256()))

    def activate(self, id_object, secret):
        return t.activate_credential(self.ek, self.name, id_object, secret)


def statement(tpm, signature=None):
    """The attestation statement of tpm (signature: a TPMT_SIGNATURE to put instead of the TPM's)."""
    binding = t.b2(tpm.public) + t.b2(tpm.creation) + t.b2(tpm.attest) + (signature or tpm.signature)
    return struct.pack("<7I", 0x5453414B, 1, 2, 28, len(binding), 0, 0) + binding


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json_message(self):
        import json
        return json.loads(self.body)["Message"]


class Client:
    """One enrolment against the mock at 127.0.0.1:port, as host (the AIK URL's host name)."""
    PATH = "/templates/Aik/scep"

    def __init__(self, port, host, tpm, ek_chain, timeout=10):
        """ek_chain: the EK's intermediate CA certificates (DER), sent as Windows sends them."""
        self.port, self.host, self.tpm, self.ek_chain, self.timeout = port, host, tpm, ek_chain, timeout
        self.key = key()
        skid, akid = os.urandom(20), os.urandom(20)
        self.cert = certificate("SCEP Protocol Certificate", "SCEP Protocol Certificate", self.key,
                                self.key.public_key(),
                                extensions=[(x509.AuthorityKeyIdentifier(akid, None, None), False),
                                            (x509.SubjectKeyIdentifier(skid), False)])
        self.der = self.cert.public_bytes(Encoding.DER)
        # RFC 8894 3.2.1.1: the transactionID is a hash of the client's public key (SHA-1, hex, as the C client)
        self.txid = hashlib.sha1(self.key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
                                 ).hexdigest()

    def http(self, method, query, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            headers = {"Host": self.host, "Content-Type": "application/x-pki-message"}
            conn.request(method, f"{self.PATH}?{query}", body=body, headers=headers)
            r = conn.getresponse()
            return Answer(r.status, dict(r.getheaders()), r.read())
        finally:
            conn.close()

    def ra_certs(self):
        """GetCACertChain: the RA signing and encryption certificates, told apart by keyUsage."""
        a = self.http("GET", "operation=GetCACertChain&message=default")
        certs = cms.Signed(a.body).certificates()
        role = {}
        for c in certs:
            try:
                ku = c.extensions.get_extension_for_class(x509.KeyUsage).value
            except x509.ExtensionNotFound:
                continue
            if not ku.key_cert_sign:
                role["sign" if ku.digital_signature else "enc"] = c
        self.ra_sign, self.ra_enc = role["sign"], role["enc"]

    def pkcs_req(self, kast=None, ek_info=None):
        """The PKCSReq's DER (kast / ek_info: replacements, to spoil them)."""
        tpm = self.tpm
        san = tpm.ek_cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        exts = d.seq(d.seq(d.oid("2.5.29.17"), d.octets(san.value.public_bytes())),
                     d.seq(d.oid("1.3.6.1.4.1.311.21.41"), d.octets(d.null())),
                     d.seq(d.oid("2.5.29.14"), d.octets(d.octets(os.urandom(20)))))
        ek_spki = tpm.ek_cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
        info = ek_info or cms.enveloped(d.seq(ek_spki, tpm.ek_cert.public_bytes(Encoding.DER)), self.ra_enc)
        attrs = [("1.3.6.1.4.1.311.13.2.3", d.tlv(d.IA5, b"10.0.26100.2")),
                 ("1.3.6.1.4.1.311.21.42", d.octets(hashlib.sha1(self.der).digest())),
                 ("1.3.6.1.4.1.311.21.20", d.seq(d.integer(5), d.utf8("DESKTOP-TEST"),
                                                 d.utf8("WORKGROUP\\DESKTOP-TEST$"), d.utf8("taskhostw.exe"))),
                 ("1.3.6.1.4.1.311.21.25", d.bmp(KSP)),
                 ("1.3.6.1.4.1.311.13.2.2", d.seq(d.integer(0), d.bmp(KSP), d.bits(b""))),
                 ("1.2.840.113549.1.9.14", exts),
                 ("1.3.6.1.4.1.311.21.24", d.octets(kast if kast is not None else statement(tpm))),
                 ("1.3.6.1.4.1.311.21.23", info)]
        attributes = b"".join(cms.attribute(o, v) for o, v in attrs)  # in Windows' order, not sorted
        cri = d.seq(d.integer(0), d.seq(), tpm.aik_spki, d.tlv(d.ctx(0), attributes))
        return d.seq(cri, d.algorithm(cms.SHA256, d.null()), d.bits(hashlib.sha256(cri).digest()))

    def post(self, kind, plaintext):
        self.nonce = os.urandom(16)
        attrs = [(svc.MESSAGE_TYPE, d.printable(kind)), (svc.TRANSACTION_ID, d.printable(self.txid)),
                 (svc.SENDER_NONCE, d.octets(self.nonce))]
        body = cms.signed_data(cms.enveloped(plaintext, self.ra_enc), self.cert, self.key, attrs,
                               certs=[self.der, *self.ek_chain])
        return self.http("POST", "operation=PKIOperation", body)

    def cert_rep(self, answer):
        """A CertRep's pkiStatus, failInfo and decrypted content (None when it has none); checks its signature by the
        RA signing certificate, the nonce and the transaction."""
        msg = cms.Signed(answer.body)
        msg.verify(self.ra_sign)
        recipient = msg.attrs[svc.RECIPIENT_NONCE].value
        if msg.text(svc.MESSAGE_TYPE) != "3" or recipient != self.nonce or msg.text(svc.TRANSACTION_ID) != self.txid:
            raise cms.CmsError("a CertRep for another request")
        content = cms.open_enveloped(msg.content, self.cert, self.key) if msg.content else None
        return msg.text(svc.PKI_STATUS), msg.text(svc.FAIL_INFO), content

    def challenge(self, answer):
        """The challenge CertRep's (id_object, secret, serverContext element)."""
        status, _, content = self.cert_rep(answer)
        if status != "11":
            raise cms.CmsError(f"pkiStatus {status}, not a challenge")
        seq_el, context = d.parse_exact(content).children()
        blob = seq_el.children()[1].children()[0].value
        magic, version, platform, size, length, _ = struct.unpack("<6I", blob[:24])
        if (magic, version, platform, size, length) != (svc.CHALLENGE_MAGIC, svc.CHALLENGE_VERSION, 2, 24,
                                                         len(blob) - 24):
            raise cms.CmsError("not the challenge header")
        r = t.Reader(blob[24:], "challenge")
        id_object, secret = r.tpm2b(), r.tpm2b()
        r.end()
        return id_object, secret, context.raw

    def claim(self, credential, context):
        inner = d.set_of(d.seq(d.oid(svc.ANSWER_OID), d.set_of(cms.enveloped(credential, self.ra_enc))), context,
                         sort=False)
        return self.post("41", inner)

    def enrol(self, answer_with=None, **spoil):
        """The whole enrolment: the certificate (x509), (pkiStatus, failInfo) of a refusing CertRep, or the refusing
        HTTP answer. answer_with: bytes to answer the challenge with instead of what the TPM recovers; spoil:
        pkcs_req's replacements."""
        self.ra_certs()
        first = self.post("19", self.pkcs_req(**spoil))
        if first.status != 200:
            return first
        id_object, secret, context = self.challenge(first)
        credential = answer_with if answer_with is not None else self.tpm.activate(id_object, secret)
        second = self.claim(credential, context)
        status, fail_info, content = self.cert_rep(second)
        if status != "0":
            return status, fail_info
        return cms.Signed(content).certificates()[0]
