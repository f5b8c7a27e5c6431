# Device images (board/image/, docs/technician-guide.md §2). Included by the Makefile.
#   make image BOARD=rpi4|rpi3     build-<board>/accueil-<board>.img (+ .bmap, + .root.ext4)
#   make image-test BOARD=rpi4     the image, then its structure checked (tests/image/check_image.sh)
# The base system (Debian 12 by mmdebstrap, several minutes) is cached in build-<board>/image/base
# and made again only when board/image/packages, board/<board>/image.packages or the scripts
# that make it change. The updates' trusted CAs: IMAGE_TRUST (default: the development CA
# of `make bundle`, made once in build-<board>/update-keys).
IMAGE = $(BUILD)/accueil-$(BOARD).img
IMAGE_BASE = $(BUILD)/image/base
# (board/update/extra.mk is read after this file: its variables are not used in rules here.)
IMAGE_KEYS = $(BUILD)/update-keys
IMAGE_TRUST ?= $(IMAGE_KEYS)/trust.pem
IMAGE_INPUTS = board/image/packages board/$(BOARD)/image.packages board/image/base.sh \
	board/image/in-namespace.sh
IMAGE_FILES = board/image/mkimage.sh board/systemd/accueil.service board/provision \
	board/$(BOARD)/kiosk.conf board/$(BOARD)/board.env board/update/accueil-update \
	board/update/health.sh board/update/health.script $(wildcard board/update/backends/*.sh) \
	board/update/accueil-update-check.service board/update/uboot/boot.cmd board/update/uboot/env.txt

.PHONY: image image-test image-base
ifneq ($(filter rpi4 rpi3,$(BOARD)),)
image: $(IMAGE)
image-base: $(IMAGE_BASE)/.key

$(IMAGE_BASE)/.key: $(IMAGE_INPUTS) | $(DEPS_STAMP)
	board/image/base.sh $(BOARD_ARCH) $(IMAGE_BASE) board/image/packages board/$(BOARD)/image.packages

$(IMAGE_KEYS)/trust.pem: | $(DEPS_STAMP)
	board/update/pki.sh ca $(IMAGE_KEYS) dev-ca
	board/update/pki.sh signer $(IMAGE_KEYS) signer dev-ca
	board/update/pki.sh trust $@ $(IMAGE_KEYS)/dev-ca.crt

$(IMAGE): $(IMAGE_BASE)/.key $(KIOSK) $(IMAGE_FILES) $(IMAGE_TRUST) | $(DEPS_STAMP)
	board/image/in-namespace.sh $(BOARD_ARCH) board/image/mkimage.sh --board $(BOARD) \
		--arch $(BOARD_ARCH) --base $(IMAGE_BASE) --kiosk $(KIOSK) --version $(UPDATE_VERSION) \
		--trust $(IMAGE_TRUST) --out $@

image-test: $(IMAGE)
	@tests/image/check_image.sh $(IMAGE) $(BOARD)
else
image image-test image-base:
	@echo "make $@: device images are made for BOARD=rpi4 or BOARD=rpi3 (this is BOARD=$(BOARD))" >&2
	@false
endif
