#!/usr/bin/env bash
# The technician PIN's lock-out outlives a restart (issue 10): five wrong PINs lock technician
# mode; the kiosk started again on the same data directory still refuses the right PIN and says
# how long to wait; a damaged lock-out file is named in the log and locks as a precaution.
set -u
BUILD=${1:-build}
K="${ACCUEIL_BUILD:-$BUILD}/accueil"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# PIN 123456 in its stored form
hash='pbkdf2-sha256$100000$EG8tUu/ODcM64rYo2vBStQ==$P35GuIRQQtRxhkrpJz4itoYM+UQywF8kyVfv8JNgx3Y='
{
	echo "technician-pin $hash"
	echo "headphones in"
	echo "key technician"
	echo "expect screen tech_pin"
	printf 'key down\nkey down\n' # the PIN field
	for i in 1 2 3 4 5; do
		printf 'key 6\nkey 5\nkey 4\nkey 3\nkey 2\nkey 1\nkey action\n'
	done
	echo 'expect said fr "réessayez dans 30 secondes."'
} >"$dir/wrong.script"
"$K" --script "$dir/wrong.script" --out "$dir/run" 2>"$dir/e1" || fail "five wrong PINs: $(tail -5 "$dir/e1")"
grep -q '^failures = 5$' "$dir/run/data/techpin.state" || fail "lock-out not kept: $(cat "$dir/run/data/techpin.state")"

# Started again: the right PIN is refused while the lock lasts, in either language.
{
	echo "technician-pin $hash"
	echo "headphones in"
	echo "key technician"
	printf 'key down\nkey down\n'
	printf 'key 1\nkey 2\nkey 3\nkey 4\nkey 5\nkey 6\nkey action\n'
	echo "expect screen tech_pin"
	echo 'expect said fr "réessayez dans"'
	echo 'expect shown "Trop d’essais"'
} >"$dir/right.script"
"$K" --script "$dir/right.script" --out "$dir/run" 2>"$dir/e2" || fail "restart reset the lock-out: $(tail -5 "$dir/e2")"
grep -q 'lock-out of the last run continues' "$dir/e2" || fail "no log of the kept lock-out"

# A damaged (half-written) file: named, and locked rather than reset.
head -c 40 "$dir/run/data/techpin.state" >"$dir/cut" && mv "$dir/cut" "$dir/run/data/techpin.state"
"$K" --script "$dir/right.script" --out "$dir/run" 2>"$dir/e3" || fail "damaged file reset the lock-out: $(tail -5 "$dir/e3")"
grep -q 'techpin.state cannot be read.*locked for 30 s' "$dir/e3" || fail "damaged file message: $(cat "$dir/e3")"
echo "lock-out kept across restarts"
