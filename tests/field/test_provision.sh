#!/usr/bin/env bash
# board/provision into a scratch root: settings on the boot partition, secrets 0600 on the
# data partition, the key pair made in place with only a CSR to sign, the PIN stored hashed;
# every bad setting refused with its message and nothing written; and the provisioned kiosk's
# self-test reads it all back once the CSR is signed.
set -u
BUILD=${1:-build}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export ACCUEIL_BIN=$BUILD/accueil
"$BUILD/accueil-central" dev-ca "$dir/pki" >/dev/null || fail "dev-ca"
pin="sha256//$(openssl x509 -in "$dir/pki/server.crt" -pubkey -noout |
	openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)"
args=(--root "$dir/root" --data "$dir/data" --board rpi4 --kiosk-id lobby-01
	--site "100 Queen St W, Toronto" --central-url https://127.0.0.1:8443/ --api-key k3y-for-tests
	--ca "$dir/pki/ca.crt" --pin "$pin")

printf '482913\n482913\n' | board/provision "${args[@]}" >"$dir/out" 2>&1 || fail "provision: $(cat "$dir/out")"
conf=$dir/root/boot/firmware/accueil/kiosk.conf
[ -f "$conf" ] && [ -L "$dir/root/etc/accueil/kiosk.conf" ] || fail "kiosk.conf"
grep -qx 'kiosk_id = lobby-01' "$conf" && grep -qx 'jack = gpio:gpiochip0:26:active-low' "$conf" ||
	fail "settings: $(cat "$conf")"
grep -q 'api_key\|technician_pin\|482913' "$conf" && fail "a secret on the boot partition"
[ "$(stat -c %a "$dir/data/secrets.conf")" = 600 ] || fail "secrets.conf mode"
[ "$(stat -c %a "$dir/data/kiosk.key")" = 600 ] || fail "kiosk.key mode"
[ "$(stat -c %a "$dir/data")" = 700 ] || fail "data dir mode"
grep -q '^technician_pin = pbkdf2-sha256\$100000\$' "$dir/data/secrets.conf" || fail "PIN form"
grep -rq 482913 "$dir/root" "$dir/data" && fail "the PIN in clear somewhere"
openssl req -in "$dir/data/kiosk.csr" -noout -verify 2>/dev/null || fail "CSR does not verify"
openssl req -in "$dir/data/kiosk.csr" -noout -subject | grep -q 'CN *= *lobby-01' || fail "CSR subject"
grep -q 'PRIVATE' "$dir/data/kiosk.csr" && fail "the key in the CSR"
cp "$dir/data/kiosk.key" "$dir/key.before"

# The agency signs the CSR; the kiosk's self-test reads the provisioned files.
printf 'extendedKeyUsage=clientAuth\n' >"$dir/ext"
openssl x509 -req -in "$dir/data/kiosk.csr" -CA "$dir/pki/ca.crt" -CAkey "$dir/pki/ca.key" \
	-CAcreateserial -days 365 -extfile "$dir/ext" -out "$dir/data/kiosk.crt" 2>/dev/null || fail "sign"
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "$BUILD/accueil" --selftest \
	--config "$dir/root/etc/accueil/kiosk.conf" >"$dir/st" 2>/dev/null
for name in config technician-pin client-cert ca-cert storage; do
	grep -qE "^ok +$name " "$dir/st" || fail "self-test $name: $(cat "$dir/st")"
done

# Provisioning again keeps the key the certificate was issued for.
printf '482913\n482913\n' | board/provision "${args[@]}" >/dev/null 2>&1 || fail "again"
cmp -s "$dir/key.before" "$dir/data/kiosk.key" || fail "the key pair was replaced"

# Bad settings: refused with their message, nothing written.
bad() { # PATTERN STDIN ARG=VALUE…
	local pattern=$1 input=$2
	shift 2
	local a=("${args[@]}")
	a[1]=$dir/bad-root
	a[3]=$dir/bad-data
	while [ $# -gt 0 ]; do
		for i in "${!a[@]}"; do [ "${a[$i]}" = "$1" ] && a[$((i + 1))]=$2; done
		shift 2
	done
	printf '%b' "$input" | board/provision "${a[@]}" >"$dir/bad" 2>&1 && fail "accepted: $pattern"
	grep -q -e "$pattern" "$dir/bad" || fail "message for $pattern: $(cat "$dir/bad")"
	[ -e "$dir/bad-root" ] || [ -e "$dir/bad-data" ] && fail "written despite: $pattern"
	echo "refused: $(tail -1 "$dir/bad")"
}
ok='482913\n482913\n'
bad '--board must be' "$ok" --board rpi5
bad '--kiosk-id' "$ok" --kiosk-id 'lobby 01'
bad '--central-url must be https' "$ok" --central-url http://central.example.ca/
bad '--api-key' "$ok" --api-key short
bad 'cannot read it' "$ok" --ca "$dir/none.crt"
bad 'is not a PEM certificate' "$ok" --ca "$dir/data/kiosk.csr"
bad '--pin must be' "$ok" --pin sha256//short
bad 'the two PINs differ' '482913\n482914\n'
bad '6 to 12 digits' '4829\n4829\n'
bad 'no technician PIN' ''
echo ok
