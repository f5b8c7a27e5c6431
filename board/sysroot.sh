#!/usr/bin/env bash
# board/sysroot.sh ARCH DIR: makes a Debian 12 sysroot for cross builds and qemu-user runs in
# DIR (arm64 or armhf): the -dev packages the firmware and its tests link against, extracted
# by mmdebstrap (no maintainer scripts, no root needed beyond what mmdebstrap asks), from the
# machine's own Debian mirror. Built into DIR.tmp and renamed, so a cut run leaves no half
# sysroot behind; the Makefile calls it only when DIR/.ok is missing.
set -eu
arch=$1 dir=$2
PKGS=(
  libc6-dev libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
  libespeak-ng-dev espeak-ng-data
  libcurl4-openssl-dev libmbedtls-dev libcjson-dev libsqlite3-dev
  libmicrohttpd-dev libgnutls28-dev libcmocka-dev libsystemd-dev libgpiod-dev libasound2-dev libqrencode-dev
  fonts-dejavu-core tzdata
)
mirror=$("$(dirname "$0")/mirror.sh")
include=$(IFS=,; echo "${PKGS[*]}")
rm -rf "$dir.tmp"
mkdir -p "$(dirname "$dir")"
echo "sysroot: $arch from $mirror into $dir (about a minute, 400 MB)" >&2
mmdebstrap --quiet --variant=extract --architectures="$arch" --include="$include" \
  bookworm "$dir.tmp" "deb $mirror bookworm main"
rm -rf "$dir"
mv "$dir.tmp" "$dir"
touch "$dir/.ok"
