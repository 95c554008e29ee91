"""DER (ITU-T X.690) for the test AIK service and its reference client: a reader that checks every length against
what is left, and writers for the few types CMS (RFC 5652), SCEP (RFC 8894) and PKCS#10 (RFC 2986) use.
Definite lengths only; a value is the bytes between its header and its end. Python standard library only."""


class DerError(ValueError):
    pass


SEQUENCE, SET, INTEGER, OCTET_STRING, OID, NULL, BIT_STRING = 0x30, 0x31, 0x02, 0x04, 0x06, 0x05, 0x03
PRINTABLE, UTF8, IA5, BMP = 0x13, 0x0C, 0x16, 0x1E


def ctx(n, constructed=True):
    """The tag of [n] (context-specific), constructed unless told."""
    return (0xA0 if constructed else 0x80) | n


class Tlv:
    """One element: tag, value (bytes), and raw (the whole element, header included)."""
    __slots__ = ("tag", "value", "raw")

    def __init__(self, tag, value, raw):
        self.tag, self.value, self.raw = tag, value, raw

    def children(self):
        return read_all(self.value)

    def expect(self, tag, what):
        if self.tag != tag:
            raise DerError(f"{what}: tag 0x{self.tag:02x}, expected 0x{tag:02x}")
        return self


def read_one(data, pos=0):
    """The tag of the element at data[pos:], where its value starts and where it ends. Single-byte tags only (all
    CMS needs)."""
    if len(data) - pos < 2:
        raise DerError("truncated element header")
    tag = data[pos]
    if tag & 0x1F == 0x1F:
        raise DerError("multi-byte tags are not used here")
    n = data[pos + 1]
    pos += 2
    if n & 0x80:
        k = n & 0x7F
        if k == 0 or k > 4 or len(data) - pos < k:
            raise DerError("bad or indefinite length")
        n = int.from_bytes(data[pos:pos + k], "big")
        pos += k
    if n > len(data) - pos:
        raise DerError(f"element of {n} bytes with {len(data) - pos} left")
    return tag, pos, pos + n


def parse(data, pos=0):
    """The element at data[pos:] and the offset after it."""
    tag, start, end = read_one(data, pos)
    return Tlv(tag, bytes(data[start:end]), bytes(data[pos:end])), end


def read_all(data):
    """Every element of a constructed value, in order."""
    out, pos = [], 0
    while pos < len(data):
        tlv, pos = parse(data, pos)
        out.append(tlv)
    return out


def parse_exact(data, what="message"):
    """The one element that is the whole of data (trailing bytes refused)."""
    tlv, end = parse(data)
    if end != len(data):
        raise DerError(f"{what}: {len(data) - end} bytes after the element")
    return tlv


def length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, value):
    return bytes([tag]) + length(len(value)) + value


def seq(*items):
    return tlv(SEQUENCE, b"".join(items))


def set_of(*items, sort=True):
    """SET OF: DER sorts the encodings (X.690 11.6); sort=False keeps the order given (a SET of distinct types)."""
    return tlv(SET, b"".join(sorted(items) if sort else items))


def integer(n):
    b = n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big", signed=True)
    return tlv(INTEGER, b)


def read_integer(t):
    t.expect(INTEGER, "INTEGER")
    return int.from_bytes(t.value, "big", signed=True)


def octets(b):
    return tlv(OCTET_STRING, b)


def bits(b):
    return tlv(BIT_STRING, b"\x00" + b)


def printable(s):
    return tlv(PRINTABLE, s.encode("ascii"))


def utf8(s):
    return tlv(UTF8, s.encode())


def bmp(s):
    return tlv(BMP, s.encode("utf-16-be"))


def null():
    return b"\x05\x00"


def oid(dotted):
    parts = [int(x) for x in dotted.split(".")]
    body = bytearray([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.append(0x80 | (p & 0x7F))
            p >>= 7
        body += bytes(reversed(chunk))
    return tlv(OID, bytes(body))


def read_oid(t):
    t.expect(OID, "OBJECT IDENTIFIER")
    if not t.value or t.value[-1] & 0x80:
        raise DerError("bad OBJECT IDENTIFIER")
    first, rest, n = t.value[0], [], 0
    for b in t.value[1:]:
        n = (n << 7) | (b & 0x7F)
        if not b & 0x80:
            rest.append(n)
            n = 0
    a, b = (first // 40, first % 40) if first < 80 else (2, first - 80)
    return ".".join(str(x) for x in (a, b, *rest))


def read_string(t):
    """PrintableString, UTF8String, IA5String or BMPString as text."""
    if t.tag == BMP:
        return t.value.decode("utf-16-be")
    if t.tag in (PRINTABLE, UTF8, IA5):
        return t.value.decode("utf-8")
    raise DerError(f"tag 0x{t.tag:02x} is not a string")


def algorithm(dotted, params=None):
    """AlgorithmIdentifier (RFC 5280 4.1.1.2); params: DER bytes, or None for absent."""
    return seq(oid(dotted), params or b"")
