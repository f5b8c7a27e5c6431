#!/usr/bin/env bash
# tests/image/check_image.sh IMAGE BOARD: checks a device image made by `make image` without
# loop devices, mounts or root: the partition table (sfdisk -J), the boot partition (mtools,
# reading the image at the partition's offset), the root slots and the data partition
# (debugfs on copies of their byte ranges). Then, when qemu-system is installed, two runs
# under emulation (otherwise skipped with the reason):
#   - the image's U-Boot, boot script and environment on QEMU's Raspberry Pi 3 machine: slot A
#     starts; an update's trial of slot B (armed by accueil-update's own backend) starts B,
#     counts its starts and, never committed, goes back to A by itself; committed, B stays;
#   - root A's own kernel and initramfs on QEMU's generic "virt" machine, until the kiosk's
#     readiness (systemd's "Started accueil.service" once the kiosk sent READY=1). Run by `make image-test BOARD=…`
# (not by `make test`: the image takes minutes to build). Ends with "N passed, N failed".
set -uo pipefail
root_dir=$(cd "$(dirname "$0")/../.." && pwd)
img=${1:?usage: check_image.sh IMAGE BOARD} board=${2:?usage: check_image.sh IMAGE BOARD}
case $board in
rpi4) machine=183 elfclass=2 dtb=bcm2711-rpi-4-b.dtb fw="start4.elf fixup4.dat" triplet=aarch64-linux-gnu
	ld=/lib/ld-linux-aarch64.so.1 qemu=qemu-system-aarch64 pi_machine=raspi3b ;;
rpi3) machine=40 elfclass=1 dtb=bcm2837-rpi-3-b.dtb fw="bootcode.bin start.elf fixup.dat" triplet=arm-linux-gnueabihf
	ld=/lib/ld-linux-armhf.so.3 qemu=qemu-system-arm pi_machine="" ;;
*) echo "check_image: BOARD must be rpi4 or rpi3" >&2; exit 2 ;;
esac
[ -f "$img" ] || { echo "check_image: no image $img (make image BOARD=$board)" >&2; exit 2; }
t=$(mktemp -d "${TMPDIR:-/tmp}/accueil-image-test.XXXXXX")
trap 'rm -rf "$t"' EXIT
passed=0 failed=0 skipped=0
pass() { printf 'ok   %s\n' "$1"; passed=$((passed + 1)); }
skip() { printf 'skip %s\n' "$1"; skipped=$((skipped + 1)); }
fail() { printf 'FAIL %s\n' "$1"; failed=$((failed + 1)); }
check() { # name command…: one check
	local name=$1
	shift
	if "$@" >"$t/out" 2>&1; then pass "$name"; else fail "$name: $(head -c 600 "$t/out")"; fi
}
start_time=$(date +%s)

# ---- the partition table ----
sfdisk -J "$img" >"$t/table.json" 2>"$t/err" || { fail "sfdisk cannot read a table: $(cat "$t/err")"; }
py_table() { python3 - "$t/table.json" "$(stat -c %s "$img")" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["partitiontable"]
size = int(sys.argv[2]) // 512
p = t["partitions"]
errs = []
if t["label"] != "dos": errs.append("label %s, not dos" % t["label"])
if t["id"].lower() != "0x41636375": errs.append("disk identifier %s, not 0x41636375" % t["id"])
if len(p) != 4: errs.append("%d partitions, not 4" % len(p))
else:
    types = [x["type"] for x in p]
    if types != ["c", "83", "83", "83"]: errs.append("types %s, not c 83 83 83" % types)
    for i, x in enumerate(p):
        if x["start"] % 2048: errs.append("partition %d starts at sector %d, not on a MiB" % (i + 1, x["start"]))
        if x["size"] % 2048: errs.append("partition %d is not a whole number of MiB" % (i + 1))
        if i and x["start"] < p[i - 1]["start"] + p[i - 1]["size"]: errs.append("partition %d overlaps" % (i + 1))
    if p[-1]["start"] + p[-1]["size"] > size: errs.append("the last partition ends after the image")
    if p[0]["size"] < 128 * 2048: errs.append("boot is under 128 MiB")
    if p[1]["size"] != p[2]["size"]: errs.append("root A and root B differ in size")
    if p[3]["size"] < 64 * 2048: errs.append("data is under 64 MiB")
    for x in p: print(x["start"], x["size"])
print("\n".join("ERR " + e for e in errs))
sys.exit(1 if errs else 0)
PY
}
if py_table >"$t/parts" 2>&1; then
	pass "partition table: dos 0x41636375, four partitions (vfat, ext4 root A and B of one size, data), MiB-aligned"
