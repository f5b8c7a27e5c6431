#!/usr/bin/env bash
# tests/image/check_image.sh IMAGE BOARD: checks a device image made by `make image` without
# loop devices, mounts or root: the partition table (sfdisk -J), the boot partition (mtools,
# reading the image at the partition's offset), the root slots and the data partition
# (debugfs on copies of their byte ranges). Then, when qemu-system is installed, boots the
# image's own kernel and initramfs on QEMU's generic "virt" machine and waits for the kiosk's
# readiness (systemd's "Started accueil.service" once the kiosk sent READY=1) on the serial
# console; otherwise that part is skipped with the reason. Run by `make image-test BOARD=…`
# (not by `make test`: the image takes minutes to build). Ends with "N passed, N failed".
set -uo pipefail
img=${1:?usage: check_image.sh IMAGE BOARD} board=${2:?usage: check_image.sh IMAGE BOARD}
case $board in
rpi4) machine=183 elfclass=2 dtb=bcm2711-rpi-4-b.dtb fw="start4.elf fixup4.dat" triplet=aarch64-linux-gnu
	ld=/lib/ld-linux-aarch64.so.1 qemu=qemu-system-aarch64 ;;
rpi3) machine=40 elfclass=1 dtb=bcm2837-rpi-3-b.dtb fw="bootcode.bin start.elf fixup.dat" triplet=arm-linux-gnueabihf
	ld=/lib/ld-linux-armhf.so.3 qemu=qemu-system-arm ;;
*) echo "check_image: BOARD must be rpi4 or rpi3" >&2; exit 2 ;;
esac
[ -f "$img" ] || { echo "check_image: no image $img (make image BOARD=$board)" >&2; exit 2; }
t=$(mktemp -d "${TMPDIR:-/tmp}/accueil-image-test.XXXXXX")
trap 'rm -rf "$t"' EXIT
passed=0 failed=0 skipped=0
pass() { printf 'ok   %s\n' "$1"; passed=$((passed + 1)); }
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
for f in config.txt cmdline.txt $fw $dtb uboot.env uboot-redund.env; do bootfile "$f" || missing="$missing $f"; done
[ -z "$missing" ] && pass "boot partition holds the firmware ($fw), $dtb, config.txt, cmdline.txt, the boot environment" ||
	fail "boot partition lacks:$missing"
mtype -i "$boot" ::/cmdline.txt >"$t/cmdline" 2>&1
mtype -i "$boot" ::/config.txt >"$t/config" 2>&1
cmd=$(tr -d '\r' <"$t/cmdline")
if grep -qw 'root=PARTUUID=41636375-02' <<<"$cmd" && grep -qw ro <<<"$cmd" && grep -qw 'accueil.slot=A' <<<"$cmd"; then
	pass "cmdline.txt boots root A read-only: $cmd"
else
	fail "cmdline.txt: $cmd"
fi
kernel=$(sed -n 's/^kernel=//p' "$t/config" | tr -d '\r') initrd=$(sed -n 's/^initramfs \([^ ]*\).*/\1/p' "$t/config" | tr -d '\r')
if [ -n "$kernel" ] && bootfile "$kernel" && [ -n "$initrd" ] && bootfile "$initrd"; then
	pass "config.txt names a kernel and an initramfs that are there ($kernel, $initrd)"
else
	fail "config.txt's kernel '$kernel' or initramfs '$initrd' missing: $(cat "$t/config")"
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
	$1 == "tmpfs" && $2 == "/tmp" {tm=1} $1 == "tmpfs" && $2 == "/var/log" {l=1} END {exit !(r && d && tm && l)}' "$t/fstab"; then
	pass "fstab: root read-only, data partition rw at /var/lib/accueil, tmpfs for /tmp and /var/log"
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
kver=${kernel#vmlinuz-}
exists "/lib/modules/$kver/modules.dep" && pass "the root has the modules of the boot partition's kernel ($kver)" ||
	fail "no /lib/modules/$kver/modules.dep in the root"

# The data partition: ext4, empty (lost+found only), owned by the kiosk's user, mode 0700.
D=$t/data
check "data is ext4, labelled accueil-data" sh -c "dumpe2fs -h '$D' 2>/dev/null | grep -q 'volume name: *accueil-data'"
entries=$(debugfs -R "ls -p /" "$D" 2>/dev/null | awk -F/ 'NF > 5 && $6 != "." && $6 != ".." {print $6}' | paste -sd' ')
[ "$entries" = lost+found ] && pass "data partition is empty (lost+found only)" || fail "data partition holds: $entries"
own=$(debugfs -R "stat /" "$D" 2>/dev/null | sed -n 's/.*Mode: *\([0-7]*\).*/\1/p;s/^User: *\([0-9]*\) *Group: *\([0-9]*\).*/\1:\2/p' | paste -sd' ')
[ "$own" = "0700 900:900" ] && pass "data partition's root: mode 0700, owner 900:900 (accueil)" || fail "data partition root: $own"
echo "structure checked in $(($(date +%s) - start_time)) s"

# ---- boot under emulation: the image's kernel on QEMU's virt machine ----
boot_test() {
	if ! command -v "$qemu" >/dev/null; then
		echo "skip boot under emulation: $qemu is not installed (apt-get install qemu-system-arm)"
		skipped=$((skipped + 1))
		return
	fi
	mcopy -i "$boot" "::/$kernel" "$t/kernel" && mcopy -i "$boot" "::/$initrd" "$t/initrd" ||
		{ fail "cannot copy the kernel out of the boot partition"; return; }
	local cpu console
	if [ "$board" = rpi4 ]; then cpu=cortex-a72; else cpu=cortex-a15; fi
	console=ttyAMA0
	cp --sparse=always "$img" "$t/disk.img"
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
	ready) pass "booted under $qemu -M virt: the kiosk reported READY ('Started accueil.service') in $(($(date +%s) - t0)) s, no network" ;;
	*) fail "boot under $qemu: no kiosk readiness (${result:-timed out after $timeout s}; console in ${img%.img}.boot-console.log): $(tail -5 "$t/console.log" | tr '\r\n' '  ')" ;;
	esac
}
if [ "${ACCUEIL_IMAGE_BOOT:-1}" = 0 ]; then
	echo "skip boot under emulation: ACCUEIL_IMAGE_BOOT=0"
	skipped=$((skipped + 1))
else
	boot_test
fi
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
