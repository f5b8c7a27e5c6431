# Shared by the update tests: fixtures (test PKI and bundles, made at test time under the build
# directory; no private key is committed) and an emulated pc device with file-backed slots.
#   . tests/update/lib.sh BUILD
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=$(cd "${1:-build}" && pwd)
UPD=$ROOT/board/update
T=$BUILD/update-test/$(basename "$0" .sh)
FIX=$BUILD/update-test/fixtures
rm -rf "$T"
mkdir -p "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

# A root image: an ext4 file system (no loop device: mke2fs -d) with the kiosk and its release.
make_rootfs() { # out version kiosk-binary
	local d
	d=$(mktemp -d)
	mkdir -p "$d/usr/bin" "$d/etc"
	cp "$3" "$d/usr/bin/accueil"
	echo "ACCUEIL_VERSION=$2" >"$d/etc/accueil-release"
	mke2fs -q -F -t ext4 -L root -d "$d" "$1" 8M
	rm -rf "$d"
}

# Fixtures, made once per build directory and per version of the scripts that make them.
make_fixtures() {
	local stamp sum
	sum=$(cat "$UPD/pki.sh" "$UPD/mkbundle.sh" "$UPD/sw-description.in" "$ROOT/tests/update/lib.sh" "$BUILD/accueil" | sha256sum | cut -c1-16)
	stamp=$FIX/.made-$sum
	[ -e "$stamp" ] && return 0
	rm -rf "$FIX"
	mkdir -p "$FIX/pki"
	local p=$FIX/pki
	"$UPD/pki.sh" ca "$p" ca1
	"$UPD/pki.sh" ca "$p" ca2
	"$UPD/pki.sh" ca "$p" rogue
	"$UPD/pki.sh" signer "$p" signer1 ca1
	"$UPD/pki.sh" signer "$p" signer2 ca2
	"$UPD/pki.sh" signer "$p" rogue-signer rogue
	"$UPD/pki.sh" trust "$FIX/trust.pem" "$p/ca1.crt" "$p/ca2.crt"
	printf '#!/bin/sh\necho "accueil: cannot open the display" >&2\nexit 1\n' >"$FIX/broken-accueil"
	chmod +x "$FIX/broken-accueil"
	local v
	for v in 1.0.0 1.1.0 1.2.0 1.3.0 0.9.0; do make_rootfs "$FIX/root-$v.ext4" $v "$BUILD/accueil"; done
	make_rootfs "$FIX/root-broken.ext4" 1.2.0 "$FIX/broken-accueil"
	local mk=("$UPD/mkbundle.sh" --slot-dir "$SLOTS_AT")
	b() { "${mk[@]}" "$@" >/dev/null; }
	b --board pc --version 1.1.0 --rootfs "$FIX/root-1.1.0.ext4" --key "$p/signer1.key" --cert "$p/signer1.crt" --out "$FIX/good.swu"
	b --board pc --version 1.2.0 --rootfs "$FIX/root-1.2.0.ext4" --key "$p/signer2.key" --cert "$p/signer2.crt" --out "$FIX/second-key.swu"
	b --board pc --version 1.2.0 --rootfs "$FIX/root-broken.ext4" --key "$p/signer1.key" --cert "$p/signer1.crt" --out "$FIX/unhealthy.swu"
	b --board pc --version 1.3.0 --rootfs "$FIX/root-1.3.0.ext4" --key "$p/signer1.key" --cert "$p/signer1.crt" --out "$FIX/v1.3.swu"
	b --board pc --version 0.9.0 --rootfs "$FIX/root-0.9.0.ext4" --key "$p/signer1.key" --cert "$p/signer1.crt" --out "$FIX/downgrade.swu"
	b --board pc --version 1.0.0 --rootfs "$FIX/root-1.0.0.ext4" --key "$p/signer1.key" --cert "$p/signer1.crt" --out "$FIX/same-version.swu"
	b --board rpi4 --version 1.1.0 --rootfs "$FIX/root-1.1.0.ext4" --key "$p/signer1.key" --cert "$p/signer1.crt" --out "$FIX/other-board.swu"
	b --board pc --version 1.1.0 --rootfs "$FIX/root-1.1.0.ext4" --key "$p/rogue-signer.key" --cert "$p/rogue-signer.crt" --out "$FIX/untrusted.swu"
	tamper "$FIX/good.swu" sw-description 's/version = "1.1.0"/version = "7.1.0"/' "$FIX/tampered-description.swu"
	tamper "$FIX/good.swu" rootfs.img flip "$FIX/tampered-image.swu"
	touch "$stamp"
}

