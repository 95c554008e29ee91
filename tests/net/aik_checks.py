"""What the test AIK service checks in a PKCSReq (tests/net/aik_scep_service.py), each failure with the refusal
Microsoft's service gives for it (docs/aik-enrolment.md): the PKCS#10 (RFC 2986) with Windows' attributes
(MS-WCCE 2.2.2.7.x; its "signature" is only SHA-256 of the CertificationRequestInfo, since a restricted AIK cannot
sign outside data), the EK info (MS-WCCE 2.2.2.7.13: EnvelopedData of SEQUENCE {EK SubjectPublicKeyInfo, EK
certificate}) against the EK CAs it trusts, and the "KAST" attestation statement (a little-endian header, then the
AIK's TPM2B_PUBLIC, TPM2B_CREATION_DATA, TPM2B_ATTEST of TPM2_CertifyCreation and its TPMT_SIGNATURE)."""
import hashlib
import struct

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

import cms_der as d
import cms_msgs as cms
import tpm2_structs as t

SIGNER_HASH, EXTENSION_REQUEST = "1.3.6.1.4.1.311.21.42", "1.2.840.113549.1.9.14"
ATTESTATION_STATEMENT, EK_INFO = "1.3.6.1.4.1.311.21.24", "1.3.6.1.4.1.311.21.23"
SAN, SKI = "2.5.29.17", "2.5.29.14"
MSG_PARSE = "Failed to parse SCEP request."
MSG_EK = "No valid TPM EK/Platform Certificate provided in the TPM identity request message"
MSG_ATTEST = "Attestation statement cannot be verified, rejecting request. TPM firmware needs update."
KAST_MAGIC, KAST_HEADER = 0x5453414B, 28
AIK_REQUIRED = t.FIXED_TPM | t.FIXED_PARENT | t.SENSITIVE_DATA_ORIGIN | t.RESTRICTED | t.SIGN


class Refusal(Exception):
    """A refusal: the HTTP status and the service's {"Message": ...}; why says what the mock found (its log)."""

    def __init__(self, status, message, why):
        super().__init__(why)
        self.status, self.message, self.why = status, message, why


def spki(key):
    return key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)


class Csr:
    """The PKCS#10 of a PKCSReq: spki (DER), attrs {oid: [value elements]}, extensions {oid: extnValue bytes}."""

    def __init__(self, der, scep_cert_der):
        try:
            self._parse(der, scep_cert_der)
        except (d.DerError, IndexError, KeyError, ValueError) as e:
            raise Refusal(400, MSG_PARSE, f"PKCS#10: {e}")

    def _parse(self, der, scep_cert_der):
        cri, alg, sig = d.parse_exact(der, "CertificationRequest").expect(d.SEQUENCE, "PKCS#10").children()
        if d.read_oid(alg.children()[0]) != cms.SHA256 or sig.expect(d.BIT_STRING, "signature").value[1:] != \
                hashlib.sha256(cri.raw).digest():
            raise ValueError("the request's signature is not SHA-256 of its CertificationRequestInfo")
        version, _subject, key, attrs = cri.expect(d.SEQUENCE, "CertificationRequestInfo").children()
        if d.read_integer(version) != 0:
            raise ValueError("version is not 0")
        self.spki, self.attrs = key.raw, {}
        for a in attrs.expect(d.ctx(0), "attributes").children():
            kind, values = a.expect(d.SEQUENCE, "Attribute").children()
            self.attrs[d.read_oid(kind)] = values.expect(d.SET, "values").children()
        for need in (SIGNER_HASH, EXTENSION_REQUEST, ATTESTATION_STATEMENT, EK_INFO):
            if not self.attrs.get(need):
                raise ValueError(f"attribute {need} missing")
        if self.attrs[SIGNER_HASH][0].expect(d.OCTET_STRING, "signer hash").value != \
                hashlib.sha1(scep_cert_der).digest():
            raise ValueError("the SCEP signer hash is not SHA-1 of the signing certificate")
        self.extensions = {}
        for e in self.attrs[EXTENSION_REQUEST][0].expect(d.SEQUENCE, "Extensions").children():
            parts = e.expect(d.SEQUENCE, "Extension").children()
            self.extensions[d.read_oid(parts[0])] = parts[-1].expect(d.OCTET_STRING, "extnValue").value
        if SAN not in self.extensions:
            raise ValueError("no subjectAltName (the TPM's manufacturer, model and version) requested")
        self.kast = self.attrs[ATTESTATION_STATEMENT][0].expect(d.OCTET_STRING, "attestation statement").value
        self.ek_info = self.attrs[EK_INFO][0].raw


def _verify_issued(cert, issuer):
    key = issuer.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        key.verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), cert.signature_hash_algorithm)
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(cert.signature_hash_algorithm))
    else:
        raise ValueError("unsupported issuer key")


