"""Authenticode signatures for CAB files made with a test PKI (openssl), for tests of the signature check: a PKCS#7
SignedData (RFC 2315 9.1) with a SpcIndirectDataContent holding the CAB digest, signed over its authenticated
attributes (RFC 2315 9.3), assembled here with a minimal DER encoder. The test PKI copies the names of Microsoft's
code-signing chain (Root Certificate Authority 2011, Code Signing PCA 2011, "Microsoft Corporation") with keys of
its own, so only the pinned root can tell it apart."""
import hashlib
import os
import struct
import subprocess

SUBJECT = "/C=US/ST=Washington/L=Redmond/O=Microsoft Corporation/CN="
CA_CONF = """[ca]
default_ca = test
[test]
database = db/index
serial = db/serial
new_certs_dir = db
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
preserve = yes
[any]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
commonName = supplied
[root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[pca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[signer]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = codeSigning
authorityKeyIdentifier = keyid
"""


def tlv(tag, content):
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + content


def seq(*parts):
    return tlv(0x30, b"".join(parts))


def der_set(*parts):
    return tlv(0x31, b"".join(sorted(parts)))  # DER SET OF: elements in ascending order of their encodings


def oid(dotted):
    nums = [int(x) for x in dotted.split(".")]
    out = bytes([40 * nums[0] + nums[1]])
    for n in nums[2:]:
        chunk = [n & 0x7F]
        while n > 0x7F:
            n >>= 7
            chunk.insert(0, 0x80 | (n & 0x7F))
        out += bytes(chunk)
    return tlv(0x06, out)


def read_tlv(data, at=0):
    """(tag, contents start, end) of the TLV at `at`."""
    tag, n = data[at], data[at + 1]
    start = at + 2
    if n & 0x80:
        count = n & 0x7F
        n = int.from_bytes(data[start:start + count], "big")
        start += count
    return tag, start, start + n


SHA256 = seq(oid("2.16.840.1.101.3.4.2.1"), b"\x05\x00")
SPC_INDIRECT = "1.3.6.1.4.1.311.2.1.4"


def issuer_and_serial(cert):
    """issuerAndSerialNumber of a DER certificate: its issuer Name and serial, as they are encoded in it."""
    _, tbs_at, _ = read_tlv(cert)
    tag, start, end = read_tlv(cert, tbs_at)
    at = start
    tag, _, end = read_tlv(cert, at)
    if tag == 0xA0:  # version
        at = end
    _, _, serial_end = read_tlv(cert, at)
    serial = cert[at:serial_end]
    _, _, alg_end = read_tlv(cert, serial_end)
    _, _, issuer_end = read_tlv(cert, alg_end)
    return seq(cert[alg_end:issuer_end], serial)


def test_pki(work):
    """Root, PCA and signer named like Microsoft's, valid 2020-2040; returns {name: (DER, key path)}."""
    os.makedirs(os.path.join(work, "db"), exist_ok=True)
    with open(os.path.join(work, "ca.conf"), "w") as f:
        f.write(CA_CONF)
    open(os.path.join(work, "db/index"), "w").close()
    with open(os.path.join(work, "db/serial"), "w") as f:
        f.write("1000\n")
    made = {}
    for name, cn, issuer in (("root", "Microsoft Root Certificate Authority 2011", None),
                             ("pca", "Microsoft Code Signing PCA 2011", "root"), ("signer", "Microsoft Corporation", "pca")):
        run = lambda *a: subprocess.run(a, cwd=work, check=True, capture_output=True)
        run("openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
            "-subj", SUBJECT + cn)
        signing = ["-selfsign", "-keyfile", "root.key"] if not issuer else ["-cert", f"{issuer}.pem", "-keyfile", f"{issuer}.key"]
        run("openssl", "ca", "-batch", "-config", "ca.conf", *signing, "-in", f"{name}.csr", "-out", f"{name}.pem",
            "-extensions", name, "-startdate", "20200101000000Z", "-enddate", "20400101000000Z", "-notext")
        run("openssl", "x509", "-in", f"{name}.pem", "-outform", "DER", "-out", f"{name}.der")
        with open(os.path.join(work, f"{name}.der"), "rb") as f:
            made[name] = (f.read(), os.path.join(work, f"{name}.key"))
    return made


def cab_digest(cab, sig_offset):
    """The Authenticode digest of a signed CAB: bytes 0-3, 8-33 and 56 up to the signature (checks/cab/cab_signature.c)."""
    return hashlib.sha256(cab[0:4] + cab[8:34] + cab[56:sig_offset]).digest()


def signed_data(work, digest, pki):
    """A PKCS#7 SignedData over a SpcIndirectDataContent carrying `digest`, signed by the test signer."""
    spc = seq(seq(oid("1.3.6.1.4.1.311.2.1.25")), seq(SHA256, tlv(0x04, digest)))
    _, start, end = read_tlv(spc)
    attrs = [seq(oid("1.2.840.113549.1.9.3"), der_set(oid(SPC_INDIRECT))),
             seq(oid("1.2.840.113549.1.9.4"), der_set(tlv(0x04, hashlib.sha256(spc[start:end]).digest())))]
    signed = os.path.join(work, "attributes.der")
    with open(signed, "wb") as f:
        f.write(der_set(*attrs))
    signer, key = pki["signer"]
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key, signed], check=True,
                               capture_output=True).stdout
    info = seq(tlv(0x02, b"\x01"), issuer_and_serial(signer), SHA256, tlv(0xA0, b"".join(sorted(attrs))),
               seq(oid("1.2.840.113549.1.1.1"), b"\x05\x00"), tlv(0x04, signature))
    body = seq(tlv(0x02, b"\x01"), der_set(SHA256), seq(oid(SPC_INDIRECT), tlv(0xA0, spc)),
               tlv(0xA0, signer + pki["pca"][0] + pki["root"][0]), der_set(info))
    return seq(oid("1.2.840.113549.1.7.2"), tlv(0xA0, body))


def resign(cab, work, pki):
    """A signed CAB with its signature replaced by one of the test PKI over the same digest (padded to 8 bytes)."""
    sig_offset = struct.unpack_from("<I", cab, 44)[0]
    p7 = signed_data(work, cab_digest(cab, sig_offset), pki)
    p7 += b"\0" * (-len(p7) % 8)
    out = bytearray(cab[:sig_offset] + p7)
    struct.pack_into("<I", out, 48, len(p7))
    return bytes(out)
