#!/usr/bin/env bash
# board/update/flash refuses what is not a whole block device and the disk holding this
# machine's system. Always with --check, so nothing can be written even if a refusal broke.
set -uo pipefail
flash=$(dirname "$0")/../../board/update/flash
img=$(mktemp)
trap 'rm -f "$img"' EXIT
head -c 4096 /dev/zero >"$img"
fail() { echo "FAIL: $*"; exit 1; }
out=$("$flash" "$img" "$img" --check 2>&1) && fail "a regular file was accepted"
grep -q "not a block device" <<<"$out" || fail "$out"
root=$(findmnt -no SOURCE / 2>/dev/null)
if [ ! -b "$root" ]; then
	echo "skipped the system-disk case: / is not on a block device here ($root)"
	exit 0
fi
disk=/dev/$(lsblk -sno NAME,TYPE "$root" | awk '$2 == "disk" {print $1}' | sed 's/^[^a-z0-9]*//' | head -1)
out=$("$flash" "$img" "$disk" --check 2>&1) && fail "the system disk $disk was accepted"
grep -q "holds this machine's system" <<<"$out" || fail "$out"
echo "refused: a regular file, the system disk $disk"
