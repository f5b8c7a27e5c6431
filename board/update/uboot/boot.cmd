# U-Boot boot script for A/B slots (mkimage -A arm64 -T script -d boot.cmd boot.scr).
# Needs CONFIG_BOOTCOUNT_LIMIT with CONFIG_BOOTCOUNT_ENV: while upgrade_available=1 U-Boot
# increments bootcount at each boot and, past bootlimit, runs altbootcmd instead of bootcmd.
# tests/update/bootloader.sh emulates exactly this logic for the tests (no board boots in CI).
# Not yet tested on a board, and not yet in the images of `make image`: they boot the kernel
# straight from the Raspberry Pi firmware (docs/updates.md, "Slot switching").
if test -z "${accueil_slot}"; then setenv accueil_slot A; fi
if test -z "${bootlimit}"; then setenv bootlimit 3; saveenv; fi
setenv altbootcmd 'setenv accueil_slot ${accueil_prev}; setenv upgrade_available 0; setenv bootcount 0; saveenv; run bootcmd'
if test "${accueil_slot}" = "B"; then setenv rootpart 3; else setenv rootpart 2; fi
setenv bootargs "${bootargs} root=/dev/mmcblk0p${rootpart} ro rootwait accueil.slot=${accueil_slot}"
load mmc 0:${rootpart} ${kernel_addr_r} /boot/Image
load mmc 0:${rootpart} ${fdt_addr_r} /boot/${fdtfile}
booti ${kernel_addr_r} - ${fdt_addr_r}
