#!/usr/bin/env bash
# Signed bundles: the good one and one signed by the second trusted key (rotation) install;
# another board, a downgrade, the same version, a tampered description, a tampered image, an
# untrusted signer and a missing trust file are each refused before a byte of the slot is
# written, and the boot environment is left as it was.
. "$(dirname "$0")/lib.sh" "${1:-build}"

new_device file
blank=$(sha256sum <"$DEV/slots/rootB.img")
envsum() { cat "$DEV/state/uboot.env" "$DEV/state/uboot-redund.env" | sha256sum; }

refused() { # bundle expected-message
	local before
	before=$(envsum)
	if upd install "$FIX/$1" --no-reboot 2>"$T/err"; then fail "$1 was installed"; fi
	grep -q "$2" "$T/err" || { cat "$T/err"; fail "$1: refused without saying '$2'"; }
	expect_eq "$(sha256sum <"$DEV/slots/rootB.img")" "$blank" "$1: slot B written"
	expect_eq "$(envsum)" "$before" "$1: boot environment changed"
	expect_eq "$(envget accueil_slot)" A "$1: boot slot"
	[ ! -e "$DEV/state/trial" ] || fail "$1: left a trial"
	echo "refused $1: $(grep -v '^accueil-update' "$T/err" | head -1)"
}
step "refusals"
refused other-board.swu "HW compatibility not found"
refused downgrade.swu "No downgrading allowed"
refused same-version.swu "No reinstalling allowed"
refused tampered-description.swu "Signature verification failed"
refused tampered-image.swu "HASH mismatch"
refused untrusted.swu "Authentication of all signatures failed"
mv "$FIX/trust.pem" "$FIX/trust.pem.off"
trap 'mv "$FIX/trust.pem.off" "$FIX/trust.pem" 2>/dev/null || true' EXIT
refused good.swu "no trusted update CA"
mv "$FIX/trust.pem.off" "$FIX/trust.pem"

step "a freshly written image (no update recorded yet) refuses its own version and older"
new_device file
rm "$DEV/state/version.A"
printf 'ACCUEIL_VERSION=1.0.0\nACCUEIL_BOARD=pc\n' >"$DEV/release"
echo "RELEASE=$DEV/release" >>"$DEV/update.conf"
refused same-version.swu "No reinstalling allowed"
refused downgrade.swu "No downgrading allowed"
[[ "$(upd status)" == *"running slot A, version 1.0.0"* ]] || fail "status does not name the image's own version"
# Recorded at the first install, so that a later rollback names what runs instead.
expect_eq "$(cat "$DEV/state/version.A")" 1.0.0 "the card's own version, recorded"


step "the second trusted key installs (key rotation)"
new_device file
upd install "$FIX/second-key.swu" --no-reboot
expect_eq "$(slot_release B)" 1.2.0 "slot B after the second key's bundle"
expect_eq "$(envget accueil_slot)" B "boot slot after install"
expect_eq "$(envget upgrade_available)" 1 "trial armed"

step "the good bundle installs (first key)"
new_device file
upd install "$FIX/good.swu" --no-reboot
expect_eq "$(slot_release B)" 1.1.0 "slot B after the good bundle"
expect_eq "$(slot_release A)" 1.0.0 "slot A untouched"
cmp -s <(cd "$T" && cpio -i --quiet --to-stdout rootfs.img <"$FIX/good.swu") <(head -c 8388608 "$DEV/slots/rootB.img") ||
	fail "slot B differs from the bundle's image"

step "a Raspberry Pi bundle writes the slots by their PARTUUID, as U-Boot starts them"
desc=$(cpio -i --quiet --to-stdout sw-description <"$FIX/other-board.swu")
grep -q 'device = "/dev/disk/by-partuuid/41636375-02"' <<<"$desc" &&
	grep -q 'device = "/dev/disk/by-partuuid/41636375-03"' <<<"$desc" ||
	fail "rpi4 slot devices: $(grep device <<<"$desc" | tr -d '\t' | paste -sd' ')"
grep -q 'root=PARTUUID=41636375-0${accueil_part}' "$ROOT/board/update/uboot/boot.cmd" ||
	fail "boot.cmd no longer starts the root by PARTUUID"
echo "ok"
