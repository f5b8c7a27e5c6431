# Shared by the ARM boards: Debian's cross compiler for BOARD_TRIPLET, a sysroot made by
# board/sysroot.sh under the build directory (once), and the tests run under qemu-user with
# an explicit runner (binfmt_misc is not assumed). Included by board/<arm board>/board.mk.
SYSROOT = $(abspath $(BUILD))/sysroot
CC = $(BOARD_TRIPLET)-gcc --sysroot=$(SYSROOT)
AR = $(BOARD_TRIPLET)-ar
PKG_CONFIG = PKG_CONFIG_SYSROOT_DIR=$(SYSROOT) \
	PKG_CONFIG_LIBDIR=$(SYSROOT)/usr/lib/$(BOARD_TRIPLET)/pkgconfig:$(SYSROOT)/usr/share/pkgconfig \
	pkg-config

# The sysroot comes before anything is compiled; it is made only when missing.
# (DEPS_STAMP is defined after this file is included: name its file here.)
$(BUILD)/.deps-ok: $(SYSROOT)/.ok
$(SYSROOT)/.ok: board/sysroot.sh
	@board/deps.sh $(BOARD)
	board/sysroot.sh $(BOARD_ARCH) $(SYSROOT)

# make BOARD=… test: the non-graphical suites (every cmocka binary) under qemu-user.
TEST_ENV = ACCUEIL_RUNNER="$(BOARD_QEMU) -L $(SYSROOT)" ACCUEIL_SUITES=cmocka \
	ACCUEIL_SYSROOT=$(SYSROOT) ACCUEIL_TRIPLET=$(BOARD_TRIPLET)
