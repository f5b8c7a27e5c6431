#!/usr/bin/env bash
# Emulated boot loaders for the update tests (a pc has none, and tests boot no board).
# One call is one boot: it applies the boot loader's own slot logic and writes the kernel
# command line (accueil.slot=A|B) that accueil-update reads.
#
#   bootloader.sh uboot FW_ENV_CONFIG CMDLINE
#     U-Boot running board/update/uboot/boot.cmd: when upgrade_available=1 each boot
#     increments bootcount and saves the environment; past bootlimit it boots accueil_prev,
#     records accueil_bad and clears the trial. An unreadable environment (both copies bad)
#     gives U-Boot's default one, where the script starts slot A. (tests/image/check_image.sh
#     runs the real script in Debian's U-Boot under QEMU.)
#   bootloader.sh tryboot BOOT_DIR REQUEST_FILE FLAG_FILE CMDLINE
#     Raspberry Pi firmware: if REQUEST_FILE exists (reboot '0 tryboot'), it is consumed and
#     the [tryboot] boot_partition of autoboot.txt boots, with FLAG_FILE = 1 (the device tree's
#     chosen/bootloader/tryboot); otherwise [all]'s, with FLAG_FILE = 0.
set -euo pipefail
mode=$1
shift
case $mode in
uboot)
	cfg=$1 cmdline=$2
	get() { fw_printenv -c "$cfg" -n "$1" 2>/dev/null || true; }
	slot=$(get accueil_slot)
	[ "$slot" = B ] || slot=A
	if [ "$(get upgrade_available)" = 1 ]; then
		count=$(get bootcount)
		count=$((${count:-0} + 1))
		limit=$(get bootlimit)
		if [ "$count" -gt "${limit:-3}" ]; then
			bad=$slot
			[ "$(get accueil_prev)" = B ] && slot=B || slot=A
			printf 'accueil_slot=%s\naccueil_prev=\nupgrade_available=0\nbootcount=0\naccueil_bad=%s\n' "$slot" "$bad" >"$cfg.boot"
		else
			printf 'bootcount=%s\n' "$count" >"$cfg.boot"
		fi
		fw_setenv -c "$cfg" -s "$cfg.boot"
		rm -f "$cfg.boot"
	fi
	echo "BOOT_IMAGE=/vmlinuz root=slot$slot accueil.slot=$slot" >"$cmdline"
	;;
tryboot)
	boot=$1 request=$2 flag=$3 cmdline=$4
	section=all
	if [ -e "$request" ]; then
		rm -f "$request"
		section=tryboot
	fi
	part=$(awk -v s="[$section]" '/^\[/ {in_s = ($0 == s)} in_s && /^boot_partition=/ {sub(/.*=/, ""); p = $0} END {print p}' "$boot/autoboot.txt" 2>/dev/null)
	case ${part:-2} in 3) slot=B ;; *) slot=A ;; esac
	if [ $section = tryboot ]; then printf '\001' >"$flag"; else printf '\000' >"$flag"; fi
	echo "accueil.slot=$slot" >"$cmdline"
	;;
*) echo "bootloader.sh: unknown mode $mode" >&2; exit 2 ;;
esac
