"""CMS (RFC 5652) as SCEP (RFC 8894 3.2, 3.3) carries it, for the test AIK service and its reference client:
SignedData with signed attributes (5.3, 5.4: the signature covers the attributes' DER SET), EnvelopedData with one
key-transport recipient (6.2.1: RSA PKCS#1 v1.5, the content in AES-CBC, RFC 3565), and certs-only messages.
Crypto from python3-cryptography (Debian 12: 38.0.x); the DER by tests/net/cms_der.py."""
import hashlib
import hmac
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, padding as sympad
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.serialization import Encoding

import cms_der as d

DATA, SIGNED, ENVELOPED = "1.2.840.113549.1.7.1", "1.2.840.113549.1.7.2", "1.2.840.113549.1.7.3"
CONTENT_TYPE, MESSAGE_DIGEST = "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4"
SHA256, SHA1 = "2.16.840.1.101.3.4.2.1", "1.3.14.3.2.26"
RSA, SHA256_RSA, SHA1_RSA = "1.2.840.113549.1.1.1", "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.5"
AES_CBC = {"2.16.840.1.101.3.4.1.2": 16, "2.16.840.1.101.3.4.1.22": 24, "2.16.840.1.101.3.4.1.42": 32}
DIGESTS = {SHA256: hashes.SHA256, SHA1: hashes.SHA1}
SIG_DIGESTS = {SHA256_RSA: SHA256, SHA1_RSA: SHA1}


class CmsError(ValueError):
    pass


def content_info(type_oid, content):
    return d.seq(d.oid(type_oid), d.tlv(d.ctx(0), content))


def read_content_info(data, type_oid):
    """The content of a ContentInfo (RFC 5652 3) of the type expected."""
    parts = d.parse_exact(data, "ContentInfo").expect(d.SEQUENCE, "ContentInfo").children()
    if len(parts) != 2 or d.read_oid(parts[0]) != type_oid:
        raise CmsError(f"not a ContentInfo of type {type_oid}")
    inner = parts[1].expect(d.ctx(0), "ContentInfo content").children()
    if len(inner) != 1:
        raise CmsError("ContentInfo content is not one element")
    return inner[0]


def issuer_and_serial(cert):
    return d.seq(cert.issuer.public_bytes(), d.integer(cert.serial_number))


def matches(sid, cert):
    """sid (an IssuerAndSerialNumber element) names cert."""
    parts = sid.expect(d.SEQUENCE, "IssuerAndSerialNumber").children()
    return len(parts) == 2 and parts[0].raw == cert.issuer.public_bytes() and \
        d.read_integer(parts[1]) == cert.serial_number


def attribute(type_oid, value_der):
    return d.seq(d.oid(type_oid), d.set_of(value_der))


def signed_data(content, cert, key, attrs=(), certs=None, sig_oid=SHA256_RSA):
    """ContentInfo(SignedData) over content (bytes, id-data; None: no eContent, as a FAILURE CertRep), signed by
    key for cert with SHA-256 and the attributes [(oid, value DER)] besides contentType and messageDigest;
    certs: the certificates field (DER list; default the signer's)."""
    digest = hashlib.sha256(content or b"").digest()
    signed = [attribute(CONTENT_TYPE, d.oid(DATA)), attribute(MESSAGE_DIGEST, d.octets(digest))]
    signed += [attribute(o, v) for o, v in attrs]
    attr_set = d.set_of(*signed)
    signature = key.sign(attr_set, padding.PKCS1v15(), hashes.SHA256())
    signer = d.seq(d.integer(1), issuer_and_serial(cert), d.algorithm(SHA256, d.null()),
                   d.tlv(d.ctx(0), _value(attr_set)),  # [0] IMPLICIT: the SET's content under another tag
                   d.algorithm(sig_oid, d.null()), d.octets(signature))
    encap = d.seq(d.oid(DATA), d.tlv(d.ctx(0), d.octets(content))) if content is not None else d.seq(d.oid(DATA))
    der_certs = certs if certs is not None else [cert.public_bytes(Encoding.DER)]
    body = d.seq(d.integer(1), d.set_of(d.algorithm(SHA256, d.null())), encap,
                 d.tlv(d.ctx(0), b"".join(der_certs)), d.set_of(signer))
    return content_info(SIGNED, body)


