# Slot backend: Raspberry Pi firmware "tryboot" (autoboot.txt with tryboot_a_b=1).
# The [all] section names the committed boot partition, [tryboot] the one on trial. A reboot
# with the tryboot flag ("reboot '0 tryboot'") boots [tryboot] once; the firmware clears the
# flag, so any later reboot, a power cut or a hang that the watchdog resets boots the committed
# slot again: the counter is one boot. Slot A is partition 2, slot B partition 3.
BOOT_DIR=${BOOT_DIR:-/boot/firmware}
TRYBOOT_FLAG=${TRYBOOT_FLAG:-/proc/device-tree/chosen/bootloader/tryboot}
TRYBOOT_REBOOT_CMD=${TRYBOOT_REBOOT_CMD:-"systemctl reboot '0 tryboot'"}

tb_part() { case $1 in A) echo 2 ;; B) echo 3 ;; esac; }
tb_write() { # committed-slot trial-slot
	local f=$BOOT_DIR/autoboot.txt
	printf '[all]\ntryboot_a_b=1\nboot_partition=%s\n[tryboot]\nboot_partition=%s\n' \
		"$(tb_part "$1")" "$(tb_part "$2")" >"$f.new"
	sync "$f.new"
	mv "$f.new" "$f"
	sync "$BOOT_DIR"
}
tb_flag() { [ -r "$TRYBOOT_FLAG" ] && od -An -tu1 "$TRYBOOT_FLAG" 2>/dev/null | tr -d ' \n' | grep -q '[1-9]'; }

backend_trying() { tb_flag; }
backend_arm() { tb_write "$2" "$1"; }
backend_reboot_to_trial() { eval "$TRYBOOT_REBOOT_CMD"; }
backend_commit() { tb_write "$1" "$1"; }
backend_reject() { tb_write "$2" "$2"; }
backend_after_fallback() { :; }
backend_describe() {
	echo "backend: Raspberry Pi tryboot ($BOOT_DIR/autoboot.txt)"
	sed 's/^/  /' "$BOOT_DIR/autoboot.txt" 2>/dev/null || true
	echo "booted with tryboot: $(tb_flag && echo yes || echo no)"
}
