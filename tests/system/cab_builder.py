"""Builds small CAB files in memory ([MS-CAB]: CFHEADER 2.1, CFFOLDER 2.2, CFFILE 2.3, CFDATA 2.4) with MSZIP
folders ([MS-MCI] 2.3: each data block is "CK" and a deflate stream of at most 32 KiB), for tests of the extraction
limits: block counts, files and offsets are chosen freely, so a few MB can declare gigabytes of work."""
import struct
import zlib

BLOCK = 32768


def mszip_block(data):
    """One CFDATA payload: "CK" then raw deflate of data, ending in a final block (one stream per block)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return b"CK" + c.compress(data) + c.flush(zlib.Z_FINISH)


def checksum(data, seed=0):
    """The CFDATA checksum ([MS-CAB] 2.4): XOR of the little-endian 32-bit words; 1 to 3 bytes left over form one
    more word, the first of them the most significant."""
    words = len(data) // 4
    for w in struct.unpack_from(f"<{words}I", data):
        seed ^= w
    tail = 0
    for b in data[words * 4:]:
        tail = (tail << 8) | b
    return seed ^ tail


def block_byte(i):
    """The value every byte of uncompressed block i of a folder holds, so any file's content is known."""
    return i % 251


_payloads = {}


def _blocks(count):
    out = bytearray()
    for i in range(count):
        value = block_byte(i)
        if value not in _payloads:
            _payloads[value] = mszip_block(bytes([value]) * BLOCK)
        body = _payloads[value]
        sizes = struct.pack("<HH", len(body), BLOCK)
        out += struct.pack("<I", checksum(sizes, checksum(body))) + sizes + body
    return bytes(out)


def cab(folders, files, signable=False):
    """folders: (declared blocks, blocks actually written) per folder, each block 32 KiB of block_byte(i) - write
    fewer than declared for a small fuzz seed; files: (name, folder index, offset, length) in the order listed.
    signable: with the 20-byte header reserve a signature needs, naming an empty signature at the end
    (authenticode_builder.resign fills it in)."""
    entries = b"".join(struct.pack("<IIHHHH", length, offset, folder, 0x5A21, 0, 0x20) + name.encode() + b"\0"
                       for name, folder, offset, length in files)
    reserve = b""
    files_at = 36 + 8 * len(folders) + (24 if signable else 0)
    at = files_at + len(entries)
    table, data = b"", b""
    for declared, written in folders:
        table += struct.pack("<IHH", at + len(data), declared, 1)  # typeCompress 1: MSZIP
        data += _blocks(written)
    total = at + len(data)
    if signable:  # cbCFHeader 20, cbCFFolder 0, cbCFData 0; the reserve's bytes 4-11: signature offset and size
        reserve = struct.pack("<HBB", 20, 0, 0) + struct.pack("<IIII", 0x00100000, total, 0, 0) + b"\0" * 4
    header = struct.pack("<4sIIIIIBBHHHHH", b"MSCF", 0, total, 0, files_at, 0, 3, 1, len(folders), len(files),
                         4 if signable else 0, 0x1234, 0)
    return header + reserve + table + entries + data


def descending_one_byte_files(count, end, folder=0):
    """count one-byte files, each listed before one at a higher offset: offsets end-1, end-2, ..."""
    return [(f"f{folder}-{n:05d}.bin", folder, end - 1 - n, 1) for n in range(count)]
