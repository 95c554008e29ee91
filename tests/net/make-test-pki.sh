#!/bin/sh
# Test TLS certificates for the mock servers (never committed; made under build/):
#   ca.pem                  the test root the client trusts (--ca)
#   server.pem/.key         *.microsoftaik.azure.net, the Autopilot endpoints, *.test, localhost; by ca.pem
#   wronghost.pem/.key      only for other.example, issued by ca.pem
#   expired.pem/.key        the right names, expired in 2021, issued by ca.pem
#   intercept.pem/.key      the right names, issued by another CA the client does not trust (TLS inspection)
# usage: make-test-pki.sh DIR
set -eu
. "$(dirname "$0")/openssl-ca.sh"
dir=$(mkdir -p "$1" && cd "$1" && pwd)
names="DNS:*.microsoftaik.azure.net,DNS:*.test,DNS:localhost,DNS:ekop.intel.com,DNS:ftpm.amd.com"
names="$names,DNS:ekcert.spserv.microsoft.com,DNS:ztd.dds.microsoft.com,DNS:cs.dds.microsoft.com"
names="$names,DNS:login.live.com,DNS:login.microsoftonline.com,DNS:go.microsoft.com"
[ "$(cat "$dir/.made" 2>/dev/null)" = "$names" ] && exit 0
cd "$dir"
quiet() { "$@" >/dev/null 2>&1; }
ca() { # name subject
	quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.pem" -days 3650 -subj "/CN=$2" \
		-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign
}
leaf() { # name issuer san start end
	quiet openssl req -new -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$1"
	printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$3" >"$1.ext"
	ca_sign "$1" "$2.pem" "$2.key" "$4" "$5"
}
ca ca "tpm-preflight Test Network Root"
ca rogue "Corporate TLS Inspection CA"
leaf server ca "$names" 20240101000000Z 20400101000000Z
leaf wronghost ca "DNS:other.example" 20240101000000Z 20400101000000Z
leaf expired ca "$names" 20200101000000Z 20210101000000Z
leaf intercept rogue "$names" 20240101000000Z 20400101000000Z
echo "$names" >.made
