#!/usr/bin/env bash
# Makes the test PKI committed under tests/data/pki/ (the outputs are committed with this
# script; run it again only to renew them). OpenSSL 3.0 CLI, ECDSA P-256 everywhere.
#   ca.crt/.key               test CA trusted by the tests
#   other-ca.crt/.key         an unrelated CA ("wrong certificate")
#   server.crt/.key           localhost + 127.0.0.1, signed by the test CA, 20 years
#   server-other.crt/.key     the same names, signed by the other CA
#   server-expired.crt/.key   signed by the test CA, valid only in January 2020
#   server-future.crt/.key    signed by the test CA, valid only from 2090 (not yet valid)
#   server-wrongname.crt/.key signed by the test CA for "elsewhere.invalid" only
#   client.crt/.key           client certificate (CN=kiosk-test) signed by the test CA
#   server.pin, other.pin     CURLOPT_PINNEDPUBLICKEY values ("sha256//…") of server.key and
#                             of a key no server uses
# openssl 3.0 has no -not_before/-not_after for x509 (3.4 has): `openssl ca -startdate/-enddate`
# sets any validity window, past or future, with no fake clock.
set -euo pipefail
OUT=${1:-$(dirname "$0")/pki}
mkdir -p "$OUT"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$OUT"
OUT=$(pwd)

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; chmod 600 "$1"; }

cat >"$WORK/ca.cnf" <<CNF
[ca]
default_ca = test
[test]
dir = $WORK
database = $WORK/index.txt
new_certs_dir = $WORK
serial = $WORK/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
CNF

ca() { # name CN: self-signed through `openssl ca -selfsign` to choose its start date too
	key "$1.key"
	: >"$WORK/index.txt"
	openssl rand -hex 16 >"$WORK/serial"
	openssl req -new -key "$1.key" -subj "/CN=$2" -out "$WORK/$1.csr"
	printf '%s\n' "basicConstraints = critical,CA:TRUE" "keyUsage = critical,keyCertSign,cRLSign" \
		"subjectKeyIdentifier = hash" >"$WORK/ext.cnf"
	openssl ca -batch -selfsign -config "$WORK/ca.cnf" -keyfile "$1.key" \
		-startdate "$START" -enddate "$LATER" -extfile "$WORK/ext.cnf" -notext \
		-in "$WORK/$1.csr" -out "$1.crt" 2>/dev/null
}

sign() { # name issuer CN startdate enddate san eku
	key "$1.key"
	: >"$WORK/index.txt"
	openssl rand -hex 16 >"$WORK/serial"
	openssl req -new -key "$1.key" -subj "/CN=$3" -out "$WORK/$1.csr"
	cat >"$WORK/ext.cnf" <<EXT
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = $7
${6:+subjectAltName = $6}
EXT
	openssl ca -batch -config "$WORK/ca.cnf" -cert "$2.crt" -keyfile "$2.key" \
		-startdate "$4" -enddate "$5" -extfile "$WORK/ext.cnf" -notext \
		-in "$WORK/$1.csr" -out "$1.crt" 2>/dev/null
}

# Valid from 2024 so a device whose clock lags still accepts them; until 2045.
START=20240101000000Z
LATER=20450101000000Z
SAN="DNS:localhost,IP:127.0.0.1"

ca ca "Accueil test CA"
ca other-ca "Unrelated test CA"
sign server ca localhost "$START" "$LATER" "$SAN" serverAuth
sign server-other other-ca localhost "$START" "$LATER" "$SAN" serverAuth
sign server-expired ca localhost 20200101000000Z 20200131000000Z "$SAN" serverAuth
sign server-future ca localhost 20900101000000Z 20910101000000Z "$SAN" serverAuth
sign server-wrongname ca elsewhere.invalid "$START" "$LATER" "DNS:elsewhere.invalid" serverAuth
sign client ca kiosk-test "$START" "$LATER" "" clientAuth

pin() { printf 'sha256//%s\n' "$(openssl pkey -in "$1" -pubout -outform DER | openssl dgst -sha256 -binary | base64)"; }
pin server.key >server.pin
key "$WORK/unused.key"
pin "$WORK/unused.key" >other.pin

for c in server server-other server-expired server-future server-wrongname client; do
	printf '%s: ' "$c"
	openssl x509 -in "$c.crt" -noout -enddate
done