def _is_ca(cert):
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except (x509.ExtensionNotFound, ValueError):  # ValueError: extensions cryptography parses only when asked
        return False


def chains_to(cert, trusted, extra):
    """cert chains, by name and signature through CA certificates of extra (the request's), to one of trusted."""
    for _ in range(6):
        for issuer in trusted:
            if issuer.subject == cert.issuer and _verifies(cert, issuer):
                return True
        step = [c for c in extra if c.subject == cert.issuer and _is_ca(c) and _verifies(cert, c)]
        if not step or step[0] == cert:
            return False
        cert = step[0]
    return False


def _verifies(cert, issuer):
    try:
        _verify_issued(cert, issuer)
        return True
    except Exception:
        return False


def check_ek(ek_info, ra_enc, ra_key, trusted, extra):
    """The EK certificate and key of the EK info: decrypts, the certificate chains to a trusted EK CA, the key sent
    beside it is the certificate's, and it is an RSA-2048 key (the challenge is made to it)."""
    try:
        plain = cms.open_enveloped(ek_info, ra_enc, ra_key)
        key_der, cert_der = d.parse_exact(plain, "EK info").expect(d.SEQUENCE, "EK info").children()
        cert = x509.load_der_x509_certificate(cert_der.raw)
    except (cms.CmsError, d.DerError, IndexError, ValueError) as e:
        raise Refusal(400, MSG_EK, f"EK info unreadable: {e}")
    try:
        trusted_chain = chains_to(cert, trusted, extra)
    except ValueError:  # a name or extension of the certificates that does not parse
        trusted_chain = False
    if not trusted_chain:
        raise Refusal(400, MSG_EK, f"EK certificate of {cert.issuer.rfc4514_string()} is not from a trusted EK CA")
    key = cert.public_key()
    if key_der.raw != spki(key):
        raise Refusal(400, MSG_EK, "the EK public key sent is not the EK certificate's")
    if not isinstance(key, rsa.RSAPublicKey) or key.key_size != 2048:
        raise Refusal(400, MSG_EK, "the EK is not RSA-2048")
    return cert


def check_kast(blob, csr_spki, min_firmware=0):
    """The attestation statement; returns the AIK's RsaPublic. Every check refuses with Microsoft's words."""
    try:
        return _kast(blob, csr_spki, min_firmware)
    except (t.TpmError, ValueError) as e:  # ValueError: a modulus or exponent no RSA key has
        raise Refusal(400, MSG_ATTEST, f"attestation statement: {e}")


def _kast(blob, csr_spki, min_firmware):
    if len(blob) < KAST_HEADER:
        raise t.TpmError("shorter than its header")
    magic, version, platform, size, id_len, key_len, opaque_len = struct.unpack("<7I", blob[:KAST_HEADER])
    if (magic, version, platform, size) != (KAST_MAGIC, 1, 2, KAST_HEADER):
        raise t.TpmError(f"header {magic:#x}/{version}/{platform}/{size} is not KAST version 1 for TPM 2.0")
    if id_len + key_len + opaque_len != len(blob) - KAST_HEADER:
        raise t.TpmError("the header's sizes do not add up to the statement")
    r = t.Reader(blob[KAST_HEADER:KAST_HEADER + id_len], "idBinding")
    public_raw, creation_raw, attest_raw = r.tpm2b(), r.tpm2b(), r.tpm2b()
    _alg, sig_hash, signature = t.read_signature(r)
    r.end()
    aik = t.RsaPublic(public_raw)
    if aik.attributes & AIK_REQUIRED != AIK_REQUIRED or aik.attributes & t.DECRYPT:
        raise t.TpmError(f"AIK attributes {aik.attributes:#x} are not a restricted signing key bound to the TPM")
    if aik.key_bits != 2048 or aik.scheme != t.ALG_RSASSA or aik.scheme_hash not in t.HASHES or \
            aik.name_alg != t.ALG_SHA256:
        raise t.TpmError("the AIK is not RSA-2048 RSASSA with nameAlg SHA-256")
    if spki(aik.key) != csr_spki:
        raise t.TpmError("the request's public key is not the attested AIK's")
    t.check_creation_data(creation_raw)
    attest = t.CreationAttest(attest_raw)
    if attest.object_name != aik.name():
        raise t.TpmError("CertifyCreation certifies another object than the AIK")
    if attest.creation_hash != hashlib.sha256(creation_raw).digest():
        raise t.TpmError("creationHash is not the hash of the creation data sent")
    if sig_hash != aik.scheme_hash:
        raise t.TpmError("signed with another hash than the restricted key's scheme")
    t.verify_rsassa(aik.key, sig_hash, signature, attest_raw)
    if attest.firmware_version < min_firmware:
        raise t.TpmError(f"TPM firmware {attest.firmware_version:#x} is below the service's minimum")
    return aik

