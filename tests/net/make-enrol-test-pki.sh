#!/bin/sh
# The fixed test PKI of the AIK enrolment tests (tests/unit/test_aik_enrol.c, tests/fuzz/fuzz_enrol_answer.c,
# tests/system/test_enrol_messages.py), written as a C header of PEM strings so that the unit tests and the fuzz
# targets need no files at run time. Test keys only, made for these tests: nothing here is secret.
#   root      "Test TPM Root Certificate Authority" (stands in for Microsoft's TPM root)
#   aikca     "EUS-IFX-KEYID-<KEYID>", the AIK CA, issued by root
#   ras, rae  "RA Signing Certificate" (digitalSignature), "RA Encryption Certificate" (keyEncipherment), by aikca
#   ekca      "Test EK Intermediate CA", and ek: an EK certificate by it, with the TCG SAN (directoryName)
#   client    a fixed client key (the fuzz target decrypts with it), aik: the AIK's key (only its modulus is used)
# usage: make-enrol-test-pki.sh OUT_HEADER
set -eu
. "$(dirname "$0")/openssl-ca.sh"
out=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
keyid=4A99C0FE66949A73F867243188F08A42EFFB67F9
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
quiet() { "$@" >/dev/null 2>&1; }
key() { quiet openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key"; }
issue() { # NAME ISSUER_PEM ISSUER_KEY SUBJECT EXTENSIONS
	quiet openssl req -new -key "$1.key" -out "$1.csr" -subj "/CN=$4"
	printf '%s\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' "$5" | tr ';' '\n' >"$1.ext"
	ca_sign "$1" "$2" "$3" 20240101000000Z 20400101000000Z
}
for k in root aikca ras rae ekca ek client aik; do key $k; done
# the root self-signed through `openssl ca -selfsign`, which takes a start date (req -x509 starts now)
quiet openssl req -new -key root.key -out root.csr -subj "/CN=Test TPM Root Certificate Authority"
printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n' >root.ext
mkdir -p db-root && : >db-root/index && echo 1000 >db-root/serial
printf '[ca]\ndefault_ca = x\n[x]\ndatabase = db-root/index\nserial = db-root/serial\nnew_certs_dir = db-root\n%s\n' \
	'private_key = root.key
default_md = sha256
policy = any
copy_extensions = none
unique_subject = no
[any]
commonName = supplied' >root.conf
quiet openssl ca -selfsign -batch -config root.conf -in root.csr -out root.pem -startdate 20240101000000Z \
	-enddate 20400101000000Z -extfile root.ext
issue aikca root.pem root.key "EUS-IFX-KEYID-$keyid" \
	"basicConstraints=critical,CA:TRUE,pathlen:0;keyUsage=critical,digitalSignature,keyCertSign,cRLSign"
issue ras aikca.pem aikca.key "RA Signing Certificate" "basicConstraints=critical,CA:FALSE;keyUsage=critical,digitalSignature"
issue rae aikca.pem aikca.key "RA Encryption Certificate" "basicConstraints=critical,CA:FALSE;keyUsage=critical,keyEncipherment"
issue ekca root.pem root.key "Test EK Intermediate CA" "basicConstraints=critical,CA:TRUE;keyUsage=critical,keyCertSign"
# (openssl takes a name's leading "N." as a counter, hence 0./1./2. before each OID.)
# The EK certificate's SAN as the TCG EK Credential Profile 3.2.9 has it: a directoryName of manufacturer, model, version.
quiet openssl req -new -key ek.key -out ek.csr -subj "/CN=unused"
cat >ek.ext <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,keyEncipherment
subjectAltName=critical,dirName:tpm_dir
authorityKeyIdentifier=keyid
[tpm_dir]
0.2.23.133.2.1=id:49465800
1.2.23.133.2.2=SLB9670
2.2.23.133.2.3=id:000D0008
EXT
ca_sign ek ekca.pem ekca.key 20240101000000Z 20400101000000Z
for f in *.pem; do openssl x509 -in "$f" -out "$f.tmp" && mv "$f.tmp" "$f"; done # without openssl ca's text
{
	echo "/* enrol_test_pki.h - written by tests/net/make-enrol-test-pki.sh: test keys and certificates only. */"
	echo "#ifndef ENROL_TEST_PKI_H"
	echo "#define ENROL_TEST_PKI_H"
	for f in root.pem root.key aikca.pem aikca.key ras.pem ras.key rae.pem rae.key ekca.pem ek.pem client.key aik.key; do
		name=$(echo "$f" | tr . _)
		printf 'static const char %s[] =\n' "pki_$name"
		sed 's/.*/\t"&\\n"/' "$f"
		echo "\t;"
	done | sed 's/^\\t/\t/'
	echo "#endif"
} >"$out"
