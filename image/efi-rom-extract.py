#!/usr/bin/env python3
"""Takes the UEFI driver out of a PCI option ROM (a "PCI expansion ROM" of several images, PCI Firmware
Specification 3.0, 5.1: each image starts 55 AA with a pointer to its PCIR data structure at 0x18, whose image
length at 0x10 counts 512-byte units, code type at 0x14 (3 = EFI) and indicator at 0x15 (bit 7: the last image);
an EFI image's header, UEFI 2.10 14.4.2, has the EFI signature 0x0EF1 (32 bits) at 4, subsystem at 8, machine at 0x0A,
compression type at 0x0C (0 none, 1 EFI compression), and the PE image's offset at 0x16, the image ending at
InitializationSize (0x02, 512-byte units)). Used at build time on Debian's ipxe-qemu ROMs (efi-e1000.rom), whose
EFI images are uncompressed; a compressed one is refused, not guessed at.

usage: efi-rom-extract.py ROM OUT.efi [--machine 0x8664]"""
import argparse
import struct
import sys


def efi_images(rom):
    """Yields (offset, subsystem, machine, compression, pe bytes) for each EFI image of the ROM."""
    at = 0
    for _ in range(16):  # a ROM holds a few images; a loop in the data cannot run on
        if at + 0x1a > len(rom) or rom[at:at + 2] != b"\x55\xaa":
            raise ValueError(f"no ROM image signature (55 AA) at 0x{at:x}")
        pcir = at + struct.unpack_from("<H", rom, at + 0x18)[0]
        if pcir + 0x18 > len(rom) or rom[pcir:pcir + 4] != b"PCIR":
            raise ValueError(f"no PCIR data structure for the image at 0x{at:x}")
        units, code_type, indicator = struct.unpack_from("<H", rom, pcir + 0x10)[0], rom[pcir + 0x14], rom[pcir + 0x15]
        length = units * 512
        if length == 0 or at + length > len(rom):
            raise ValueError(f"the image at 0x{at:x} claims {length} bytes, beyond the ROM")
        if code_type == 3:
            init, sig, subsystem, machine, compression = struct.unpack_from("<HIHHH", rom, at + 2)
            start, end = at + struct.unpack_from("<H", rom, at + 0x16)[0], at + init * 512
            if sig != 0x0EF1 or not at < start < end <= at + length:
                raise ValueError(f"the EFI image at 0x{at:x} has a bad header")
            yield at, subsystem, machine, compression, rom[start:end]
        if indicator & 0x80:
            return
        at += length
    raise ValueError("more than 16 images, or no last-image flag")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rom")
    ap.add_argument("out")
    ap.add_argument("--machine", default="0x8664", help="the PE machine type wanted (0x8664 x64, 0xaa64 Arm64)")
    a = ap.parse_args()
    want = int(a.machine, 0)
    with open(a.rom, "rb") as f:
        rom = f.read()
    try:
        images = list(efi_images(rom))
    except ValueError as e:
        sys.exit(f"efi-rom-extract: {a.rom}: {e}")
    for at, subsystem, machine, compression, pe in images:
        if machine != want:
            continue
        if compression != 0:
            sys.exit(f"efi-rom-extract: the EFI image at 0x{at:x} of {a.rom} is compressed (type {compression})")
        if pe[:2] != b"MZ":
            sys.exit(f"efi-rom-extract: the EFI image at 0x{at:x} of {a.rom} is not a PE file")
        with open(a.out, "wb") as f:
            f.write(pe)
        return
    sys.exit(f"efi-rom-extract: {a.rom} holds no EFI image for machine 0x{want:04x}")


if __name__ == "__main__":
    main()
