#!/bin/sh
# The test AIK service's answers to GetCACertChain (tests/net/mock_server.py --aik-chain), made beside the test
# TrustedTpm.cabs (tests/swtpm/make-test-cabs.sh) from the same test "TPM root" and AIK CA the cabs hold, in the
# shape Microsoft's service gives (docs/attestation-facts.md §10): a certs-only CMS message (RFC 8894 3.4) with the
# RA signing and RA encryption certificates (end-entity, issued by the AIK CA), the AIK CA and the root.
#
# usage: make-aik-service-pki.sh PKI_DIR OUT_DIR MFR KEYID
#   PKI_DIR holds msroot.pem/.key (the test TPM root) and aik.key, aik-current.pem (the AIK CA the cabs list)
# makes in OUT_DIR:
#   good.p7b        RA signing + RA encryption (by the AIK CA), the AIK CA, the root
#   wrong-aik.p7b   the same names, but an AIK CA with another key (not the cab's) under the same root
#   other-root.p7b  the cab's AIK CA key certified by another root of the same name, RA certificates under it
#   ra-elsewhere.p7b  good.p7b's AIK CA and root, but RA certificates from another CA of the AIK CA's name
#   truncated.p7b   good.p7b cut short
#   garbage.p7b     a captive portal's HTML page
#   empty.p7b       a certs-only message without certificates
#   keys/           what the test AIK service (tests/net/aik_scep_service.py) signs, decrypts and issues with:
#                   ra-sign.pem/.key and ra-enc.pem/.key (good.p7b's RA certificates and their keys),
#                   aik-ca.pem/.key (the AIK CA the cabs list, and its key), root.pem (the test TPM root)
set -eu
. "$(dirname "$0")/openssl-ca.sh"
pki=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
mfr=$3
keyid=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
quiet() { "$@" >/dev/null 2>&1; }

# issue NAME ISSUER_PEM ISSUER_KEY KEY SUBJECT EXTENSIONS: a certificate for KEY's public key, valid 2024 to 2040
issue() {
	quiet openssl req -new -key "$4" -out "$1.csr" -subj "/CN=$5"
	printf '%s\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' "$6" | tr ';' '\n' >"$1.ext"
	ca_sign "$1" "$2" "$3" 20240101000000Z 20400101000000Z
}
key() { quiet openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key"; }

RA_SIGN="basicConstraints=critical,CA:FALSE;keyUsage=critical,digitalSignature"
RA_ENC="basicConstraints=critical,CA:FALSE;keyUsage=critical,keyEncipherment"
AIK_CA="basicConstraints=critical,CA:TRUE,pathlen:0;keyUsage=critical,digitalSignature,keyCertSign,cRLSign"
key ra-sign
key ra-enc
key aik-other
key other-root
aik="$mfr-KEYID-$keyid"

# bundle NAME RA_ISSUER_PEM RA_ISSUER_KEY AIK_PEM ROOT_PEM
bundle() {
	issue "$1-ras" "$2" "$3" ra-sign.key "RA Signing Certificate" "$RA_SIGN"
	issue "$1-rae" "$2" "$3" ra-enc.key "RA Encryption Certificate" "$RA_ENC"
	quiet openssl crl2pkcs7 -nocrl -certfile "$1-ras.pem" -certfile "$1-rae.pem" -certfile "$4" -certfile "$5" \
		-outform DER -out "$out/$1.p7b"
}

bundle good "$pki/aik-current.pem" "$pki/aik.key" "$pki/aik-current.pem" "$pki/msroot.pem"
mkdir -p "$out/keys"
(umask 077 && cp ra-sign.key "$out/keys/ra-sign.key" && cp ra-enc.key "$out/keys/ra-enc.key" &&
	cp "$pki/aik.key" "$out/keys/aik-ca.key")
cp good-ras.pem "$out/keys/ra-sign.pem"
cp good-rae.pem "$out/keys/ra-enc.pem"
cp "$pki/aik-current.pem" "$out/keys/aik-ca.pem"
cp "$pki/msroot.pem" "$out/keys/root.pem"

issue aik-wrong "$pki/msroot.pem" "$pki/msroot.key" aik-other.key "EUS-$aik" "$AIK_CA"
bundle wrong-aik aik-wrong.pem aik-other.key aik-wrong.pem "$pki/msroot.pem"

issue ra-elsewhere-ras aik-wrong.pem aik-other.key ra-sign.key "RA Signing Certificate" "$RA_SIGN"
issue ra-elsewhere-rae aik-wrong.pem aik-other.key ra-enc.key "RA Encryption Certificate" "$RA_ENC"
quiet openssl crl2pkcs7 -nocrl -certfile ra-elsewhere-ras.pem -certfile ra-elsewhere-rae.pem \
	-certfile "$pki/aik-current.pem" -certfile "$pki/msroot.pem" -outform DER -out "$out/ra-elsewhere.p7b"

quiet openssl req -x509 -key other-root.key -out other-root.pem -days 7300 \
	-subj "/CN=Test TPM Root Certificate Authority" -addext basicConstraints=critical,CA:TRUE \
	-addext keyUsage=critical,keyCertSign,cRLSign
issue aik-elsewhere other-root.pem other-root.key "$pki/aik.key" "EUS-$aik" "$AIK_CA"
bundle other-root aik-elsewhere.pem "$pki/aik.key" aik-elsewhere.pem other-root.pem

size=$(wc -c <"$out/good.p7b")
head -c $((size - 200)) "$out/good.p7b" >"$out/truncated.p7b"
printf '<html><head><title>Guest Wi-Fi</title></head><body>Accept the terms to continue.</body></html>\n' >"$out/garbage.p7b"
quiet openssl crl2pkcs7 -nocrl -outform DER -out "$out/empty.p7b" </dev/null
