# Raspberry Pi 4 (aarch64, Debian arm64): cross-built, tests under qemu-aarch64.
BOARD_ARCH = arm64
BOARD_TRIPLET = aarch64-linux-gnu
BOARD_QEMU = qemu-aarch64-static
BOARD_CFLAGS = -DACCUEIL_BOARD_RPI4=1
include board/cross.mk
