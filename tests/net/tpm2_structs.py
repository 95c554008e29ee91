"""TPM 2.0 structures and the credential protection, in software, for the test AIK service and its reference
client: TPM2B_* and TPMT_PUBLIC (RSA) / TPMS_CREATION_DATA / TPMS_ATTEST / TPMT_SIGNATURE as the TPM marshals
them (TPM 2.0 Library Part 2: 10.4 TPM2B, 12.2.3 TPMT_PUBLIC, 15.1 TPMS_CREATION_DATA, 10.12.12 TPMS_ATTEST,
11.3.4 TPMT_SIGNATURE; big-endian), the object name (Part 1 16: nameAlg || H(TPMT_PUBLIC)), KDFa (Part 1 11.4.10.2)
and TPM2_MakeCredential / TPM2_ActivateCredential (Part 1 24: the seed under RSA-OAEP with label "IDENTITY",
AES-CFB with a zero IV under KDFa "STORAGE", the outer HMAC under KDFa "INTEGRITY").
Crypto from python3-cryptography (Debian 12: 38.0.x)."""
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

try:  # cryptography 43 moved CFB to "decrepit"; Debian 12's 38.0 has it only in modes
    from cryptography.hazmat.decrepit.ciphers.modes import CFB
except ImportError:
    from cryptography.hazmat.primitives.ciphers.modes import CFB

ALG_RSA, ALG_SHA1, ALG_AES, ALG_SHA256, ALG_NULL, ALG_RSASSA, ALG_CFB = 0x01, 0x04, 0x06, 0x0B, 0x10, 0x14, 0x43
HASHES = {ALG_SHA1: "sha1", ALG_SHA256: "sha256"}
GENERATED, ST_ATTEST_CREATION = 0xFF544347, 0x801A
# TPMA_OBJECT (Part 2 8.3)
FIXED_TPM, FIXED_PARENT, SENSITIVE_DATA_ORIGIN = 1 << 1, 1 << 4, 1 << 5
USER_WITH_AUTH, NO_DA, RESTRICTED, DECRYPT, SIGN = 1 << 6, 1 << 10, 1 << 16, 1 << 17, 1 << 18


class TpmError(ValueError):
    pass


class Reader:
    """Big-endian reads that never pass the end."""

    def __init__(self, data, what):
        self.data, self.pos, self.what = bytes(data), 0, what

    def take(self, n):
        if n > len(self.data) - self.pos:
            raise TpmError(f"{self.what}: {n} bytes wanted, {len(self.data) - self.pos} left")
        self.pos += n
        return self.data[self.pos - n:self.pos]

    def u8(self):
        return self.take(1)[0]

    def u16(self):
        return struct.unpack(">H", self.take(2))[0]

    def u32(self):
        return struct.unpack(">I", self.take(4))[0]

    def u64(self):
        return struct.unpack(">Q", self.take(8))[0]

    def tpm2b(self):
        return self.take(self.u16())

    def end(self):
        if self.pos != len(self.data):
            raise TpmError(f"{self.what}: {len(self.data) - self.pos} bytes after the structure")


def b2(data):
    """A TPM2B: a 16-bit size, then the bytes."""
    return struct.pack(">H", len(data)) + data


class RsaPublic:
    """A TPMT_PUBLIC of type RSA: its fields, raw (the marshalled area) and key (a cryptography public key)."""

    def __init__(self, raw):
        r = Reader(raw, "TPMT_PUBLIC")
        self.raw = bytes(raw)
        self.type, self.name_alg, self.attributes = r.u16(), r.u16(), r.u32()
        if self.type != ALG_RSA:
            raise TpmError(f"TPMT_PUBLIC type 0x{self.type:04x} is not RSA")
        self.auth_policy = r.tpm2b()
        self.symmetric = r.u16()
        if self.symmetric != ALG_NULL:
            r.u16(), r.u16()
        self.scheme = r.u16()
        self.scheme_hash = r.u16() if self.scheme != ALG_NULL else ALG_NULL
        self.key_bits, exponent = r.u16(), r.u32()
        self.exponent = exponent or 65537
        self.modulus = r.tpm2b()
        r.end()
        if not self.modulus or len(self.modulus) * 8 != self.key_bits:
            raise TpmError("the modulus does not have keyBits bits")
        self.key = rsa.RSAPublicNumbers(self.exponent, int.from_bytes(self.modulus, "big")).public_key()

    def name(self):
        """The object's name (Part 1 16): nameAlg || H_nameAlg(TPMT_PUBLIC)."""
        if self.name_alg not in HASHES:
            raise TpmError(f"nameAlg 0x{self.name_alg:04x} not supported")
        return struct.pack(">H", self.name_alg) + hashlib.new(HASHES[self.name_alg], self.raw).digest()


