#!/usr/bin/env bash
# board/flash: refuses a regular file, a partition, a disk with a mounted partition, the disk
# holding / and the disk holding swap (lsblk, findmnt and swapon answers recorded from a
# technician's laptop, so no root and no card are needed); accepts a clean whole disk (--check
# only: nothing is written to a device); writes an image to a regular file standing in for a
# card, verified by bmaptool (a wrong checksum in the map fails the write), grows the data
# partition to the card's end (the others unmoved), and prints the exact
# provisioning commands. Also the real system disk of this machine when / is on a block device.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
flash=$ROOT/board/flash
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
passed=0
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok: $*"; passed=$((passed + 1)); }
refused() { # what pattern -- flash arguments…
	local what=$1 pattern=$2 out
	shift 3
	out=$("$@" 2>&1) && fail "$what was accepted: $out"
	grep -q -- "$pattern" <<<"$out" || fail "$what: expected '$pattern', got: $out"
	ok "refused $what: $(tail -1 <<<"$out")"
}

# A small image laid out as Accueil's (boot, root A, root B, data) with known contents in the
# first two partitions, and its block map.
img=$dir/card.img
truncate -s 16M "$img"
printf 'label: dos\nlabel-id: 0x41636375\nstart=2048, size=8192, type=c\nstart=10240, size=8192, type=83\nstart=18432, size=4096, type=83\nstart=22528, size=4096, type=83\n' |
	sfdisk --quiet "$img" || fail "sfdisk"
head -c 1048576 /dev/urandom | dd of="$img" bs=1M seek=1 conv=notrunc status=none
head -c 1048576 /dev/urandom | dd of="$img" bs=1M seek=6 conv=notrunc status=none
bmaptool -q create -o "$img.bmap" "$img" || fail "bmaptool create"

# ---- refusals ----
touch "$dir/not-a-disk"
refused "a regular file" "not a block device" -- "$flash" "$img" "$dir/not-a-disk" --check
refused "a missing image" "no image" -- "$flash" "$dir/none.img" "$dir/not-a-disk" --check
refused "--root among the provisioning options" "chosen by board/flash" -- \
	"$flash" "$img" /dev/sdz --check -- --root /

# Recorded answers: sdz is a clean card, sdc a card whose partition the desktop mounted,
# sda holds / (through an LVM volume), sdb holds the swap; sdz1 is a partition.
fake=$dir/bin
mkdir -p "$fake"
cat >"$fake/lsblk" <<'LSBLK'
#!/bin/sh
case "$*" in
"-dno TYPE /dev/sdz" | "-dno TYPE /dev/sdc" | "-dno TYPE /dev/sda" | "-dno TYPE /dev/sdb") echo disk ;;
"-dno TYPE /dev/sdz1") echo part ;;
"-dno NAME /dev/"*) echo "${3#/dev/}" ;;
"-sno NAME,TYPE /dev/mapper/vg-root") printf 'vg-root lvm\n`-sda3 part\n  `-sda disk\n' ;;
"-sno NAME,TYPE /dev/sda1") printf 'sda1 part\n`-sda disk\n' ;;
"-sno NAME,TYPE /dev/sdb2") printf 'sdb2 part\n`-sdb disk\n' ;;
"-nro NAME,MOUNTPOINTS /dev/sdc") printf 'sdc \nsdc1 /media/tech/ACCUEILBOOT\nsdc4 \n' ;;
"-nro NAME,MOUNTPOINTS /dev/"*) printf '%s \n' "${3#/dev/}" ;;
*) echo "lsblk: $*: not a block device" >&2; exit 32 ;;
esac
LSBLK
cat >"$fake/findmnt" <<'FINDMNT'
#!/bin/sh
case "$*" in
"-no SOURCE /") echo /dev/mapper/vg-root ;;
"-no SOURCE /boot") echo /dev/sda1 ;;
*) exit 1 ;;
esac
FINDMNT
printf '#!/bin/sh\necho /dev/sdb2\n' >"$fake/swapon"
chmod +x "$fake"/*
recorded() { PATH=$fake:$PATH "$@"; }
refused "a partition" "not a whole disk" -- recorded "$flash" "$img" /dev/sdz1 --check
refused "a disk with a mounted partition" "mounted partitions (/dev/sdc1 on /media/tech/ACCUEILBOOT)" -- \
	recorded "$flash" "$img" /dev/sdc --check
refused "the disk holding / and /boot" "running system" -- recorded "$flash" "$img" /dev/sda --check
refused "the disk holding the swap" "running system" -- recorded "$flash" "$img" /dev/sdb --check
out=$(recorded "$flash" "$img" /dev/sdz --check 2>&1) || fail "a clean card was refused: $out"
[ "$out" = "flash: /dev/sdz can be written" ] || fail "clean card: $out"
ok "accepted a clean whole disk (--check)"

# This machine's own system disk, with the real lsblk and findmnt.
root=$(findmnt -no SOURCE / 2>/dev/null || true)
if [ -b "$root" ]; then
	disk=/dev/$(lsblk -sno NAME,TYPE "$root" | awk '$2 == "disk" {print $1}' | sed 's/^[^a-z0-9]*//' | head -1)
	refused "this machine's system disk $disk" "running system" -- "$flash" "$img" "$disk" --check
