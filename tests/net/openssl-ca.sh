# openssl-ca.sh - sourced by the test PKI scripts: one certificate signed with `openssl ca`, in the current
# directory, so each script states only what its certificates hold.
#
# ca_sign NAME ISSUER_PEM ISSUER_KEY START END: signs NAME.csr with the extensions of NAME.ext into NAME.pem, valid
# from START to END (YYYYMMDDHHMMSSZ); serials start at 1000 in a database of its own (db-NAME).
ca_sign() {
	mkdir -p "db-$1" && : >"db-$1/index" && echo 1000 >"db-$1/serial"
	cat >"$1.conf" <<CONF
[ca]
default_ca = x
[x]
database = db-$1/index
serial = db-$1/serial
new_certs_dir = db-$1
certificate = $2
private_key = $3
default_md = sha256
policy = any
copy_extensions = none
unique_subject = no
[any]
commonName = supplied
CONF
	openssl ca -batch -config "$1.conf" -in "$1.csr" -out "$1.pem" -startdate "$4" -enddate "$5" \
		-extfile "$1.ext" >/dev/null 2>&1
}
