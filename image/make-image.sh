#!/bin/sh
# Builds the USB stick image: an MBR disk whose single partition is FAT32
# (type 0x0C, FAT32 LBA), which UEFI boots from as removable media and Windows
# mounts with a drive letter (it gives an EFI System partition none), holding
# \EFI\BOOT\BOOTX64.EFI, \preflight\preflight.conf, \preflight\ca-bundle.pem
# (the TLS trust anchors: Debian's ca-certificates bundle) and an empty
# \preflight\drivers (UEFI NIC drivers go there), plus any extra files given as
# SOURCE=\path\on\stick (these replace files of the same name; missing
# folders are made).
#
# usage: make-image.sh OUT.img APP.efi|- CONFIG [SOURCE=DEST ...]   ("-": no BOOTX64.EFI)
set -eu
out=$1 app=$2 conf=$3
shift 3
fat_mib=64
work="$out.d"
rm -rf "$work" && mkdir -p "$work"
fat="$work/esp.fat"

# FAT32 on 64 MiB: every UEFI firmware reads FAT12/16/32 (UEFI 2.10 13.3.1.1). The FAT type is decided by
# the count of clusters alone (Microsoft's FAT specification, "FAT Type Determination"): FAT32 needs at
# least 65525, i.e. more than 32 MiB of 512-byte clusters; 64 MiB gives about 129000, room to spare for
# the cab, the reports and shim. Hidden sectors = the partition's start (the BPB field Windows reads).
truncate -s ${fat_mib}M "$fat"
mkfs.fat -F 32 -s 1 -h 2048 -n PREFLIGHT "$fat" >/dev/null
export MTOOLS_SKIP_CHECK=1
mmd -i "$fat" ::/EFI ::/EFI/BOOT ::/preflight ::/preflight/reports
[ "$app" = - ] || mcopy -i "$fat" "$app" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$fat" "$conf" ::/preflight/preflight.conf
mmd -i "$fat" ::/preflight/drivers
bundle=/etc/ssl/certs/ca-certificates.crt
[ -f "$bundle" ] || { echo "make-image: $bundle is missing; run 'make deps' as root (ca-certificates)" >&2; exit 1; }
mcopy -i "$fat" "$bundle" ::/preflight/ca-bundle.pem
for pair in "$@"; do
	src=${pair%%=*}
	dest=$(printf "%s" "${pair#*=}" | tr '\\' /)
	mdel -i "$fat" "::$dest" 2>/dev/null || true # an extra file replaces a default one
	case $dest in */*) dir=${dest%/*} ;; *) dir="" ;; esac
	sub="" saved_ifs=$IFS IFS=/
	for part in ${dir#/}; do # the folders on the way, outer first (names may hold spaces)
		sub="$sub/$part"
		mmd -i "$fat" "::$sub" 2>/dev/null || true
	done
	IFS=$saved_ifs
	mcopy -i "$fat" "$src" "::$dest"
done

# MBR: the partition starts at 1 MiB (sector 2048; the tests reach it as IMAGE@@1M), marked active as
# Rufus marks its UEFI sticks (older firmware's USB boot looks for an active partition).
rm -f "$out.tmp"
truncate -s $((fat_mib + 1))M "$out.tmp"
printf 'label: dos\nstart=2048, size=%d, type=c, bootable\n' $((fat_mib * 2048)) | sfdisk -q "$out.tmp" >/dev/null
dd if="$fat" of="$out.tmp" bs=1M seek=1 conv=notrunc status=none
mv "$out.tmp" "$out"
rm -rf "$work"