else
	echo "note: / is not on a block device here ($root): the real system-disk case is covered by the recorded one"
fi

# ---- a write to a stand-in card (a regular file), verified ----
# The image's partitions end 3 MiB before its end, as they would before a larger card's end:
# the data partition takes the rest. (bmaptool makes a stand-in file the image's size; a real
# card keeps its own.)
card=$dir/stand-in-card
head -c 33554432 /dev/zero | tr '\0' '\252' >"$card"
out=$(ACCUEIL_FLASH_TEST_FILE=$card "$flash" "$img" "$card" -- --board rpi4 --kiosk-id lobby-01 2>&1) ||
	fail "write to the stand-in: $out"
# Past the partition table (which now has a larger data partition), the card is the image.
cmp -s <(tail -c +513 "$img" | head -c 7339520) <(tail -c +513 "$card" | head -c 7339520) ||
	fail "the written card differs from the image"
parts() { sfdisk --dump "$1" | sed -n 's/^[^ ]* *: \(start=\)/\1/p'; }
[ "$(parts "$card" | head -3)" = "$(parts "$img" | head -3)" ] || fail "boot or root partitions moved: $(parts "$card")"
[ "$(parts "$card" | sed -n 4p | tr -d ' ')" = "start=22528,size=10240,type=83" ] ||
	fail "the data partition does not end at the card's end: $(parts "$card" | sed -n 4p)"
grep -q "data partition grown from 2 to 5 MiB" <<<"$out" || fail "no word of the grown data partition: $out"
ok "the data partition takes the rest of the card (2 MiB to 5 MiB), the others unmoved"
# The image's unmapped blocks are not written (bmaptool skips holes): only mapped data matters.
grep -q "Verifying\|verif\|checksum" <<<"$out" || echo "note: bmaptool printed no verification line: $out"
grep -q "mount ${card}1 /tmp/card/boot/firmware && mount ${card}4 /tmp/card/var/lib/accueil" <<<"$out" ||
	fail "no exact mount commands: $out"
grep -q -- "--root /tmp/card --board rpi4 --kiosk-id lobby-01" <<<"$out" || fail "no provisioning command: $out"
ok "wrote the image to a stand-in card, verified, and printed the provisioning commands"

# An image changed after its map was made (one byte of mapped data): bmaptool's check fails
# the write, and so does flash.
cp "$img" "$dir/other.img"
cp "$img.bmap" "$dir/other.img.bmap"
printf '\x5a' | dd of="$dir/other.img" bs=1 seek=1500000 conv=notrunc status=none
out=$(ACCUEIL_FLASH_TEST_FILE=$card "$flash" "$dir/other.img" "$card" 2>&1) &&
	fail "a write that does not match its map passed: $out"
grep -qi "checksum mismatch" <<<"$out" || fail "no checksum error: $out"
ok "a write that does not match the map's checksums fails (bmaptool: checksum mismatch)"

# No map next to the image: one is made, then the write is verified against it.
rm -f "$dir/other.img.bmap"
head -c 16777216 /dev/zero >"$card"
out=$(ACCUEIL_FLASH_TEST_FILE=$card "$flash" "$dir/other.img" "$card" 2>&1) || fail "without a map: $out"
grep -q "making one" <<<"$out" || fail "no note about the map: $out"
cmp -s <(tail -c +513 "$dir/other.img" | head -c 7339520) <(tail -c +513 "$card" | head -c 7339520) ||
	fail "the card differs (no map)"
ok "without IMAGE.bmap a map is made and the write verified against it"
echo "$passed passed, 0 failed"
