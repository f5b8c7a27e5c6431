#!/usr/bin/env bash
# A malformed script line fails with its file and line; a failed expectation too.
set -u
BUILD=${1:-build}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'key down\nfrobnicate 3\n' >"$dir/bad.script"
out=$("$BUILD/accueil" --script "$dir/bad.script" --out "$dir/o1" 2>&1) && { echo "bad script passed"; exit 1; }
echo "$out" | grep -q "bad.script:2: unknown command" || { echo "no file:line in: $out"; exit 1; }
printf 'wait 1s\nexpect screen home\n' >"$dir/fail.script"
out=$("$BUILD/accueil" --script "$dir/fail.script" --out "$dir/o2" 2>&1) && { echo "failed expectation passed"; exit 1; }
echo "$out" | grep -q "fail.script:2: expected screen home, but it is attract" || { echo "$out"; exit 1; }
printf 'key 12\n' >"$dir/key.script"
"$BUILD/accueil" --script "$dir/key.script" --out "$dir/o3" 2>&1 | grep -q 'key.script:1: unknown key' || exit 1
printf 'wait soon\n' >"$dir/wait.script"
"$BUILD/accueil" --script "$dir/wait.script" --out "$dir/o4" 2>&1 | grep -q 'wait.script:1: wait' || exit 1
"$BUILD/accueil" --script "$dir/none.script" --out "$dir/o5" 2>&1 | grep -q 'none.script: cannot read' || exit 1
echo ok
