# Slot backend for pc and the tests: a U-Boot environment kept in two files (redundant, so a
# power cut mid-write leaves the old copy valid) next to the slot files; the boot loader's
# counter logic is emulated (tests/update/bootloader.sh), since a pc has no U-Boot.
FW_ENV_CONFIG=${FW_ENV_CONFIG:-$STATE_DIR/fw_env.config}
FW_ENV_DEFAULT=${FW_ENV_DEFAULT:-$STATE_DIR/default.env}
. "$UPDATE_DIR/backends/uboot.sh"

backend_init() { # creates the environment when missing: slot A, boot limit 3
	[ -f "$FW_ENV_CONFIG" ] && return 0
	mkdir -p "$STATE_DIR"
	local e
	for e in uboot.env uboot-redund.env; do
		head -c 16384 /dev/zero | tr '\0' '\377' >"$STATE_DIR/$e"
	done
	printf '%s 0x0 0x4000\n%s 0x0 0x4000\n' "$STATE_DIR/uboot.env" "$STATE_DIR/uboot-redund.env" >"$FW_ENV_CONFIG"
	# A blank environment has no valid copy yet: the defaults are given as the default
	# environment (-f) as well as written (-s).
	printf 'accueil_slot=A\nupgrade_available=0\nbootcount=0\nbootlimit=%s\n' "${BOOTLIMIT:-3}" >"$STATE_DIR/default.env"
	fw_setenv -c "$FW_ENV_CONFIG" -f "$STATE_DIR/default.env" -s "$STATE_DIR/default.env" 2>/dev/null
}
