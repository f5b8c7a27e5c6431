#!/usr/bin/env bash
# board/deps.sh [BOARD]: installs the Debian 12 packages that building, running and testing
# Accueil for BOARD (default pc) need,
# only those missing. Idempotent. As root it installs; otherwise through sudo when
# available; otherwise it prints the exact apt-get line and fails.
set -eu

PKGS=(
  build-essential pkg-config make
  libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
  libespeak-ng-dev espeak-ng-data espeak-ng
  libcurl4-openssl-dev libmbedtls-dev libcjson-dev libsqlite3-dev libmicrohttpd-dev
  libcmocka-dev
  libqrencode-dev zbar-tools
  libsystemd-dev libgpiod-dev libasound2-dev systemd
  fonts-dejavu-core
  tzdata
  xvfb xauth xdotool x11-utils sox gettext openssl sqlite3
  clang libclang-rt-14-dev cppcheck clang-format
  swupdate libubootenv-tool cpio e2fsprogs fdisk mmdebstrap bmap-tools util-linux
)

# ARM boards (make BOARD=rpi4|rpi3): the cross compiler, mmdebstrap for the sysroot and
# qemu-user to run the tests. No foreign architecture is added to dpkg. Device images
# (make image): arch-test (mmdebstrap's check), uidmap (the user namespace as a non-root
# user), dosfstools and mtools (the boot partition without a mount), python3 (the image
# test reads sfdisk's JSON), u-boot-tools (the boot script and environment of U-Boot) and
# qemu-system-arm (the image test runs U-Boot and boots the image's kernel).
IMAGE_PKGS=(arch-test uidmap dosfstools mtools python3 u-boot-tools qemu-system-arm)
case "${1:-pc}" in
  rpi4) PKGS+=(gcc-aarch64-linux-gnu mmdebstrap qemu-user-static "${IMAGE_PKGS[@]}") ;;
  rpi3) PKGS+=(gcc-arm-linux-gnueabihf mmdebstrap qemu-user-static "${IMAGE_PKGS[@]}") ;;
esac

missing=()
for p in "${PKGS[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$status" in
    *"install ok installed"*) ;;
    *) missing+=("$p") ;;
  esac
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo"
else
  echo "deps: missing packages and no root. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# A stale package list makes installs fail with 404s: refresh once per run.
$SUDO apt-get update -qq >&2 || true
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
