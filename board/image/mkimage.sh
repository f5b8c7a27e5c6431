#!/usr/bin/env bash
# board/image/mkimage.sh: a bootable SD card / eMMC image for a Raspberry Pi board, without
# loop devices or mounts (called by `make image BOARD=rpi4|rpi3`, see board/image/extra.mk).
#
#   mkimage.sh --board rpi4 --arch arm64 --base DIR --kiosk build-rpi4/accueil \
#              --version 0.1.42 --trust trust.pem --out build-rpi4/accueil-rpi4.img
#
# Partitions (MBR, disk identifier 0x41636375 on every Accueil image, so that a root image in
# an update bundle names the same partitions on every device):
#   1 boot    vfat  the Raspberry Pi firmware, device trees and config.txt; U-Boot (u-boot.bin),
#                   its boot script (boot.scr, from board/update/uboot/boot.cmd) and environment
#                   (uboot.env: which slot starts, the trial's start count); kiosk.conf after
#                   provisioning
#   2 root A  ext4  the system, read-only, with its own kernel and initramfs (/vmlinuz and
#                   /initrd.img, which U-Boot loads from the slot it starts); 3 root B: the same
#                   image at first (the update slot)
#   4 data    ext4  /var/lib/accueil: the kiosk's data, secrets and the update state
# The root is the cached base system (board/image/base.sh) plus the kiosk, its units, the
# updater and the read-only configuration, copied to a staging folder; file systems are made
# from folders (mke2fs -d, mkfs.vfat -C and mcopy), placed with dd into a sparse file
# partitioned by sfdisk, and IMAGE.bmap is written by bmaptool. Runs in the user namespace of
# board/image/in-namespace.sh, so that file owners are right without being root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root_dir=$(cd "$here/../.." && pwd)
board="" arch="" base="" kiosk="" version="" trust="" out=""
die() { echo "image: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || die "$1 needs a value"
	case $1 in
	--board) board=$2 ;; --arch) arch=$2 ;; --base) base=$2 ;; --kiosk) kiosk=$2 ;;
	--version) version=$2 ;; --trust) trust=$2 ;; --out) out=$2 ;;
	*) die "unknown option $1 (see the head of board/image/mkimage.sh)" ;;
	esac
	shift 2
done
case $board in rpi4 | rpi3) ;; *) die "--board must be rpi4 or rpi3 (got '$board')" ;; esac
[ -f "$base/.key" ] || die "no base system in '$base' (board/image/base.sh makes it)"
[ -x "$kiosk" ] || die "no kiosk binary '$kiosk' (make BOARD=$board)"
case $arch in arm64) machine=183 ;; armhf) machine=40 ;; *) die "--arch must be arm64 or armhf (got '$arch')" ;; esac
[ "$(od -An -tu2 -j18 -N2 "$kiosk" | tr -d ' ')" = "$machine" ] ||
	die "$kiosk is not an $arch program: build it with make BOARD=$board"
[ -n "$version" ] || die "--version is missing"
[ -s "$trust" ] && grep -q 'BEGIN CERTIFICATE' "$trust" || die "--trust '$trust' holds no CA certificate"
[ -n "$out" ] || die "--out is missing"
command -v mkimage >/dev/null && command -v mkenvimage >/dev/null ||
	die "mkimage and mkenvimage are missing: board/deps.sh $board installs u-boot-tools"

# Sizes in MiB. Each root slot leaves room for updates that grow; the data partition is
# small in the image: board/flash grows it to the card's end, and systemd-growfs its file
# system at the first start (x-systemd.growfs). The first partitions never move.
BOOT_START=4 BOOT_MIB=256 ROOT_MIB=1536 DATA_MIB=256
DISK_ID=0x41636375 PARTUUID=41636375
KIOSK_UID=900 # the kiosk's user and group, fixed so that the data partition's owner is known

work=$(cd "$(dirname "$out")" && pwd)/image/work # under the build folder's image/, which the Makefile does not scan
rm -rf "$work"
mkdir -p "$work"
stage=$work/root

# ---- the root file system ----
echo "image: staging the root file system" >&2
cp -a "$base" "$stage"
rm -f "$stage/.key"
kver=$(ls "$stage/lib/modules" | sort -V | tail -1)
[ -n "$kver" ] || die "the base system has no kernel under /lib/modules"
[ -s "$stage/boot/initrd.img-$kver" ] && [ -s "$stage/boot/vmlinuz-$kver" ] ||
	die "the base system has no kernel $kver with its initramfs in /boot"