def _value(element):
    return d.parse_exact(element).value


def certs_only(der_certs):
    """A certs-only message (RFC 8894 3.4): SignedData without content or signers."""
    body = d.seq(d.integer(1), d.set_of(), d.seq(d.oid(DATA)), d.tlv(d.ctx(0), b"".join(der_certs)), d.set_of())
    return content_info(SIGNED, body)


class Signed:
    """A parsed SignedData: content (bytes or None), certs (DER list), attrs {oid: first value element}, and the
    one SignerInfo's parts; verify() checks the signature and returns the signer's certificate."""

    def __init__(self, data):
        sd = read_content_info(data, SIGNED).expect(d.SEQUENCE, "SignedData").children()
        if len(sd) < 4:
            raise CmsError("SignedData too short")
        encap = sd[2].expect(d.SEQUENCE, "EncapsulatedContentInfo").children()
        if not encap or d.read_oid(encap[0]) != DATA:
            raise CmsError("SignedData content is not id-data")
        self.content = None
        if len(encap) == 2:
            octs = encap[1].expect(d.ctx(0), "eContent").children()
            self.content = b"".join(o.expect(d.OCTET_STRING, "eContent").value for o in octs)
        rest = sd[3:]
        self.certs = [c.raw for c in rest[0].children()] if rest[0].tag == d.ctx(0) else []
        signers = rest[-1].expect(d.SET, "signerInfos").children()
        self.signers = signers
        self.attrs, self.attr_set = {}, None
        if len(signers) == 1:
            self._signer(signers[0].expect(d.SEQUENCE, "SignerInfo").children())

    def _signer(self, si):
        if len(si) < 5:
            raise CmsError("SignerInfo too short")
        self.sid, self.digest_oid = si[1], d.read_oid(si[2].children()[0])
        pos = 3
        if si[3].tag == d.ctx(0):
            self.attr_set = bytes([d.SET]) + si[3].raw[1:]  # signed over as a SET (RFC 5652 5.4)
            for a in si[3].children():
                parts = a.expect(d.SEQUENCE, "Attribute").children()
                values = parts[1].expect(d.SET, "Attribute values").children() if len(parts) == 2 else []
                if not values:
                    raise CmsError("attribute without a value")
                self.attrs[d.read_oid(parts[0])] = values[0]
            pos = 4
        self.sig_oid = d.read_oid(si[pos].children()[0])
        self.signature = si[pos + 1].expect(d.OCTET_STRING, "signature").value

    def certificates(self):
        return [x509.load_der_x509_certificate(c) for c in self.certs]

    def verify(self, cert=None):
        """Checks the one signer's messageDigest and RSA signature, with cert or the certificate sid names among
        certs; returns that certificate."""
        if len(self.signers) != 1 or self.attr_set is None:
            raise CmsError("not one signer with signed attributes")
        if cert is None:
            found = [c for c in self.certificates() if matches(self.sid, c)]
            if not found:
                raise CmsError("the signer's certificate is not in the message")
            cert = found[0]
        elif not matches(self.sid, cert):
            raise CmsError("signed by another certificate")
        if self.digest_oid not in DIGESTS or self.sig_oid not in (RSA, SHA256_RSA, SHA1_RSA):
            raise CmsError("unsupported digest or signature algorithm")
        if self.sig_oid in SIG_DIGESTS and SIG_DIGESTS[self.sig_oid] != self.digest_oid:
            raise CmsError("signature algorithm and digest algorithm differ")
        algo = DIGESTS[self.digest_oid]
        h = hashes.Hash(algo())
        h.update(self.content or b"")
        md = self.attrs.get(MESSAGE_DIGEST)
        if md is None or not hmac.compare_digest(md.expect(d.OCTET_STRING, "messageDigest").value, h.finalize()):
            raise CmsError("messageDigest does not match the content")
        try:
            cert.public_key().verify(self.signature, self.attr_set, padding.PKCS1v15(), algo())
        except Exception as e:
            raise CmsError(f"bad signature ({type(e).__name__})")
        return cert

    def text(self, attr_oid):
        """A signed attribute that is a string (SCEP's messageType, pkiStatus, transactionID), None when absent."""
        v = self.attrs.get(attr_oid)
        return d.read_string(v) if v is not None else None


