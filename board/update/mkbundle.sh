#!/usr/bin/env bash
# Makes a signed SWUpdate bundle (.swu) holding one root file system image.
#
#   mkbundle.sh --board pc --version 1.2.0 --rootfs root.ext4 --key signer.key \
#               --cert signer.crt --out accueil-pc-1.2.0.swu [--slot-dir DIR] [--hwrev 1.0]
#
# The bundle is a cpio archive (-H crc): sw-description (from sw-description.in, with the
# version, the board, the slot devices and the image's SHA-256), sw-description.sig (a CMS
# signature, DER, by an EC P-256 key whose certificate has the codeSigning purpose) and the image.
# SWUpdate checks the signature against the device's trusted CAs and the image's hash before it
# writes a byte. Slot devices come from the board: on rpi4 and rpi3 partitions 2 and 3 of the
# Accueil disk, named by their PARTUUID (disk identifier 0x41636375, as boot.scr's root=): the
# kernel may number the SD card mmcblk0 or mmcblk1, and a card in a USB reader is sda; on pc,
# slot files (--slot-dir, default /var/lib/accueil/slots).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
board= version= rootfs= key= cert= out= slot_dir=/var/lib/accueil/slots hwrev=1.0
while [ $# -gt 0 ]; do
	case $1 in
	--board) board=$2 ;;
	--version) version=$2 ;;
	--rootfs) rootfs=$2 ;;
	--key) key=$2 ;;
	--cert) cert=$2 ;;
	--out) out=$2 ;;
	--slot-dir) slot_dir=$2 ;;
	--hwrev) hwrev=$2 ;;
	*) echo "mkbundle: unknown option $1" >&2; exit 2 ;;
	esac
	shift 2
done
for v in board version rootfs key cert out; do
	[ -n "${!v}" ] || { echo "mkbundle: --$v is required" >&2; exit 2; }
done
[[ $version =~ ^[0-9]+(\.[0-9]+){1,3}$ ]] || { echo "mkbundle: version '$version' is not N.N[.N[.N]]" >&2; exit 2; }
[[ $board =~ ^[a-z0-9_]+$ ]] || { echo "mkbundle: bad board name '$board'" >&2; exit 2; }
case $board in
pc) slot_a=$slot_dir/rootA.img slot_b=$slot_dir/rootB.img ;;
rpi4 | rpi3) slot_a=/dev/disk/by-partuuid/41636375-02 slot_b=/dev/disk/by-partuuid/41636375-03 ;;
*) echo "mkbundle: no slot layout for board '$board'" >&2; exit 2 ;;
esac
[ -f "$rootfs" ] || { echo "mkbundle: no root image $rootfs" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
image=rootfs.img
cp "$rootfs" "$work/$image"
sha=$(sha256sum "$work/$image" | cut -d' ' -f1)
sed -e "s|@VERSION@|$version|g" -e "s|@BOARD@|$board|g" -e "s|@HWREV@|$hwrev|g" \
	-e "s|@IMAGE@|$image|g" -e "s|@SLOT_A@|$slot_a|g" -e "s|@SLOT_B@|$slot_b|g" \
	-e "s|@SHA256@|$sha|g" "$here/sw-description.in" >"$work/sw-description"
openssl cms -sign -in "$work/sw-description" -out "$work/sw-description.sig" \
	-signer "$cert" -inkey "$key" -outform DER -nosmimecap -binary
(cd "$work" && printf 'sw-description\nsw-description.sig\n%s\n' "$image" | cpio -o -H crc --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
echo "mkbundle: $out ($board $version, sha256 $sha)"