# U-Boot loads the slot's kernel and initramfs by these names: each root carries its own, so an
# update's kernel always matches its modules.
ln -sfn "boot/vmlinuz-$kver" "$stage/vmlinuz"
ln -sfn "boot/initrd.img-$kver" "$stage/initrd.img"

install -D -m 0755 "$kiosk" "$stage/usr/bin/accueil"
install -d -m 0755 "$stage/etc/accueil" "$stage/usr/lib/accueil/update" "$stage/usr/lib/accueil/board/$board"
printf 'ACCUEIL_VERSION=%s\nACCUEIL_BOARD=%s\n' "$version" "$board" >"$stage/etc/accueil-release"

# The kiosk's user, with the device groups its unit names (render, video, input, audio) and
# lp for a USB receipt printer; made here because the device's root is read-only.
useradd --prefix "$stage" --system --uid "$KIOSK_UID" --user-group --home-dir /var/lib/accueil \
	--no-create-home --shell /usr/sbin/nologin --groups video,render,input,audio,lp accueil

# Units: the kiosk and the update check, enabled as systemctl enable would.
install -m 0644 "$root_dir/board/systemd/accueil.service" "$root_dir/board/update/accueil-update-check.service" \
	"$stage/etc/systemd/system/"
mkdir -p "$stage/etc/systemd/system/multi-user.target.wants" "$stage/etc/systemd/system/sockets.target.wants"
for u in accueil.service accueil-update-check.service; do
	ln -sfn "/etc/systemd/system/$u" "$stage/etc/systemd/system/multi-user.target.wants/$u"
done
# The network: DHCP on any wired interface by systemd-networkd. Nothing waits for it: the
# kiosk starts offline and tells visitors so; the wait-online service is masked.
install -D -m 0644 /dev/stdin "$stage/etc/systemd/network/20-wired.network" <<'NET'
[Match]
Name=e*

[Network]
DHCP=yes
NET
ln -sfn /lib/systemd/system/systemd-networkd.service "$stage/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"
ln -sfn /lib/systemd/system/systemd-networkd.socket "$stage/etc/systemd/system/sockets.target.wants/systemd-networkd.socket"
ln -sfn /dev/null "$stage/etc/systemd/system/systemd-networkd-wait-online.service"
# Nothing on a read-only root may try to install or back up packages by itself; SWUpdate runs
# once per install from accueil-update (swupdate -i), never as Debian's daemon and socket.
rm -f "$stage/etc/systemd/system/multi-user.target.wants/swupdate"*.service \
	"$stage/etc/systemd/system/sockets.target.wants/swupdate.socket"
for u in apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer swupdate.service swupdate.socket \
	swupdate-progress.service; do
	ln -sfn /dev/null "$stage/etc/systemd/system/$u"
done

# The updater (board/update), its configuration and the trusted update CAs.
cp -r "$root_dir/board/update/accueil-update" "$root_dir/board/update/health.sh" \
	"$root_dir/board/update/health.script" "$root_dir/board/update/backends" "$stage/usr/lib/accueil/update/"
ln -sfn ../lib/accueil/update/accueil-update "$stage/usr/bin/accueil-update"
install -m 0644 "$trust" "$stage/etc/accueil/update-trust.pem"
cat >"$stage/etc/accueil/update.conf" <<CONF
# /etc/accueil/update.conf, written by board/image/mkimage.sh (see board/update/update.conf.example).
BOARD=$board
HWREV=1.0
BACKEND=uboot
FW_ENV_CONFIG=/etc/fw_env.config
TRUST=/etc/accueil/update-trust.pem
STATE_DIR=/var/lib/accueil/update
HEALTH_CMD=/usr/lib/accueil/update/health.sh
REBOOT_CMD="systemctl reboot"
CONF
# The boot environment: U-Boot's own file on the boot partition, one 16 KiB copy (Debian's
# u-boot-rpi keeps it in FAT as uboot.env, CONFIG_ENV_SIZE 0x4000, not redundant). When
# fw_setenv finds it damaged it starts again from /etc/u-boot-initial-env, the image's whole
# environment (board/update/uboot/env.txt), never from an empty one that would lose bootcmd.
printf '/boot/firmware/uboot.env 0x0000 0x4000\n' >"$stage/etc/fw_env.config"
install -m 0644 "$root_dir/board/update/uboot/env.txt" "$stage/etc/u-boot-initial-env"

