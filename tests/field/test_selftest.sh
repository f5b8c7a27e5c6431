#!/usr/bin/env bash
# accueil --selftest against a real central over TLS (dev CA, pin, client certificate): a
# healthy kiosk passes; then each fault is made on purpose and the self-test must name
# exactly that check, with its reason, and exit 1. --json carries the same.
set -u
BUILD=${1:-build}
K="$BUILD/accueil"
C="$BUILD/accueil-central"
dir=$(mktemp -d)
central_pid=""
cleanup() { [ -n "$central_pid" ] && kill "$central_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

"$C" dev-ca "$dir/pki" >/dev/null || fail "dev-ca"
"$C" serve --db "$dir/central.db" --addr 127.0.0.1 --port 0 --cert "$dir/pki/server.crt" \
	--key "$dir/pki/server.key" --client-ca "$dir/pki/ca.crt" --api-key test-key \
	>"$dir/out" 2>"$dir/log" &
central_pid=$!
url=""
for _ in $(seq 1 100); do
	url=$(sed -n 's/^listening on \(https:[^ ]*\).*/\1/p' "$dir/out" | head -1)
	[ -n "$url" ] && break
	sleep 0.1
done
[ -n "$url" ] || fail "central did not start: $(cat "$dir/log")"
pin=$(openssl x509 -in "$dir/pki/server.crt" -pubkey -noout | openssl pkey -pubin -outform der |
	openssl dgst -sha256 -binary | base64)
mkdir -p "$dir/data"
: >"$dir/keypad" # stands for the keypad's device node
cat >"$dir/good.conf" <<CONF
kiosk_id = kiosk-dev
central_url = $url
api_key = test-key
ca_file = $dir/pki/ca.crt
pin_sha256 = sha256//$pin
client_cert = $dir/pki/kiosk.crt
client_key = $dir/pki/kiosk.key
data_dir = $dir/data
keypad = $dir/keypad
audio = sdl
jack = key
technician_pin = $(echo 482913 | "$K" --hash-pin)
CONF

# The healthy kiosk: exit 0, every line ok or skip, one summary line.
"$K" --selftest --config "$dir/good.conf" >"$dir/good.txt" 2>"$dir/good.err"
rc=$?
cat "$dir/good.txt"
[ $rc -eq 0 ] || fail "healthy kiosk: exit $rc"
grep -q '^FAIL' "$dir/good.txt" && fail "a check fails on a healthy kiosk"
for name in config technician-pin display fonts speech-fr speech-en audio keypad headphones printer storage \
	settings clock central client-cert ca-cert outbox; do
	grep -qE "^(ok|skip) +$name " "$dir/good.txt" || fail "no good line for $name"
done
grep -q 'pin matches, client certificate accepted' "$dir/good.txt" || fail "TLS line"
tail -1 "$dir/good.txt" | grep -qE '^self-test: [0-9]+ ok, 0 warnings, 0 failed' || fail "summary"
"$K" --selftest --json --config "$dir/good.conf" >"$dir/good.json" 2>/dev/null || fail "json exit"
grep -q '"pass":[[:space:]]*true' "$dir/good.json" || fail "json pass: $(cat "$dir/good.json")"
"$K" --version | grep -q '^accueil [0-9]' || fail "--version"

# expect_fail NAME PATTERN [env…] -- one broken thing: exit 1, that check FAIL with the reason,
# and the JSON says the same.
expect_fail() {
	local name=$1 pattern=$2 conf=$3
	shift 3
	env "$@" "$K" --selftest --config "$conf" >"$dir/t.txt" 2>/dev/null
	local rc=$?
	[ $rc -eq 1 ] || fail "$name: exit $rc: $(cat "$dir/t.txt")"
	grep -E "^FAIL +$name " "$dir/t.txt" | grep -qE "$pattern" ||
		fail "$name: expected FAIL matching '$pattern': $(cat "$dir/t.txt")"
	env "$@" "$K" --selftest --json --config "$conf" >"$dir/t.json" 2>/dev/null
	tr -d '\n\t ' <"$dir/t.json" | grep -q "\"name\":\"$name\",\"status\":\"fail\"" ||
		fail "$name: JSON: $(cat "$dir/t.json")"
	echo "broken $name: $(grep -E "^FAIL +$name " "$dir/t.txt")"
}
variant() { # NAME KEY VALUE: good.conf with KEY set to VALUE
	grep -v "^$2 =" "$dir/good.conf" >"$dir/$1.conf"
	printf '%s = %s\n' "$2" "$3" >>"$dir/$1.conf"
}

expect_fail display 'cannot open the display' "$dir/good.conf" SDL_VIDEODRIVER=nonexistent
variant font font /nonexistent/Font.ttf
expect_fail fonts '/nonexistent/Font.ttf.*fonts-dejavu-core' "$dir/font.conf"
variant espeak espeak_data /nonexistent/espeak-ng-data
expect_fail speech-fr 'espeak' "$dir/espeak.conf"
expect_fail speech-en 'espeak' "$dir/espeak.conf"
expect_fail audio 'no audio driver|no output device' "$dir/good.conf" SDL_AUDIODRIVER=nonexistent
variant keypad keypad "$dir/unplugged"
expect_fail keypad 'plug the keypad in' "$dir/keypad.conf"
variant jack jack "$dir/no-such-gpio"
expect_fail headphones 'cannot read the headphone detector' "$dir/jack.conf"
variant alsa jack "alsa:NoSuchCard:Headphone Jack"
expect_fail headphones 'no ALSA card "hw:NoSuchCard".*aplay -l' "$dir/alsa.conf"
variant storage data_dir "$dir/missing"
expect_fail storage 'not writable' "$dir/storage.conf"
chmod 0500 "$dir/data"
if ! touch "$dir/data/x" 2>/dev/null; then # root writes anywhere
	expect_fail storage 'not writable: Permission denied' "$dir/good.conf"
fi
chmod 0700 "$dir/data"
rm -f "$dir/data/x"
variant pin pin_sha256 "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
expect_fail central 'does not match pin_sha256' "$dir/pin.conf"
variant ca ca_file tests/data/pki/other-ca.crt
expect_fail central 'not signed by ca_file' "$dir/ca.conf"
variant key api_key wrong-key
expect_fail central 'api_key or the kiosk.s certificate is refused' "$dir/key.conf"
variant nocert client_cert "$dir/pki/absent.crt"
expect_fail client-cert 'absent.crt: No such file.*board/provision' "$dir/nocert.conf"
variant expired client_cert tests/data/pki/server-expired.crt
expect_fail client-cert 'expired on' "$dir/expired.conf"
# A half-written configuration: the last line cut in the middle of its key.
cp "$dir/good.conf" "$dir/half.conf"
printf 'central_u' >>"$dir/half.conf"
expect_fail config 'half.conf:[0-9]+' "$dir/half.conf"
expect_fail config 'built-in defaults' "$dir/none.conf"
variant tpin technician_pin 'pbkdf2-sha256$100000$cut'
expect_fail technician-pin 'damaged' "$dir/tpin.conf"
variant printer printer "file:$dir/missing/paper.bin"
expect_fail printer 'missing/paper.bin' "$dir/printer.conf"
# The technician's settings cut short (a power cut while writing by hand), then the PIN's
# lock-out file damaged: each named with what the kiosk does instead.
printf 'volume = 60\norientation = portr' >"$dir/data/settings.conf"
expect_fail settings 'settings.conf is damaged.*kiosk.conf' "$dir/good.conf"
rm -f "$dir/data/settings.conf"
printf 'failures = 0\n' >"$dir/data/techpin.state"
expect_fail settings 'techpin.state \(the PIN lock-out\) is damaged' "$dir/good.conf"
rm -f "$dir/data/techpin.state"
# A corrupt outbox: named, never silently replaced.
mkdir -p "$dir/baddata"
head -c 8192 /dev/urandom >"$dir/baddata/outbox.db"
variant outbox data_dir "$dir/baddata"
expect_fail outbox 'cannot open the outbox' "$dir/outbox.conf"

# No network at boot: nothing listens at the central's address any more.
kill "$central_pid"
wait "$central_pid" 2>/dev/null
central_pid=""
expect_fail central 'cannot connect: no network, or the central is down' "$dir/good.conf"

# A full disk, on a tiny tmpfs in a private mount namespace (where one can be made).
if unshare -rm true 2>/dev/null; then
	cat >"$dir/full.sh" <<INNER
set -e
mount -t tmpfs -o size=64k tmpfs "$dir/data"
head -c 60k /dev/zero >"$dir/data/fill" || true
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "$K" --selftest --config "$dir/good.conf" 2>/dev/null
INNER
	unshare -rm bash "$dir/full.sh" >"$dir/full.txt"
	rc=$?
	[ $rc -eq 1 ] || fail "full disk: exit $rc: $(cat "$dir/full.txt")"
	grep -E '^FAIL +storage ' "$dir/full.txt" | grep -qE 'disk is (nearly )?full' ||
		fail "full disk: $(cat "$dir/full.txt")"
	echo "broken storage (full): $(grep -E '^FAIL +storage ' "$dir/full.txt")"
else
	echo "no user namespace here: the full-disk case is covered by test_selftest.c only"
fi
echo ok