# Rebuilds a bundle with one member changed after signing: sed on the description, or one
# byte flipped in the image (inside the file system's data, so the size does not change).
tamper() { # in member how out
	local d
	d=$(mktemp -d)
	(cd "$d" && cpio -i --quiet <"$1")
	if [ "$3" = flip ]; then
		printf '\x5a' | dd of="$d/$2" bs=1 seek=1048576 conv=notrunc status=none
	else
		sed -i "$3" "$d/$2"
	fi
	cmp -s "$d/$2" <(cd "$(mktemp -d)" && cpio -i --quiet --to-stdout "$2" <"$1") && fail "tamper changed nothing"
	(cd "$d" && printf 'sw-description\nsw-description.sig\nrootfs.img\n' | cpio -o -H crc --quiet) >"$4"
	rm -rf "$d"
}

# Where pc bundles made by the fixtures write: one fixed directory shared by every test device,
# each test binding its own slot directory there is not needed: tests run one at a time, and
# the fixtures' slot path is a symbolic link each test points at its own slots.
SLOTS_AT=$BUILD/update-test/slots
make_fixtures

# An emulated pc: slot files A (holding version 1.0.0) and B (blank), a file-backed U-Boot
# environment, the emulated boot loader, and accueil-update configured for them.
new_device() { # backend (file or tryboot)
	local dev=$T/dev
	rm -rf "$dev"
	mkdir -p "$dev/slots" "$dev/state" "$dev/boot"
	cp "$FIX/root-1.0.0.ext4" "$dev/slots/rootA.img"
	head -c 8388608 /dev/zero | tr '\0' '\377' >"$dev/slots/rootB.img"
	ln -sfn "$dev/slots" "$SLOTS_AT"
	echo 1.0.0 >"$dev/state/version.A"
	cat >"$dev/update.conf" <<CONF
BOARD=pc
BACKEND=$1
TRUST=$FIX/trust.pem
STATE_DIR=$dev/state
CMDLINE=$dev/cmdline
HEALTH_CMD="$ROOT/tests/update/slot-health.sh $dev"
HEALTH_TIMEOUT=60
REBOOT_CMD="touch $dev/reboot-requested"
BOOT_DIR=$dev/boot
TRYBOOT_FLAG=$dev/tryboot-flag
TRYBOOT_REBOOT_CMD="touch $dev/reboot-requested $dev/tryboot-request"
CONF
	export ACCUEIL_UPDATE_CONF=$dev/update.conf DEV=$dev
	if [ "$1" = tryboot ]; then
		printf '[all]\ntryboot_a_b=1\nboot_partition=2\n' >"$dev/boot/autoboot.txt"
	fi
	upd init >/dev/null
	boot
}
upd() { "$UPD/accueil-update" "$@"; }
boot() { # one power-on: the emulated boot loader picks the slot
	rm -f "$DEV/reboot-requested"
	if grep -q '^BACKEND=tryboot' "$DEV/update.conf"; then
		"$ROOT/tests/update/bootloader.sh" tryboot "$DEV/boot" "$DEV/tryboot-request" "$DEV/tryboot-flag" "$DEV/cmdline"
	else
		"$ROOT/tests/update/bootloader.sh" uboot "$DEV/state/fw_env.config" "$DEV/cmdline"
	fi
}
booted() { sed -n 's/.*accueil\.slot=\([AB]\).*/\1/p' "$DEV/cmdline"; }
envget() { fw_printenv -c "$DEV/state/fw_env.config" -n "$1" 2>/dev/null || true; }
slot_release() { # slot: the version inside the slot's file system
	debugfs -R "cat /etc/accueil-release" "$DEV/slots/root$1.img" 2>/dev/null | sed -n 's/^ACCUEIL_VERSION=//p'
}
expect_eq() { [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; }