# Provisioning on the device (board/provision) with the board's settings; kiosk.conf lives on
# the boot partition (readable on any PC), linked from the read-only /etc.
install -m 0755 "$root_dir/board/provision" "$stage/usr/lib/accueil/board/provision"
install -m 0644 "$root_dir/board/$board/kiosk.conf" "$root_dir/board/$board/board.env" \
	"$stage/usr/lib/accueil/board/$board/"
ln -sfn ../lib/accueil/board/provision "$stage/usr/sbin/accueil-provision"
install -m 0644 "$root_dir/board/$board/board.env" "$stage/etc/accueil/board.env"
ln -sfn ../../boot/firmware/accueil/kiosk.conf "$stage/etc/accueil/kiosk.conf"

# A read-only root: the kiosk writes only to the data partition; logs, temporary files and
# systemd's state live in memory. No fsck of the root (it is never written on the device).
cat >"$stage/etc/fstab" <<FSTAB
# Accueil $board: read-only root (slot A or B, started by U-Boot), data partition writable.
/dev/root         /                 ext4  ro,noatime                               0 0
LABEL=ACCUEILBOOT /boot/firmware    vfat  rw,noatime,umask=0022,flush,nofail       0 2
LABEL=accueil-data /var/lib/accueil ext4  rw,noatime,nosuid,nodev,noexec,nofail,x-systemd.growfs 0 2
tmpfs             /tmp              tmpfs rw,nosuid,nodev,mode=1777,size=64m       0 0
tmpfs             /var/tmp          tmpfs rw,nosuid,nodev,mode=1777,size=16m       0 0
tmpfs             /var/log          tmpfs rw,nosuid,nodev,noexec,mode=0755,size=32m 0 0
tmpfs             /var/lib/systemd  tmpfs rw,nosuid,nodev,mode=0755,size=8m        0 0
FSTAB
# A hang once systemd runs (the system, a new version's first start, a reboot) must end in a
# restart, which the boot script counts while a slot is on trial: systemd keeps the SoC's
# hardware watchdog fed (bcm2835-wdt, whose counter holds at most 15 s: a longer timeout would
# be cut to its remainder modulo 16 s); a kernel panic restarts after 10 s (panic=10). A hang
# before systemd starts is not covered: nothing arms the watchdog that early.
install -D -m 0644 /dev/stdin "$stage/etc/systemd/system.conf.d/accueil-watchdog.conf" <<'WDT'
[Manager]
RuntimeWatchdogSec=14s
RebootWatchdogSec=14s
WDT
echo accueil >"$stage/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\taccueil\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$stage/etc/hosts"
# Empty: systemd makes a machine id in memory at each boot of a read-only root.
: >"$stage/etc/machine-id"
rm -f "$stage/var/lib/dbus/machine-id"
# The kiosk's data folder is the data partition's mount point.
install -d -m 0700 -o "$KIOSK_UID" -g "$KIOSK_UID" "$stage/var/lib/accueil"

# ---- the boot partition's files ----
# The firmware starts U-Boot; U-Boot runs boot.scr, which picks the slot from uboot.env, counts
# a trial's starts and loads that root's /vmlinuz and /initrd.img with the command line below
# (root= and accueil.slot= are added per slot). The serial console is the GPIO header's UART,
# the mini UART on both boards with the upstream device trees (ttyS1).
bootfiles=$stage/boot/firmware
cmdline="console=tty0 console=ttyS1,115200 rootfstype=ext4 ro rootwait fsck.repair=yes cma=64M panic=10"
case $board in
rpi4) dtb=bcm2711-rpi-4-b.dtb arm64=1 uboot=rpi_arm64 bootcmd=booti uarch=arm64 noreloc=ffffffffffffffff ;;
rpi3) dtb=bcm2837-rpi-3-b.dtb arm64=0 uboot=rpi_3_32b bootcmd=bootz uarch=arm noreloc=ffffffff ;;
esac
[ -s "$bootfiles/$dtb" ] || die "no device tree $dtb among the files raspi-firmware copied"
[ -s "$stage/usr/lib/u-boot/$uboot/u-boot.bin" ] || die "the base system has no U-Boot $uboot (u-boot-rpi)"
# Only the firmware, the device trees and U-Boot's files: the kernels live in the slots.
rm -f "$bootfiles"/vmlinuz-* "$bootfiles"/initrd.img-* "$bootfiles/cmdline.txt"
cp "$stage/usr/lib/u-boot/$uboot/u-boot.bin" "$bootfiles/u-boot.bin"
sed -e "s|@CMDLINE@|$cmdline|" -e "s|@BOOT@|$bootcmd|" -e "s|@NORELOC@|$noreloc|" \
	"$root_dir/board/update/uboot/boot.cmd" >"$work/boot.cmd"
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(stat -c %Y "$root_dir/board/update/uboot/boot.cmd")} \
	mkimage -q -A "$uarch" -O linux -T script -C none -n "Accueil A/B" -d "$work/boot.cmd" \
	"$bootfiles/boot.scr" >/dev/null
