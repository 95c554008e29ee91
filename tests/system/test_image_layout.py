"""The stick's layout: a disk Windows mounts with a drive letter and UEFI boots from as removable media - an MBR
with one active FAT32 (LBA) partition at 1 MiB - not a GPT disk with an EFI System partition, which Windows leaves
without a letter. Read from the image's bytes (MBR: UEFI 2.10 5.2.1; FAT32 boot sector: Microsoft's FAT
specification), not through the tool that wrote them. That the image boots under OVMF is what every test_uefi_*
test does with it."""
import os
import struct

from harness import Workspace, check, make_image

SECTOR = 512


def read_sectors(image, lba, count=1):
    with open(image, "rb") as f:
        f.seek(lba * SECTOR)
        return f.read(count * SECTOR)


def mbr_partitions(mbr):
    """The four MBR partition records: (boot indicator, OS type, starting LBA, size in LBA)."""
    check(mbr[510:512] == b"\x55\xaa", "no MBR signature 0x55AA at the end of sector 0")
    return [(rec[0], rec[4], *struct.unpack_from("<II", rec, 8)) for rec in
            (mbr[446 + 16 * i:446 + 16 * (i + 1)] for i in range(4))]


def fat32_facts(boot):
    """Label, FAT type string, hidden sectors and count of data clusters from a FAT32 boot sector (BPB)."""
    bytes_per_sector, per_cluster, reserved, fats = struct.unpack_from("<HBHB", boot, 11)
    root_entries, total16 = struct.unpack_from("<HH", boot, 17)
    fat16_size, = struct.unpack_from("<H", boot, 22)
    hidden, total32, fat32_size = struct.unpack_from("<III", boot, 28)
    total = total16 or total32
    fat_size = fat16_size or fat32_size
    root_sectors = (root_entries * 32 + bytes_per_sector - 1) // bytes_per_sector
    clusters = (total - reserved - fats * fat_size - root_sectors) // per_cluster
    return {"label": boot[71:82].decode(errors="replace"), "type": boot[82:90].decode(errors="replace"),
            "hidden": hidden, "clusters": clusters, "fat16_size": fat16_size, "signature": boot[510:512]}


def test_image_is_mbr_with_one_active_fat32_partition(build):
    with Workspace(build) as work:
        image = make_image(build, os.path.join(work, "stick.img"), {})
        size = os.path.getsize(image)
        parts = mbr_partitions(read_sectors(image, 0))
        boot_ind, os_type, start, length = parts[0]
        check(os_type == 0x0C, f"partition 1 has type 0x{os_type:02X}, not 0x0C (FAT32 LBA)")
        check(boot_ind == 0x80, f"partition 1 is not marked active (boot indicator 0x{boot_ind:02X})")
        check(start == 2048, f"partition 1 starts at sector {start}, not at 1 MiB (the tests reach it as @@1M)")
        check((start + length) * SECTOR <= size, f"partition 1 ends past the image ({start + length} sectors)")
        check(all(p[1] == 0 for p in parts[1:]), f"more than one partition: {parts}")
        fat = fat32_facts(read_sectors(image, start))
        check(fat["signature"] == b"\x55\xaa" and fat["fat16_size"] == 0, "partition 1 holds no FAT32 boot sector")
        check(fat["type"] == "FAT32   " and fat["label"] == "PREFLIGHT  ", f"not FAT32 labelled PREFLIGHT: {fat}")
        # the FAT type is the count of clusters, whatever the label says: under 65525 it would be read as FAT16
        check(fat["clusters"] >= 65525, f"only {fat['clusters']} clusters: Windows and UEFI would read FAT16")
        check(fat["hidden"] == start, f"hidden sectors {fat['hidden']} differ from the partition's start {start}")


def test_image_is_not_gpt(build):
    """No protective MBR (type 0xEE), no GPT header ("EFI PART" at LBA 1), hence no EFI System (ef00) partition."""
    with Workspace(build) as work:
        image = make_image(build, os.path.join(work, "stick.img"), {})
        parts = mbr_partitions(read_sectors(image, 0))
        check(all(p[1] != 0xEE for p in parts), f"a GPT protective MBR entry: {parts}")
        check(all(p[1] != 0xEF for p in parts), f"an MBR EFI System partition, which Windows leaves unlettered: {parts}")
        check(read_sectors(image, 1)[:8] != b"EFI PART", "a GPT header at LBA 1")
