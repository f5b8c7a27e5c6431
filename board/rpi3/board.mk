# Raspberry Pi 3 (32-bit armhf): cross-built, tests under qemu-arm. Large-file offsets are on
# for every build (Makefile: -D_FILE_OFFSET_BITS=64), which 32-bit ARM needs.
BOARD_ARCH = armhf
BOARD_TRIPLET = arm-linux-gnueabihf
BOARD_QEMU = qemu-arm-static
BOARD_CFLAGS = -DACCUEIL_BOARD_RPI3=1
include board/cross.mk
