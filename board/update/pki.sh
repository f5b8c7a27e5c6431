#!/usr/bin/env bash
# Update-signing keys: EC P-256 CAs and signing certificates with the codeSigning purpose.
#
#   pki.sh ca DIR NAME              DIR/NAME.key, DIR/NAME.crt: a self-signed CA
#   pki.sh signer DIR NAME CA       DIR/NAME.key, DIR/NAME.crt: a signer issued by DIR/CA
#   pki.sh trust OUT CA.crt...      OUT: the devices' trusted-CA file (several CAs: rotation)
#
# Tests make their keys with it at test time under the build directory; no private key is
# ever committed. In production keep the CA keys offline (see docs/technician-guide.md §7).
set -euo pipefail
cmd=${1:-}
case $cmd in
ca)
	dir=$2 name=$3
	mkdir -p "$dir"
	(umask 077 && openssl ecparam -name prime256v1 -genkey -noout -out "$dir/$name.key")
	openssl req -x509 -new -key "$dir/$name.key" -subj "/CN=$name" -days 3650 -sha256 \
		-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
		-out "$dir/$name.crt" 2>/dev/null
	;;
signer)
	dir=$2 name=$3 ca=$4
	(umask 077 && openssl ecparam -name prime256v1 -genkey -noout -out "$dir/$name.key")
	openssl req -new -key "$dir/$name.key" -subj "/CN=$name" -out "$dir/$name.csr"
	printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n' \
		>"$dir/$name.ext"
	openssl x509 -req -in "$dir/$name.csr" -CA "$dir/$ca.crt" -CAkey "$dir/$ca.key" \
		-CAcreateserial -days 1825 -sha256 -extfile "$dir/$name.ext" -out "$dir/$name.crt" 2>/dev/null
	rm -f "$dir/$name.csr" "$dir/$name.ext"
	;;
trust)
	out=$2
	shift 2
	cat "$@" >"$out.tmp"
	mv "$out.tmp" "$out"
	;;
*)
	sed -n '2,10s/^# \{0,1\}//p' "$0" >&2
	exit 2
	;;
esac