def rsa_public_area(key, attributes, scheme_hash=ALG_SHA256, auth_policy=b"", symmetric=None):
    """A marshalled TPMT_PUBLIC for an RSA public key: a signing key (scheme RSASSA with scheme_hash), or with
    symmetric=(ALG_AES, 128, ALG_CFB) and scheme_hash=None a storage key such as the EK."""
    n = key.public_numbers()
    sym = struct.pack(">HHH", *symmetric) if symmetric else struct.pack(">H", ALG_NULL)
    scheme = struct.pack(">HH", ALG_RSASSA, scheme_hash) if scheme_hash else struct.pack(">H", ALG_NULL)
    exponent = 0 if n.e == 65537 else n.e
    return struct.pack(">HHI", ALG_RSA, ALG_SHA256, attributes) + b2(auth_policy) + sym + scheme + \
        struct.pack(">HI", key.key_size, exponent) + b2(n.n.to_bytes(key.key_size // 8, "big"))


def check_creation_data(raw):
    """Parses a TPMS_CREATION_DATA whole (Part 2 15.1); refuses it when it does not."""
    r = Reader(raw, "TPMS_CREATION_DATA")
    for _ in range(r.u32()):  # TPML_PCR_SELECTION
        r.u16()
        r.take(r.u8())
    r.tpm2b()  # pcrDigest
    r.u8()  # locality
    r.u16()  # parentNameAlg
    r.tpm2b(), r.tpm2b(), r.tpm2b()  # parentName, parentQualifiedName, outsideInfo
    r.end()


class CreationAttest:
    """A TPMS_ATTEST of type TPM_ST_ATTEST_CREATION (TPM2_CertifyCreation's answer, Part 3 18.3)."""

    def __init__(self, raw):
        r = Reader(raw, "TPMS_ATTEST")
        self.raw = bytes(raw)
        self.magic, self.type = r.u32(), r.u16()
        if self.magic != GENERATED or self.type != ST_ATTEST_CREATION:
            raise TpmError(f"not a TPM-generated creation attestation (magic 0x{self.magic:08x}, "
                           f"type 0x{self.type:04x})")
        self.qualified_signer, self.extra_data = r.tpm2b(), r.tpm2b()
        self.clock, self.reset_count, self.restart_count, self.safe = r.u64(), r.u32(), r.u32(), r.u8()
        self.firmware_version = r.u64()
        self.object_name, self.creation_hash = r.tpm2b(), r.tpm2b()
        r.end()


def creation_attest(object_name, creation_hash, firmware=0x0001000200030004, extra=b"", signer_name=b""):
    """A marshalled TPMS_ATTEST for TPM2_CertifyCreation (what a software TPM signs)."""
    return struct.pack(">IH", GENERATED, ST_ATTEST_CREATION) + b2(signer_name) + b2(extra) + \
        struct.pack(">QIIB", 1000, 1, 0, 1) + struct.pack(">Q", firmware) + b2(object_name) + b2(creation_hash)


def read_signature(r):
    """A TPMT_SIGNATURE of an RSA scheme: (sigAlg, hashAlg, signature bytes)."""
    alg = r.u16()
    if alg != ALG_RSASSA:
        raise TpmError(f"signature scheme 0x{alg:04x} is not RSASSA")
    return alg, r.u16(), r.tpm2b()


def verify_rsassa(key, hash_alg, signature, message):
    if hash_alg not in HASHES:
        raise TpmError(f"signature hash 0x{hash_alg:04x} not supported")
    algo = hashes.SHA256() if hash_alg == ALG_SHA256 else hashes.SHA1()
    try:
        key.verify(signature, message, padding.PKCS1v15(), algo)
    except Exception:
        raise TpmError("the signature does not verify with the AIK's key")


def kdfa(hash_name, key, label, context_u, context_v, bits):
    """KDFa (Part 1 11.4.10.2, SP 800-108 counter mode with HMAC): label is given without its terminating zero."""
    out, i = b"", 1
    while len(out) * 8 < bits:
        out += hmac.new(key, struct.pack(">I", i) + label + b"\x00" + context_u + context_v + struct.pack(">I", bits),
                        hash_name).digest()
        i += 1
    return out[:bits // 8]


def _oaep():
    return padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=b"IDENTITY\x00")


def make_credential(ek_public, object_name, credential):
    """TPM2_MakeCredential to an RSA EK with the default EK template's nameAlg SHA-256 and AES-128-CFB (TCG EK
    Credential Profile, template L-1): (TPM2B_ID_OBJECT contents, TPM2B_ENCRYPTED_SECRET contents)."""
    seed = os.urandom(32)
    secret = ek_public.encrypt(seed, _oaep())
    sym_key = kdfa("sha256", seed, b"STORAGE", object_name, b"", 128)
    enc = Cipher(algorithms.AES(sym_key), CFB(bytes(16))).encryptor()
    enc_identity = enc.update(b2(credential)) + enc.finalize()
    hmac_key = kdfa("sha256", seed, b"INTEGRITY", b"", b"", 256)
    outer = hmac.new(hmac_key, enc_identity + object_name, "sha256").digest()
    return b2(outer) + enc_identity, secret


def activate_credential(ek_private, object_name, id_object, secret):
    """TPM2_ActivateCredential in software: the credential, or TpmError where the TPM answers TPM_RC_INTEGRITY."""
    try:
        seed = ek_private.decrypt(secret, _oaep())
    except ValueError:
        raise TpmError("the secret does not decrypt with the EK (TPM_RC_VALUE)")
    r = Reader(id_object, "TPM2B_ID_OBJECT")
    outer, enc_identity = r.tpm2b(), r.take(len(id_object) - r.pos)
    hmac_key = kdfa("sha256", seed, b"INTEGRITY", b"", b"", 256)
    if not hmac.compare_digest(outer, hmac.new(hmac_key, enc_identity + object_name, "sha256").digest()):
        raise TpmError("the outer HMAC does not match (TPM_RC_INTEGRITY)")
    sym_key = kdfa("sha256", seed, b"STORAGE", object_name, b"", 128)
    dec = Cipher(algorithms.AES(sym_key), CFB(bytes(16))).decryptor()
    plain = Reader(dec.update(enc_identity) + dec.finalize(), "credential")
    credential = plain.tpm2b()
    plain.end()
    return credential
