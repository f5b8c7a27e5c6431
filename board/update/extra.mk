# Signed updates (board/update/, docs/technician-guide.md §7). Included by the Makefile (board/*/extra.mk).
#   make bundle BOARD=pc [UPDATE_VERSION=1.2.0] [UPDATE_KEY=… UPDATE_CERT=…] [ROOTFS=…]
# Without UPDATE_KEY, a development CA and signer are made once under $(BUILD)/update-keys
# (devices trust them only if given $(BUILD)/update-keys/trust.pem). ROOTFS defaults to an ext4
# root made from this build (pc); for rpi4/rpi3 pass the root image of the board's build.
UPDATE_VERSION ?= 0.1.$(shell git rev-list --count HEAD 2>/dev/null || echo 0)
UPDATE_KEYS = $(BUILD)/update-keys
UPDATE_KEY ?= $(UPDATE_KEYS)/signer.key
UPDATE_CERT ?= $(UPDATE_KEYS)/signer.crt
ROOTFS ?= $(BUILD)/update/rootfs-$(BOARD)-$(UPDATE_VERSION).ext4
BUNDLE = $(BUILD)/accueil-$(BOARD)-$(UPDATE_VERSION).swu
UPDATE_FILES = $(wildcard board/update/*.sh board/update/backends/*.sh) board/update/accueil-update \
               board/update/health.script board/update/sw-description.in

.PHONY: bundle
bundle: $(ROOTFS) | $(DEPS_STAMP)
	@if [ ! -f "$(UPDATE_KEY)" ]; then \
		echo "bundle: no UPDATE_KEY: making a development signing key in $(UPDATE_KEYS)"; \
		board/update/pki.sh ca $(UPDATE_KEYS) dev-ca && \
		board/update/pki.sh signer $(UPDATE_KEYS) signer dev-ca && \
		board/update/pki.sh trust $(UPDATE_KEYS)/trust.pem $(UPDATE_KEYS)/dev-ca.crt; fi
	board/update/mkbundle.sh --board $(BOARD) --version $(UPDATE_VERSION) --rootfs $(ROOTFS) \
		--key $(UPDATE_KEY) --cert $(UPDATE_CERT) --out $(BUNDLE)

# The pc root: the kiosk, the updater and the release file, as an ext4 image (mke2fs -d, no mount).
$(BUILD)/update/rootfs-pc-$(UPDATE_VERSION).ext4: $(KIOSK) $(UPDATE_FILES) | $(DEPS_STAMP)
	@rm -rf $(BUILD)/update/root-pc && mkdir -p $(BUILD)/update/root-pc/usr/bin \
		$(BUILD)/update/root-pc/usr/lib/accueil/update $(BUILD)/update/root-pc/etc
	cp $(KIOSK) $(BUILD)/update/root-pc/usr/bin/accueil
	cp -r board/update/accueil-update board/update/health.sh board/update/health.script \
		board/update/backends $(BUILD)/update/root-pc/usr/lib/accueil/update/
	ln -s ../lib/accueil/update/accueil-update $(BUILD)/update/root-pc/usr/bin/accueil-update
	echo "ACCUEIL_VERSION=$(UPDATE_VERSION)" > $(BUILD)/update/root-pc/etc/accueil-release
	mke2fs -q -F -t ext4 -L root -d $(BUILD)/update/root-pc $@.tmp 32M && mv $@.tmp $@