else
	fail "partition table: $(grep ERR "$t/parts" | tr '\n' ' ')"
fi
mapfile -t parts < <(grep -E '^[0-9]+ [0-9]+$' "$t/parts")
[ ${#parts[@]} -eq 4 ] || { echo "$passed passed, $((failed + 1)) failed"; exit 1; }
start() { echo "${parts[$1 - 1]% *}"; }
size() { echo "${parts[$1 - 1]#* }"; }
sfdisk --dump "$img" | grep -q 'label-id: 0x41636375' && pass "sfdisk --dump names the disk 0x41636375" ||
	fail "sfdisk --dump: $(sfdisk --dump "$img" 2>&1 | head -3)"
apparent=$(stat -c %s "$img") written=$(($(stat -c %b "$img") * 512))
[ "$written" -lt "$apparent" ] && pass "the image is sparse ($((written >> 20)) MiB written of $((apparent >> 20)) MiB)" ||
	fail "the image is not sparse ($written of $apparent bytes)"
if [ -f "$img.bmap" ] && grep -q "<ImageSize> *$apparent *</ImageSize>" "$img.bmap"; then
	pass "block map $img.bmap for this image"
else
	fail "no block map for this image ($img.bmap)"
fi

# ---- the boot partition (mtools reads at an offset: no loop device) ----
boot="$img@@$(($(start 1) * 512))"
mdir -i "$boot" -b ::/ >"$t/bootfiles" 2>"$t/err" || fail "mdir: $(cat "$t/err")"
bootfile() { grep -qx "::/$1" "$t/bootfiles"; }
check "boot partition is FAT, labelled ACCUEILBOOT" sh -c "minfo -i '$boot' :: | grep -q 'label=\"ACCUEILBOOT'"
missing=""
for f in config.txt $fw $dtb u-boot.bin boot.scr uboot.env; do bootfile "$f" || missing="$missing $f"; done
[ -z "$missing" ] && pass "boot partition holds the firmware ($fw), $dtb, config.txt, U-Boot, its script and environment" ||
	fail "boot partition lacks:$missing"
leftover=$(grep -E '^::/(cmdline\.txt|vmlinuz|initrd\.img|uboot-redund\.env)' "$t/bootfiles" | paste -sd' ')
[ -z "$leftover" ] && pass "no kernel, initramfs or cmdline.txt on the boot partition (each slot carries its own)" ||
	fail "boot partition still holds: $leftover"
mtype -i "$boot" ::/config.txt >"$t/config" 2>&1
grep -qx "kernel=u-boot.bin" <(tr -d '\r' <"$t/config") && pass "config.txt starts U-Boot (kernel=u-boot.bin)" ||
	fail "config.txt does not start U-Boot: $(grep -i kernel "$t/config")"
mcopy -i "$boot" ::/boot.scr "$t/boot.scr" 2>/dev/null
if dumpimage -l "$t/boot.scr" 2>&1 | grep -q 'Script'; then
	# The script's text: after the 64-byte image header and its 8-byte length list.
	tail -c +73 "$t/boot.scr" >"$t/boot.txt"
	if grep -q 'root=PARTUUID=41636375-0${accueil_part} accueil.slot=${accueil_slot}' "$t/boot.txt" &&
		grep -q 'rootfstype=ext4 ro rootwait' "$t/boot.txt" && grep -q 'panic=10' "$t/boot.txt" &&
		grep -q "^setenv initrd_high $([ "$board" = rpi4 ] && echo ffffffffffffffff || echo ffffffff)\$" "$t/boot.txt" &&
		! grep -q '@[A-Z]*@' "$t/boot.txt"; then
		pass "boot.scr is a U-Boot script starting the slot's root read-only with accueil.slot, restarting on a panic"
	else
		fail "boot.scr: $(grep -a 'bootargs' "$t/boot.txt" | head -2)"
	fi
else
	fail "boot.scr is not a U-Boot script: $(dumpimage -l "$t/boot.scr" 2>&1 | head -2)"
fi
mcopy -i "$boot" ::/uboot.env "$t/uboot.env" 2>/dev/null
echo "$t/uboot.env 0x0 0x4000" >"$t/fw_env.config"
envget() { fw_printenv -c "$t/fw_env.config" -n "$1" 2>/dev/null; }
if [ "$(envget accueil_slot)" = A ] && [ "$(envget upgrade_available)" = 0 ] && [ -n "$(envget bootcmd)" ]; then
	pass "uboot.env: a valid 16 KiB environment, slot A, no trial, bootcmd=$(envget bootcmd | cut -c1-40)…"
else
	fail "uboot.env is not a valid environment with accueil_slot=A and a bootcmd"
fi
want64=$([ "$board" = rpi4 ] && echo 1 || echo 0)
grep -qx "arm_64bit=$want64" <(tr -d '\r' <"$t/config") && pass "config.txt: arm_64bit=$want64" ||
	fail "config.txt: no arm_64bit=$want64"

# ---- the root slots and the data partition: debugfs on copies (sparse) of their ranges ----
part_copy() { # N file
	dd if="$img" of="$2" bs=1M skip=$(($(start "$1") / 2048)) count=$(($(size "$1") / 2048)) \
		conv=sparse status=none
}
part_copy 2 "$t/rootA"
part_copy 3 "$t/rootB"
part_copy 4 "$t/data"
A=$t/rootA
dbg() { debugfs -R "$1" "$A" 2>/dev/null; }
exists() { debugfs -R "stat $1" "$A" 2>&1 | grep -q '^Inode:'; }
target() { debugfs -R "stat $1" "$A" 2>/dev/null | sed -n 's/^Fast link dest: "\(.*\)"/\1/p'; }
cat_file() { dbg "cat $1"; }
check "root A is ext4, labelled accueil-root" sh -c "dumpe2fs -h '$A' 2>/dev/null | grep -q 'volume name: *accueil-root'"
if cmp -s "$t/rootA" "$t/rootB"; then pass "root B is identical to root A"; else fail "root B differs from root A"; fi

dbg "dump /usr/bin/accueil $t/accueil" >/dev/null
if [ -s "$t/accueil" ]; then
	hdr=$(od -An -tu1 -j4 -N1 "$t/accueil" | tr -d ' ')-$(od -An -tu2 -j18 -N2 "$t/accueil" | tr -d ' ')
	if [ "$(head -c4 "$t/accueil" | od -An -c | tr -d ' ')" = '177ELF' ] && [ "$hdr" = "$elfclass-$machine" ]; then
		pass "/usr/bin/accueil is an ELF for $board (class $elfclass, machine $machine)"
	else
		fail "/usr/bin/accueil is not an ELF for $board (class-machine $hdr)"
	fi
	exists "$ld" && pass "its interpreter $ld is there" || fail "no $ld in the root"
	missing=""
	for lib in $(readelf -d "$t/accueil" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		exists "/usr/lib/$triplet/$lib" || exists "/lib/$triplet/$lib" || missing="$missing $lib"
	done
	[ -z "$missing" ] && pass "every library the kiosk needs is in the root" || fail "libraries missing:$missing"
else
	fail "no /usr/bin/accueil in root A"
fi
units=/etc/systemd/system
for u in accueil.service accueil-update-check.service; do
	l=$(target "$units/multi-user.target.wants/$u")
	[ -n "$l" ] && exists "$l" && pass "$u is enabled (multi-user.target.wants -> $l)" || fail "$u is not enabled"
done
cat_file "$units/accueil.service" >"$t/unit"
if grep -q '^Type=notify' "$t/unit" && grep -q '^ExecStart=/usr/bin/accueil ' "$t/unit" &&
	! grep -qE '^(After|Wants|Requires|BindsTo)=.*network-online' "$t/unit"; then
	pass "accueil.service: Type=notify, runs /usr/bin/accueil, waits for no network"
else
	fail "accueil.service: $(grep -E '^(Type|ExecStart|After|Wants)=' "$t/unit" | tr '\n' ' ')"
fi
[ "$(target "$units/systemd-networkd-wait-online.service")" = /dev/null ] &&
	pass "systemd-networkd-wait-online is masked (nothing waits for the network)" ||
	fail "systemd-networkd-wait-online is not masked"
[ -z "$(target "$units/multi-user.target.wants/NetworkManager-wait-online.service")" ] ||
	fail "NetworkManager-wait-online is enabled"
[ "$(target "$units/swupdate.service")" = /dev/null ] && [ "$(target "$units/swupdate.socket")" = /dev/null ] &&
	[ -z "$(target "$units/multi-user.target.wants/swupdate.service")" ] &&
	pass "SWUpdate's daemon and socket are masked (accueil-update runs swupdate -i once per install)" ||
	fail "Debian's swupdate daemon or socket is enabled"
cat_file /etc/fstab >"$t/fstab"
if awk '$2 == "/" && $3 == "ext4" && $4 ~ /(^|,)ro(,|$)/ {r=1} $1 == "LABEL=accueil-data" && $2 == "/var/lib/accueil" && $4 ~ /(^|,)rw(,|$)/ {d=1}
	$1 == "LABEL=accueil-data" && $4 ~ /x-systemd.growfs/ {g=1}
	$1 == "tmpfs" && $2 == "/tmp" {tm=1} $1 == "tmpfs" && $2 == "/var/log" {l=1} END {exit !(r && d && g && tm && l)}' "$t/fstab"; then
	pass "fstab: root read-only, data partition rw at /var/lib/accueil (grown to its partition), tmpfs for /tmp and /var/log"
else
	fail "fstab: $(grep -v '^#' "$t/fstab" | tr '\n' '|')"
fi
[ "$(target /sbin/init)" = /lib/systemd/systemd ] || [ "$(target /usr/sbin/init)" = /lib/systemd/systemd ] ||
	exists /sbin/init && pass "systemd is the init" || fail "no /sbin/init"
missing=""
for f in /usr/bin/swupdate /usr/bin/fw_printenv /usr/bin/fw_setenv /etc/fw_env.config /etc/accueil/update.conf \
	/etc/accueil/update-trust.pem /usr/lib/accueil/update/accueil-update /usr/lib/accueil/update/health.sh \
	/usr/bin/accueil-update /usr/sbin/accueil-provision /usr/lib/accueil/board/$board/kiosk.conf \
	/etc/accueil/board.env /etc/accueil-release; do
	exists "$f" || missing="$missing $f"
done
[ -z "$missing" ] && pass "SWUpdate, libubootenv's tools, accueil-update with its configuration and trusted CAs, provisioning" ||
	fail "missing:$missing"
grep -q "^BOARD=$board$" <(cat_file /etc/accueil/update.conf) && pass "update.conf is for $board" ||
	fail "update.conf: $(cat_file /etc/accueil/update.conf | tr '\n' ' ')"
[ "$(target /etc/accueil/kiosk.conf)" = ../../boot/firmware/accueil/kiosk.conf ] &&
	pass "/etc/accueil/kiosk.conf links to the boot partition's kiosk.conf" || fail "/etc/accueil/kiosk.conf link"
grep -q '^accueil:x:900:900:' <(cat_file /etc/passwd) && grep -q '^render:' <(cat_file /etc/group) &&
	[ "$(cat_file /etc/group | awk -F: '$4 ~ /(^|,)accueil(,|$)/ {print $1}' | sort | paste -sd' ')" = "audio input lp render video" ] &&
	pass "user accueil (900) in audio, input, lp, render, video" ||
	fail "user accueil: $(cat_file /etc/passwd | grep accueil) / groups: $(cat_file /etc/group | grep accueil | cut -d: -f1 | paste -sd' ')"
[ "$(cat_file /etc/machine-id | wc -c)" -eq 0 ] && pass "machine-id empty (made at boot on a read-only root)" ||
	fail "machine-id is not empty"
vml=$(target /vmlinuz) ird=$(target /initrd.img)
kver=${vml#boot/vmlinuz-}
if [ -n "$vml" ] && exists "/$vml" && [ "$ird" = "boot/initrd.img-$kver" ] && exists "/$ird"; then
	pass "root A carries its kernel and initramfs: /vmlinuz -> $vml, /initrd.img -> $ird"
else
	fail "root A's /vmlinuz ('$vml') or /initrd.img ('$ird') is missing"
fi
exists "/lib/modules/$kver/modules.dep" && pass "the root has its kernel's modules ($kver)" ||
	fail "no /lib/modules/$kver/modules.dep in the root"
cat_file /etc/fw_env.config >"$t/fwcfg"
if [ "$(grep -v '^#' "$t/fwcfg" | awk 'NF' | tr -s ' \t' ' ')" = "/boot/firmware/uboot.env 0x0000 0x4000" ] &&
	grep -q '^bootcmd=load mmc 0:1' <(cat_file /etc/u-boot-initial-env); then
	pass "fw_env.config: U-Boot's one 16 KiB copy on the boot partition; fw_setenv's default is the image's whole environment"
else
	fail "fw_env.config: $(tr '\n' '|' <"$t/fwcfg") or /etc/u-boot-initial-env"
fi

grep -qx 'RuntimeWatchdogSec=14s' <(cat_file /etc/systemd/system.conf.d/accueil-watchdog.conf) &&
	pass "systemd feeds the hardware watchdog (a hung system restarts, and a trial's start is counted)" ||
	fail "no hardware watchdog configuration for systemd"

# The data partition: ext4, empty (lost+found only), owned by the kiosk's user, mode 0700.
D=$t/data
check "data is ext4, labelled accueil-data" sh -c "dumpe2fs -h '$D' 2>/dev/null | grep -q 'volume name: *accueil-data'"
entries=$(debugfs -R "ls -p /" "$D" 2>/dev/null | awk -F/ 'NF > 5 && $6 != "." && $6 != ".." {print $6}' | paste -sd' ')
[ "$entries" = lost+found ] && pass "data partition is empty (lost+found only)" || fail "data partition holds: $entries"
own=$(debugfs -R "stat /" "$D" 2>/dev/null | sed -n 's/.*Mode: *\([0-7]*\).*/\1/p;s/^User: *\([0-9]*\) *Group: *\([0-9]*\).*/\1:\2/p' | paste -sd' ')
[ "$own" = "0700 900:900" ] && pass "data partition's root: mode 0700, owner 900:900 (accueil)" || fail "data partition root: $own"
echo "structure checked in $(($(date +%s) - start_time)) s"

# ---- slot switching under emulation: the image's U-Boot on QEMU's Raspberry Pi machine ----
# QEMU has no Raspberry Pi firmware: it starts u-boot.bin itself with the board's device tree,
# as the firmware would after reading config.txt. Everything after that is the image's own:
# U-Boot, boot.scr, uboot.env, the slots' kernels. The SD card must be a power of two in size.
# Each start runs until U-Boot says which slot it starts, or until the kernel prints its
# command line; between starts, the environment is read and written in the image's boot
# partition with the fw_setenv calls of accueil-update's U-Boot backend.
uboot_test() {
	local q=$qemu
	if [ -z "$pi_machine" ]; then
		# Measured with Debian's QEMU 7.2: raspi3b runs AArch64 code only, and the Pi 3's 32-bit
		# U-Boot (rpi_3_32b) stops at "DRAM:" on the Pi 2 machine (raspi2b).
		skip "slot switching under emulation: QEMU has no machine that runs the Pi 3's 32-bit U-Boot"
		return
	fi
	if ! command -v "$q" >/dev/null || ! grep -q "^$pi_machine " <<<"$("$q" -M help 2>/dev/null)"; then
		skip "slot switching under emulation: $q has no $pi_machine machine (apt-get install qemu-system-arm)"
		return
	fi
	local sd=$t/sd.img sdsize=1
	cp --sparse=always "$img" "$sd"
	while [ "$sdsize" -lt "$(stat -c %s "$sd")" ]; do sdsize=$((sdsize * 2)); done
	truncate -s "$sdsize" "$sd"
	local sdboot="$sd@@$(($(start 1) * 512))"
	mcopy -i "$sdboot" ::/u-boot.bin "$t/u-boot.bin" && mcopy -i "$sdboot" "::/bcm2837-rpi-3-b.dtb" "$t/pi3.dtb" ||
		{ fail "cannot copy U-Boot and the Pi 3 device tree out of the boot partition"; return; }
	local cfg=$t/sd-env.config
	echo "$t/sd-uboot.env 0x0 0x4000" >"$cfg"
	env_out() { rm -f "$t/sd-uboot.env"; mcopy -i "$sdboot" ::/uboot.env "$t/sd-uboot.env"; }
	env_in() { mcopy -o -i "$sdboot" "$t/sd-uboot.env" ::/uboot.env; }
	sdget() { fw_printenv -c "$cfg" -n "$1" 2>/dev/null; }
	backend() { ( FW_ENV_CONFIG=$cfg && . "$root_dir/board/update/backends/uboot.sh" && "$@" ); }
	console() { cat "$t/pi0.log" "$t/pi1.log" 2>/dev/null | tr -d '\r' >"$t/pi.log"; }
	pi_start() { # until-pattern: one power-on; the console ends up in $t/pi.log
		rm -f "$t/pi0.log" "$t/pi1.log"
		timeout 300 "$q" -M "$pi_machine" -m 1G -kernel "$t/u-boot.bin" -dtb "$t/pi3.dtb" \
			-drive "file=$sd,if=sd,format=raw" -serial "file:$t/pi0.log" -serial "file:$t/pi1.log" \
			-display none -monitor none -nic none >"$t/qemu-pi.out" 2>&1 &
		local pid=$! waited=0
		while kill -0 "$pid" 2>/dev/null && [ $waited -lt 290 ]; do
			console
			grep -qaE "$1|neither slot could be started" "$t/pi.log" && break
			sleep 1
			waited=$((waited + 1))
		done
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		console
		cp "$t/pi.log" "${img%.img}.uboot-$2.log"
		env_out
	}
	started() { grep -ao 'Accueil: starting slot [AB]' "$t/pi.log" | tail -1 | sed 's/.* //'; }
	cmdline() { grep -ao 'Kernel command line: .*' "$t/pi.log" | head -1; }
	local t0 c
	t0=$(date +%s)
	pi_start 'Kernel command line' 1-fresh
	c=$(cmdline)
	if [ "$(started)" = A ] && grep -q 'root=PARTUUID=41636375-02 accueil.slot=A' <<<"$c"; then
		pass "fresh image: U-Boot starts slot A, whose kernel runs with $(sed 's/.*line: //' <<<"$c")"
	else
		fail "fresh image: slot '$(started)', kernel '${c:-none}' (${img%.img}.uboot-1-fresh.log)"
	fi
	# An update installed in slot B and armed as accueil-update does; a limit of one start on
	# trial keeps the test short (the image's own is 3, env.txt).
	backend backend_arm B A && printf 'bootlimit=1\n' | backend env_set && env_in ||
		{ fail "cannot arm slot B in the image's environment"; return; }
	pi_start 'Kernel command line' 2-trial
	c=$(cmdline)
	if [ "$(started)" = B ] && grep -q 'root=PARTUUID=41636375-03 accueil.slot=B' <<<"$c" &&
		[ "$(sdget bootcount)" = 1 ] && [ "$(sdget upgrade_available)" = 1 ]; then
		pass "slot B on trial: U-Boot starts it (kernel with root=PARTUUID=41636375-03 accueil.slot=B) and counts the start (bootcount=1)"
	else
		fail "slot B on trial: slot '$(started)', bootcount '$(sdget bootcount)', kernel '${c:-none}'"
	fi
	pi_start 'Accueil: starting slot' 3-fallback
	if [ "$(started)" = A ] && grep -q 'was not committed within bootlimit' "$t/pi.log" && [ "$(sdget accueil_slot)" = A ] &&
		[ "$(sdget upgrade_available)" = 0 ] && [ "$(sdget accueil_bad)" = B ]; then
		pass "slot B never committed: at the next start U-Boot goes back to slot A by itself (accueil_bad=B)"
	else
		fail "no fallback: slot '$(started)', environment slot '$(sdget accueil_slot)' trial '$(sdget upgrade_available)' bad '$(sdget accueil_bad)'"
	fi
	backend backend_arm B A && env_in
	pi_start 'Accueil: starting slot' 4-trial-again
	local first
	first=$(started)
	backend backend_commit B && env_in
	pi_start 'Accueil: starting slot' 5-committed
	if [ "$first" = B ] && [ "$(started)" = B ] && [ "$(sdget upgrade_available)" = 0 ] && [ "$(sdget bootcount)" = 0 ]; then
		pass "slot B committed by the health check: U-Boot keeps starting it, counting nothing"
	else
		fail "after commit: trial start '$first', then '$(started)', trial '$(sdget upgrade_available)', count '$(sdget bootcount)'"
	fi
	echo "slot switching checked in $(($(date +%s) - t0)) s (consoles in ${img%.img}.uboot-*.log)"
}

# ---- boot under emulation: the image's kernel on QEMU's virt machine ----
boot_test() {
	if ! command -v "$qemu" >/dev/null; then
		skip "boot under emulation: $qemu is not installed (apt-get install qemu-system-arm)"
		return
	fi
	debugfs -R "dump /$vml $t/kernel" "$A" >/dev/null 2>&1 && debugfs -R "dump /$ird $t/initrd" "$A" >/dev/null 2>&1 &&
		[ -s "$t/kernel" ] && [ -s "$t/initrd" ] || { fail "cannot copy the kernel out of root A"; return; }
	local cpu console
	if [ "$board" = rpi4 ]; then cpu=cortex-a72; else cpu=cortex-a15; fi
	console=ttyAMA0
	cp --sparse=always "$img" "$t/disk.img"
	# A card 256 MiB larger than the image, its data partition grown as board/flash does: the
	# kiosk grows the file system at its first start.
	truncate -s +256M "$t/disk.img"
	echo ', +' | sfdisk --quiet --no-reread --no-tell-kernel -N 4 "$t/disk.img" >/dev/null 2>&1 ||
		fail "sfdisk could not grow the data partition of the disk copy"
	local timeout=${ACCUEIL_IMAGE_BOOT_TIMEOUT:-600} t0
	t0=$(date +%s)
	# virtio disk and GPU (a KMS device for SDL's kmsdrm), no network card: the kiosk must start
	# without a network. The root's PARTUUID is the real disk's, so the card's own cmdline works.
	timeout "$timeout" "$qemu" -M virt -cpu "$cpu" -smp 2 -m 1024 -nographic -no-reboot \
		-kernel "$t/kernel" -initrd "$t/initrd" \
		-append "console=$console root=PARTUUID=41636375-02 rootfstype=ext4 ro rootwait accueil.slot=A panic=-1 systemd.journald.forward_to_console=1" \
		-drive "file=$t/disk.img,format=raw,if=none,id=d0" -device virtio-blk-pci,drive=d0 \
		-device virtio-gpu-pci -nic none -serial "file:$t/console.log" -monitor none \
		>"$t/qemu.out" 2>&1 &
	local pid=$! result=""
	while kill -0 "$pid" 2>/dev/null; do
		if grep -qa 'Started .*accueil.service' "$t/console.log" 2>/dev/null; then result=ready; break; fi
		if grep -qaE 'Kernel panic|Failed to start .*accueil.service|accueil.service: (Main process exited|Failed)' "$t/console.log" 2>/dev/null; then
			result="the kiosk failed to start: $(grep -a 'accueil\[' "$t/console.log" | tail -3 | tr '\r\n' '  ')"
			break
		fi
		sleep 2
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	cp "$t/console.log" "${img%.img}.boot-console.log" 2>/dev/null
	case $result in
	ready) pass "booted under $qemu -M virt: the kiosk reported READY ('Started accueil.service') in $(($(date +%s) - t0)) s, no network"
		grep -qa 'Successfully resized "/var/lib/accueil" to 512.0M' "$t/console.log" &&
			pass "the data file system grew to its larger partition at the first start (256 to 512 MiB)" ||
			fail "the data file system did not grow: $(grep -a growfs "$t/console.log" | tail -2 | tr '\r\n' '  ')" ;;
	*) fail "boot under $qemu: no kiosk readiness (${result:-timed out after $timeout s}; console in ${img%.img}.boot-console.log): $(tail -5 "$t/console.log" | tr '\r\n' '  ')" ;;
	esac
}
if [ "${ACCUEIL_IMAGE_BOOT:-1}" = 0 ]; then
	skip "boot under emulation: ACCUEIL_IMAGE_BOOT=0"
else
	uboot_test
	boot_test
fi
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
