#!/usr/bin/env bash
# The Raspberry Pi tryboot backend, with the firmware's one-shot tryboot emulated: a healthy
# update is committed in autoboot.txt, an unhealthy one rolls back, and one that never reaches
# its health check is gone at the next reboot because tryboot lasts one boot.
. "$(dirname "$0")/lib.sh" "${1:-build}"
part() { awk -v s="[$1]" '/^\[/ {in_s = ($0 == s)} in_s && /^boot_partition=/ {sub(/.*=/, ""); print}' "$DEV/boot/autoboot.txt"; }

new_device tryboot
expect_eq "$(booted)" A "first boot"
step "healthy update"
upd install "$FIX/good.swu"
[ -e "$DEV/tryboot-request" ] || fail "no tryboot reboot"
expect_eq "$(part all)" 2 "committed partition while on trial"
expect_eq "$(part tryboot)" 3 "trial partition"
boot
expect_eq "$(booted)" B "tryboot into slot B"
upd boot-check
expect_eq "$(part all)" 3 "committed partition after the health check"
boot
expect_eq "$(booted)" B "normal boot after the commit"

step "unhealthy update"
upd install "$FIX/unhealthy.swu"
boot
expect_eq "$(booted)" A "tryboot into slot A"
if upd boot-check; then fail "the unhealthy slot passed"; fi
boot
expect_eq "$(booted)" B "back to slot B"
grep -q "^rolled-back 1.2.0 slot A: health check failed" "$DEV/state/last-result" || fail "$(cat "$DEV/state/last-result")"

step "an update that hangs before its check: tryboot lasts one boot"
upd install "$FIX/v1.3.swu"
boot
expect_eq "$(booted)" A "tryboot into slot A"
boot # the watchdog resets the hung kiosk: a plain reboot
expect_eq "$(booted)" B "the firmware went back by itself"
upd boot-check
grep -q "^rolled-back 1.3.0 slot A: never reached" "$DEV/state/last-result" || fail "$(cat "$DEV/state/last-result")"
expect_eq "$(part all)" 3 "committed partition unchanged"
echo ok
