#!/usr/bin/env bash
# The U-Boot backend with the paths of a real device: /etc/accueil/update.conf and
# /etc/fw_env.config (libubootenv's fixed path). The host's /etc is not touched: the test runs
# in a private mount namespace with an overlay on /etc (unshare -m). Skipped (77) where
# namespaces or overlays are not allowed.
. "$(dirname "$0")/lib.sh" "${1:-build}"
if [ "${IN_NS:-}" != 1 ]; then
	if ! unshare -m true 2>/dev/null; then
		echo "skipped: unshare -m is not allowed here (needs root or user namespaces)"
		exit 77
	fi
	ov=$BUILD/update-test/etc-overlay
	rm -rf "$ov"
	mkdir -p "$ov/upper" "$ov/work"
	# shellcheck disable=SC2016
	exec unshare -m bash -c 'mount --make-rprivate / &&
		mount -t overlay overlay -o "lowerdir=/etc,upperdir=$1/upper,workdir=$1/work" /etc ||
		{ echo "skipped: no overlay on /etc here"; exit 77; }
		IN_NS=1 exec bash "$2" "$3"' ns "$ov" "$0" "$BUILD"
fi
new_device file
cp "$DEV/state/fw_env.config" /etc/fw_env.config
mkdir -p /etc/accueil
cp "$FIX/trust.pem" /etc/accueil/update-trust.pem
grep -v -e '^BACKEND=' -e '^TRUST=' "$DEV/update.conf" >/etc/accueil/update.conf
echo BACKEND=uboot >>/etc/accueil/update.conf
unset ACCUEIL_UPDATE_CONF
boot_etc() { rm -f "$DEV/reboot-requested"; "$ROOT/tests/update/bootloader.sh" uboot /etc/fw_env.config "$DEV/cmdline"; }
upd install "$FIX/good.swu"
upd status >"$T/status"
grep -q "U-Boot environment (/etc/fw_env.config)" "$T/status" || fail "status: $(cat "$T/status")"
boot_etc
expect_eq "$(booted)" B "boot after install"
upd boot-check
expect_eq "$(fw_printenv -n upgrade_available)" 0 "committed through /etc/fw_env.config"
expect_eq "$(fw_printenv -n accueil_slot)" B "boot slot through /etc/fw_env.config"
echo ok
