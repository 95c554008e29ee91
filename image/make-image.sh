#!/bin/sh
# Builds the USB stick image: a GPT disk whose single partition is a FAT EFI
# System Partition holding \EFI\BOOT\BOOTX64.EFI, \preflight\preflight.conf and
# \preflight\ca-bundle.pem (the TLS trust anchors: Debian's ca-certificates
# bundle) and an empty \preflight\drivers (UEFI NIC drivers go there), plus
# any extra files given as SOURCE=\path\on\stick (these replace files of the
# same name; missing folders are made).
#
# usage: make-image.sh OUT.img APP.efi|- CONFIG [SOURCE=DEST ...]   ("-": no BOOTX64.EFI)
set -eu
out=$1 app=$2 conf=$3
shift 3
fat_mib=60
work="$out.d"
rm -rf "$work" && mkdir -p "$work"
fat="$work/esp.fat"

# FAT16 on a 60 MiB partition: every UEFI firmware reads FAT12/16/32 (UEFI 13.3).
truncate -s ${fat_mib}M "$fat"
mkfs.fat -F 16 -n PREFLIGHT "$fat" >/dev/null
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

# GPT: 1 MiB before the partition, 1 MiB after it for the backup table.
rm -f "$out.tmp"
truncate -s $((fat_mib + 2))M "$out.tmp"
sgdisk -n 1:2048:+${fat_mib}M -t 1:ef00 -c 1:"TPM-PREFLIGHT" "$out.tmp" >/dev/null
dd if="$fat" of="$out.tmp" bs=1M seek=1 conv=notrunc status=none
mv "$out.tmp" "$out"
rm -rf "$work"
