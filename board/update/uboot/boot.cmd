# Accueil's A/B boot script for U-Boot (Debian's u-boot-rpi), compiled by board/image/mkimage.sh
# into boot.scr on the boot partition, where the environment's bootcmd loads it
# (board/update/uboot/env.txt). @CMDLINE@, @BOOT@ and @NORELOC@ are filled in per board.
#
# The environment (uboot.env on the boot partition, written by accueil-update with fw_setenv):
#   accueil_slot       A or B: the slot to start (root partition 2 or 3)
#   accueil_prev       the slot to go back to while accueil_slot is on trial
#   upgrade_available  1 while on trial: each start counts one in bootcount, saved before the
#                      kernel runs; past bootlimit the trial has failed and accueil_prev starts
#   bootlimit          1 to 9 (setexpr counts in hexadecimal, test compares in decimal)
#   accueil_bad        the last slot that failed (for the technician: accueil-update status)
# Debian's U-Boot has no CONFIG_BOOTCOUNT_LIMIT, so the counter is kept here.
# tests/update/bootloader.sh emulates this logic for the pc tests; tests/image/check_image.sh
# runs this very script in U-Boot under QEMU.

setenv kernel_addr_r 0x00200000
setenv ramdisk_addr_r 0x04000000
setenv fdt_addr_r 0x1ff00000
# The initramfs and the device tree stay where they are loaded, in the low memory a 32-bit
# kernel reaches (U-Boot's own environment says so; ours replaces it).
setenv initrd_high @NORELOC@
setenv fdt_high @NORELOC@
if test "${accueil_slot}" != B; then setenv accueil_slot A; fi
if test -z "${bootlimit}"; then setenv bootlimit 3; fi
if test -z "${bootcount}"; then setenv bootcount 0; fi

# A trial that has failed: the previous slot starts, now and after.
setenv accueil_fallback 'setenv accueil_bad ${accueil_slot}; if test "${accueil_prev}" = B; then setenv accueil_slot B; else setenv accueil_slot A; fi; setenv accueil_prev; setenv upgrade_available 0; setenv bootcount 0'

if test "${upgrade_available}" = 1; then
	setexpr bootcount ${bootcount} + 1
	if test ${bootcount} -gt ${bootlimit}; then
		echo "Accueil: slot ${accueil_slot} was not committed within bootlimit=${bootlimit} starts; back to slot ${accueil_prev}"
		run accueil_fallback
	fi
	saveenv
fi

# The firmware's device tree (with the board's memory and serial number), out of the way of
# the kernel and the initramfs.
if fdt addr ${fdt_addr}; then
	fdt move ${fdt_addr} ${fdt_addr_r} 0x40000
else
	echo "Accueil: the firmware passed no device tree"
fi

setenv accueil_start 'if test "${accueil_slot}" = B; then setenv accueil_part 3; else setenv accueil_part 2; fi; setenv bootargs "@CMDLINE@ root=PARTUUID=41636375-0${accueil_part} accueil.slot=${accueil_slot}"; echo "Accueil: starting slot ${accueil_slot} (partition ${accueil_part})"; load mmc 0:${accueil_part} ${kernel_addr_r} /vmlinuz && load mmc 0:${accueil_part} ${ramdisk_addr_r} /initrd.img && @BOOT@ ${kernel_addr_r} ${ramdisk_addr_r}:${filesize} ${fdt_addr_r}'
run accueil_start

# Only reached when the slot's kernel could not be loaded or started.
echo "Accueil: slot ${accueil_slot} could not be started"
if test "${upgrade_available}" = 1; then
	# A slot on trial that cannot start has failed.
	run accueil_fallback
	saveenv
else
	# A committed slot that cannot start: the other one, this time, the environment unchanged.
	if test "${accueil_slot}" = B; then setenv accueil_slot A; else setenv accueil_slot B; fi
fi
run accueil_start
echo "Accueil: neither slot could be started"
sleep 10
reset
