#!/bin/sh
# Provisions a swtpm TPM 2.0 state directory the way a TPM vendor would: EK
# certificates (RSA and ECC) and a platform certificate in NV, issued by a
# test CA that is generated here (root -> EK issuing CA). No private key is
# ever committed; the CA lives next to the state under build/.
#
# usage: provision.sh STATE_DIR [CA_DIR]   (the CA defaults to STATE_DIR.ca; idempotent)
# Variants for test scenarios, from the environment:
#   EK_CERTS=no     no EK or platform certificates in NV
#   PCR_BANKS=LIST  the active PCR banks (swtpm_setup --pcr-banks), e.g. sha1
#   LOCK_NV=no      leave the certificate indices writable, so a test can replace them
set -eu
state=$(mkdir -p "$1" && cd "$1" && pwd)
ca=${2:-$state.ca}
[ -f "$state/.provisioned" ] && exit 0
mkdir -p "$ca"

if [ ! -f "$ca/issuer.pem" ]; then
	echo "provision: generating the test CA in $ca"
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$ca/root.key" -out "$ca/root.pem" -days 7300 \
		-subj "/O=tpm-preflight tests/CN=tpm-preflight Test EK Root CA" \
		-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
		-addext subjectKeyIdentifier=hash 2>/dev/null
	openssl req -new -newkey rsa:2048 -nodes -keyout "$ca/issuer.key" -out "$ca/issuer.csr" \
		-subj "/O=tpm-preflight tests/CN=tpm-preflight Test EK Issuing CA 01" 2>/dev/null
	printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >"$ca/issuer.ext"
	openssl x509 -req -in "$ca/issuer.csr" -CA "$ca/root.pem" -CAkey "$ca/root.key" -CAcreateserial \
		-out "$ca/issuer.pem" -days 3650 -extfile "$ca/issuer.ext" 2>/dev/null
	openssl x509 -in "$ca/root.pem" -outform DER -out "$ca/root.der"
	openssl x509 -in "$ca/issuer.pem" -outform DER -out "$ca/issuer.der"
fi

cat >"$ca/swtpm-localca.conf" <<CONF
statedir = $ca/localca
signingkey = $ca/issuer.key
issuercert = $ca/issuer.pem
certserial = $ca/localca/certserial
CONF
cat >"$ca/swtpm-localca.options" <<CONF
--platform-manufacturer tpm-preflight
--platform-version 2.1
--platform-model QEMU
CONF
cat >"$ca/swtpm_setup.conf" <<CONF
create_certs_tool = /usr/bin/swtpm_localca
create_certs_tool_config = $ca/swtpm-localca.conf
create_certs_tool_options = $ca/swtpm-localca.options
CONF
mkdir -p "$ca/localca"

echo "provision: creating the TPM state with EK and platform certificates in $state"
set -- --tpm2 --tpmstate "$state" --config "$ca/swtpm_setup.conf" --overwrite --createek --display
[ "${EK_CERTS:-yes}" = yes ] && set -- "$@" --create-ek-cert --create-platform-cert
[ "${LOCK_NV:-yes}" = yes ] && set -- "$@" --lock-nvram
[ -n "${PCR_BANKS:-}" ] && set -- "$@" --pcr-banks "$PCR_BANKS"
if ! swtpm_setup "$@" >"$state.setup.log" 2>&1; then
	cat "$state.setup.log" >&2
	echo "provision: swtpm_setup failed" >&2
	exit 1
fi
touch "$state/.provisioned"
