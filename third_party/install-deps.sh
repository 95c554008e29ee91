#!/bin/sh
# Install the Debian packages the build, the image, `make run` and the tests
# need, when any is missing. Idempotent: does nothing when all are present.
set -eu
packages="clang lld llvm libclang-rt-14-dev dpkg-dev patch xz-utils bzip2 libstb-dev libcmocka-dev
 mtools fdisk dosfstools qemu-system-x86 ovmf iproute2 dnsmasq-base swtpm swtpm-tools tpm2-tools libtss2-tcti-swtpm0 openssl
 python3 python3-cryptography gcab sbsigntool libsqlite3-dev sqlite3 ca-certificates zbar-tools
 qemu-system-arm qemu-efi-aarch64 u-boot-qemu"
packages="$packages ipxe-qemu" # the e1000 UEFI driver the NIC-driver test loads from the stick (image/image.mk)
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing Debian packages:$missing" >&2
	echo "install-deps: run 'make deps' as root, or: apt-get install$missing" >&2
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || true
apt-get install -y -q --no-install-recommends $missing >/dev/null
