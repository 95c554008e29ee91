#!/bin/sh
# Builds the test TrustedTpm.cab variants from the test CA of a provisioned
# swtpm state (tests/swtpm/provision.sh), shaped like Microsoft's: vendor
# folders with RootCA/IntermediateCA, Microsoft\IntermediateCA with AIK CA
# certificates named [REGION-]MFR-keyid-<hex>.cer, and a version.txt with
# CRLF lines and added, removed and re-added entries.
#
# usage: make-test-cabs.sh CA_DIR OUT_DIR MFR
# makes: good.cab no-intermediate.cab no-root.cab aik-removed.cab aik-unknown.cab aik-expired.cab, and date
# (the cabs' version.txt date, ISO: ten days ago, so they stay younger than trust.cab's cab_max_age_days; made
# again on another day), and scep/*.p7b: the test AIK service's GetCACertChain answers for the same test TPM root
# and AIK CA, with the keys the test AIK service
# signs, decrypts and issues with in scep/keys (tests/net/make-aik-service-pki.sh)
set -eu
ca=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
mfr=$3
today=$(date -u +%Y-%m-%d)
here=$(cd "$(dirname "$0")" && pwd)
stamp="$today scep ra-elsewhere service-keys"
[ "$(cat "$out/.made" 2>/dev/null)" = "$stamp" ] && exit 0
cab_iso=$(date -u -d '10 days ago' +%Y-%m-%d)
cab_date=$(LC_ALL=C date -u -d "$cab_iso" +%d-%B-%Y)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The AIK CA id is the SubjectKeyIdentifier of the CA that issued the EK (docs/attestation-facts.md §2).
keyid=$(openssl x509 -in "$ca/issuer.pem" -noout -ext subjectKeyIdentifier | tail -n1 | tr -d ' :' | tr 'A-F' 'a-f')
aik="EUS-$mfr-keyid-$keyid.cer"

# A stand-in for Microsoft's TPM root, and AIK CA certificates under it: one current, one expired.
cd "$work"
openssl req -x509 -newkey rsa:2048 -nodes -keyout msroot.key -out msroot.pem -days 3650 \
	-subj "/CN=Test TPM Root Certificate Authority" 2>/dev/null
mkdir -p db && : >db/index && echo 1000 >db/serial
cat >ca.conf <<CONF
[ca]
default_ca = test
[test]
database = db/index
unique_subject = no
serial = db/serial
new_certs_dir = db
certificate = msroot.pem
private_key = msroot.key
default_md = sha256
policy = any
copy_extensions = none
x509_extensions = aikca
[any]
commonName = supplied
[aikca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CONF
openssl req -new -newkey rsa:2048 -nodes -keyout aik.key -out aik.csr -subj "/CN=$mfr-KEYID-$keyid" 2>/dev/null
openssl ca -batch -config ca.conf -in aik.csr -out aik-current.pem -startdate 20240101000000Z -enddate 20400101000000Z 2>/dev/null
openssl ca -batch -config ca.conf -in aik.csr -out aik-expired.pem -startdate 20200101000000Z -enddate 20210101000000Z 2>/dev/null
openssl x509 -in aik-current.pem -outform DER -out aik-current.cer
openssl x509 -in aik-expired.pem -outform DER -out aik-expired.cer

history() { # $1: the newest block's heading, or "" for none
	printf 'The certificates were last updated on:\r\n%s\r\n' "$cab_date"
	[ -n "$1" ] && printf '    %s\r\n        %s\r\n' "$1" "$aik"
	printf '07-March-2025\r\n    Removed revoked test certs:\r\n        %s\r\n' "$aik"
	printf '01-January-2024\r\n\tAdded the following AIK Certificates\r\n        %s\r\n' "$aik"
	printf '    Added the following EK Root Certificates\r\n        TestRoot.cer\r\n'
}

# $1 cab name, $2 AIK file (or ""), $3 version.txt heading (or ""), $4 with intermediate (yes/no), $5 history (yes/no),
# $6 with the root (yes/no, default yes)
make_cab() {
	dir="$work/$1"
	mkdir -p "$dir/TestVendor/RootCA" "$dir/TestVendor/IntermediateCA" "$dir/Microsoft/IntermediateCA" "$dir/Microsoft/RootCA"
	[ "${6:-yes}" = yes ] && cp "$ca/root.der" "$dir/TestVendor/RootCA/TestRoot.cer"
	[ "$4" = yes ] && cp "$ca/issuer.der" "$dir/TestVendor/IntermediateCA/TestIssuingCA01.cer"
	openssl x509 -in msroot.pem -outform DER -out "$dir/Microsoft/RootCA/TestTpmRoot.cer"
	[ -n "$2" ] && cp "$2" "$dir/Microsoft/IntermediateCA/$aik"
	if [ "$5" = yes ]; then history "$3" >"$dir/version.txt"; else printf 'The certificates were last updated on:\r\n%s\r\n' "$cab_date" >"$dir/version.txt"; fi
	(cd "$dir" && find . -type f | sed 's|^\./||' | sort >files && gcab -c -z "$out/$1.cab" $(cat files))
}

make_cab good aik-current.cer "Added the following AIK Certificates" yes yes
make_cab no-intermediate aik-current.cer "Added the following AIK Certificates" no yes
make_cab no-root aik-current.cer "Added the following AIK Certificates" yes yes no
make_cab aik-removed "" "Removed the following AIK Certificates" yes yes
make_cab aik-unknown "" "" yes no
make_cab aik-expired aik-expired.cer "Added the following AIK Certificates" yes yes
cd "$work"
"$here/../net/make-aik-service-pki.sh" "$work" "$out/scep" "$mfr" "$keyid"
echo "$mfr-keyid-$keyid" >"$out/aik-id"
echo "$cab_iso" >"$out/date"
echo "$stamp" >"$out/.made"