mkenvimage -s 0x4000 -o "$bootfiles/uboot.env" "$root_dir/board/update/uboot/env.txt"
cat >"$bootfiles/config.txt" <<CONFIG
# Accueil $board, written by board/image/mkimage.sh. The firmware loads the upstream device
# tree (it picks the board's own among those here) and starts U-Boot, which starts slot A or B
# (boot.scr, uboot.env).
arm_64bit=$arm64
enable_uart=1
upstream_kernel=1
kernel=u-boot.bin
# The display is driven by the kernel's KMS driver (vc4); the kiosk draws with SDL on KMS/DRM.
disable_overscan=1
hdmi_force_hotplug=1
dtparam=audio=on
CONFIG
mkdir -p "$work/boot"
mv "$bootfiles"/* "$work/boot/"

# ---- file systems, from folders ----
echo "image: making the file systems" >&2
used=$(du -sm "$stage" | cut -f1)
[ "$used" -lt $((ROOT_MIB * 85 / 100)) ] || die "the root needs ${used} MiB: raise ROOT_MIB ($ROOT_MIB) in $0"
mke2fs -q -F -t ext4 -L accueil-root -m 0 -E root_owner=0:0 -d "$stage" "$work/root.ext4" "${ROOT_MIB}M" >/dev/null
mkdir -p "$work/data"
mke2fs -q -F -t ext4 -L accueil-data -m 1 -E root_owner=$KIOSK_UID:$KIOSK_UID -d "$work/data" \
	"$work/data.ext4" "${DATA_MIB}M" >/dev/null
debugfs -w -R "set_inode_field / mode 040700" "$work/data.ext4" >/dev/null 2>&1
rm -f "$work/boot.vfat"
mkfs.vfat -C -F 32 -n ACCUEILBOOT "$work/boot.vfat" $((BOOT_MIB * 1024)) >/dev/null
mcopy -s -p -i "$work/boot.vfat" "$work/boot"/* ::/

# ---- the disk: a sparse file, an MBR, each partition placed with dd ----
echo "image: assembling $out" >&2
total=$((BOOT_START + BOOT_MIB + 2 * ROOT_MIB + DATA_MIB))
rm -f "$out.tmp"
truncate -s "${total}M" "$out.tmp"
s=$((BOOT_START * 2048)) b=$((BOOT_MIB * 2048)) r=$((ROOT_MIB * 2048)) d=$((DATA_MIB * 2048))
sfdisk --quiet "$out.tmp" <<TABLE
label: dos
label-id: $DISK_ID
unit: sectors

start=$s, size=$b, type=c
start=$((s + b)), size=$r, type=83
start=$((s + b + r)), size=$r, type=83
start=$((s + b + 2 * r)), size=$d, type=83
TABLE
place() { dd if="$1" of="$out.tmp" bs=1M seek="$2" conv=notrunc,sparse status=none; }
place "$work/boot.vfat" "$BOOT_START"
place "$work/root.ext4" $((BOOT_START + BOOT_MIB))
place "$work/root.ext4" $((BOOT_START + BOOT_MIB + ROOT_MIB))
place "$work/data.ext4" $((BOOT_START + BOOT_MIB + 2 * ROOT_MIB))
mv "$out.tmp" "$out"
# The root image alone is also kept: it is what `make bundle ROOTFS=…` puts in an update.
mv "$work/root.ext4" "${out%.img}.root.ext4"
bmaptool -q create -o "$out.bmap" "$out"
rm -rf "$work"
echo "image: $out ($((total)) MiB, $(du -m "$out" | cut -f1) MiB written; root $used MiB; kernel $kver)" >&2