def enveloped(plaintext, cert, key_bytes=16):
    """ContentInfo(EnvelopedData) of plaintext to cert's RSA key: AES-CBC (128 by default), PKCS#7 padding."""
    cek, iv = os.urandom(key_bytes), os.urandom(16)
    padder = sympad.PKCS7(128).padder()
    padded = padder.update(plaintext) + padder.finalize()
    enc = Cipher(algorithms.AES(cek), modes.CBC(iv)).encryptor()
    ciphertext = enc.update(padded) + enc.finalize()
    wrapped = cert.public_key().encrypt(cek, padding.PKCS1v15())
    aes_oid = [o for o, n in AES_CBC.items() if n == key_bytes][0]
    ktri = d.seq(d.integer(0), issuer_and_serial(cert), d.algorithm(RSA, d.null()), d.octets(wrapped))
    eci = d.seq(d.oid(DATA), d.algorithm(aes_oid, d.octets(iv)), d.tlv(d.ctx(0, constructed=False), ciphertext))
    return content_info(ENVELOPED, d.seq(d.integer(0), d.set_of(ktri), eci))


def open_enveloped(data, cert, key):
    """The plaintext of a ContentInfo(EnvelopedData) for cert (its issuerAndSerialNumber among the recipients)."""
    ed = read_content_info(data, ENVELOPED).expect(d.SEQUENCE, "EnvelopedData").children()
    ed = [e for e in ed if e.tag != d.ctx(0)]  # originatorInfo
    if len(ed) < 3:
        raise CmsError("EnvelopedData too short")
    mine = None
    for ri in ed[1].expect(d.SET, "recipientInfos").children():
        parts = ri.children() if ri.tag == d.SEQUENCE else []
        if len(parts) == 4 and parts[1].tag == d.SEQUENCE and matches(parts[1], cert):
            mine = parts
    if mine is None:
        raise CmsError("not encrypted to this certificate")
    if d.read_oid(mine[2].children()[0]) != RSA:
        raise CmsError("key transport is not rsaEncryption")
    eci = ed[2].expect(d.SEQUENCE, "EncryptedContentInfo").children()
    if len(eci) != 3:
        raise CmsError("no encrypted content")
    alg = eci[1].children()
    aes = d.read_oid(alg[0])
    if aes not in AES_CBC or len(alg) != 2 or len(alg[1].expect(d.OCTET_STRING, "IV").value) != 16:
        raise CmsError(f"content encryption {aes} is not AES-CBC with an IV")
    if eci[2].tag == d.ctx(0, constructed=False):
        ciphertext = eci[2].value
    else:
        ciphertext = b"".join(o.expect(d.OCTET_STRING, "encryptedContent").value
                              for o in eci[2].expect(d.ctx(0), "encryptedContent").children())
    try:
        cek = key.decrypt(mine[3].expect(d.OCTET_STRING, "encryptedKey").value, padding.PKCS1v15())
    except ValueError:
        raise CmsError("the content key does not decrypt")
    if len(cek) != AES_CBC[aes] or not ciphertext or len(ciphertext) % 16:
        raise CmsError("content key or ciphertext of the wrong size")
    dec = Cipher(algorithms.AES(cek), modes.CBC(alg[1].value)).decryptor()
    padded = dec.update(ciphertext) + dec.finalize()
    unpadder = sympad.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError:
        raise CmsError("bad padding after decryption")

