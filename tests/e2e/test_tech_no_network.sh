#!/usr/bin/env bash
# Bad input seen from technician mode (issue 10): no network at boot (the central's address
# refuses connections) and a half-written configuration line. The diagnostics screen shows and
# says both, in French and in English; the visitor-facing kiosk kept running meanwhile.
set -u
BUILD=${1:-build}
K="${ACCUEIL_BUILD:-$BUILD}/accueil"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
hash='pbkdf2-sha256$100000$EG8tUu/ODcM64rYo2vBStQ==$P35GuIRQQtRxhkrpJz4itoYM+UQywF8kyVfv8JNgx3Y='
# Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
printf 'central_url = https://127.0.0.1:9\napi_key = test-key\nidle_s = 120\ncentral_u' >"$dir/half.conf"
for lang in fr en; do
	{
		echo "technician-pin $hash"
		echo "headphones in"
		echo "wait network"
		echo "key technician"
		[ "$lang" = en ] && echo "key lang"
		printf 'key down\nkey down\nkey 1\nkey 2\nkey 3\nkey 4\nkey 5\nkey 6\nkey action\n'
		echo "expect screen tech_menu"
		printf 'key down\nkey action\n'
		echo "expect screen tech_diag"
		if [ "$lang" = fr ]; then
			echo 'expect said fr "Centrale injoignable (offline) au dernier essai"'
			echo 'expect said fr "vérifiez le réseau"'
			echo 'expect said fr "en échec"'
		else
			echo 'expect said en "Central unreachable (offline) at the last try"'
			echo 'expect said en "check the network"'
			echo 'expect said en "config: failed"'
		fi
		echo 'expect shown "half.conf:4"'
	} >"$dir/$lang.script"
	"$K" --config "$dir/half.conf" --script "$dir/$lang.script" --out "$dir/$lang" 2>"$dir/$lang.err" ||
		fail "$lang: $(grep -v ' info: ' "$dir/$lang.err" | tail -8)"
done
echo "no network and a half-written configuration named on the technician's screen"
