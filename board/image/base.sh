#!/usr/bin/env bash
# board/image/base.sh ARCH DIR PACKAGE-FILE...: the image's base system, a real Debian 12
# installation for ARCH (arm64 or armhf) made by mmdebstrap in DIR, with the packages listed in
# the files (one per line, # comments). Maintainer scripts run (users, alternatives, the
# initramfs, raspi-firmware's copy of the kernel to /boot/firmware), through qemu-user:
# board/image/in-namespace.sh gives mmdebstrap a private binfmt_misc when the machine has none.
#
# DIR is kept as a cache by the Makefile: DIR/.key holds the hash of everything that went into
# it (this script, the package files, the architecture, the mirror); a different hash, or no
# DIR/.key, makes it again. Built in DIR.tmp and renamed, so a cut run leaves nothing half-made.
set -euo pipefail
arch=${1:?usage: base.sh ARCH DIR PACKAGE-FILE...} dir=${2:?usage: base.sh ARCH DIR PACKAGE-FILE...}
shift 2
[ $# -gt 0 ] || { echo "base: no package file given" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)

mirror=$("$here/../mirror.sh")

pkgs=$(sed 's/#.*//' "$@" | tr -s ' \t' '\n' | sed '/^$/d' | sort -u | paste -sd, -)
key=$( { echo "$arch $mirror $pkgs"; cat "$0" "$here/in-namespace.sh"; } | sha256sum | cut -c1-16)
if [ -f "$dir/.key" ] && [ "$(cat "$dir/.key")" = "$key" ]; then
	echo "base: $dir is up to date ($key)" >&2
	exit 0
fi

echo "base: Debian 12 $arch from $mirror into $dir (several minutes the first time)" >&2
rm -rf "$dir.tmp"
mkdir -p "$(dirname "$dir")"
# No documentation, manual pages or translations other than French and English: the device
# never shows them, and the root image stays small (copyright files are kept).
# The initramfs (all of the kernel's storage modules: MODULES=most) takes minutes under
# emulation: INITRD=No stops the kernel package and later triggers from making it (two runs
# otherwise), and it is made once at the end; raspi-firmware's hook then copies the kernel,
# the initramfs and the device trees to /boot/firmware.
INITRD=No "$here/in-namespace.sh" "$arch" mmdebstrap --mode=root --variant=minbase --quiet \
	--architectures="$arch" --components=main,non-free-firmware --include="$pkgs" \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/fr*' \
	--dpkgopt='path-include=/usr/share/locale/en*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
	--dpkgopt='path-exclude=/usr/share/info/*' \
	--customize-hook='env -u INITRD chroot "$1" update-initramfs -c -k all' \
	--customize-hook='test -s "$1"/boot/firmware/config.txt' \
	bookworm "$dir.tmp" "deb $mirror bookworm main non-free-firmware"
echo "$key" >"$dir.tmp/.key"
rm -rf "$dir"
mv "$dir.tmp" "$dir"
