#!/usr/bin/env bash
# pc with file-backed slots and the emulated U-Boot counter: an update installs, boots on
# trial, passes the health check (the kiosk of the new slot renders and speaks) and is
# committed; a deliberately unhealthy update fails it and rolls back by itself; an update that
# never reaches its health check is rolled back by the boot counter; a downgrade below the
# committed version is then refused. After each, the kiosk's own self-test (what the
# technician screen shows) names the outcome.
. "$(dirname "$0")/lib.sh" "${1:-build}"

# The kiosk's self-test line about the last update, its data folder holding the updater's state.
kiosk_update_line() {
	mkdir -p "$T/kdata"
	ln -sfn "$DEV/state" "$T/kdata/update"
	printf 'data_dir = %s\n' "$T/kdata" >"$T/kiosk.conf"
	{ SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "$BUILD/accueil" --config "$T/kiosk.conf" --selftest 2>/dev/null || true; } |
		grep -E '^[a-zA-Z]+ +update ' || true
}
expect_line() { # pattern what
	local line
	line=$(kiosk_update_line)
	grep -qE "$1" <<<"$line" || fail "$2: the kiosk's self-test says '$line'"
	echo "kiosk: $line"
}

new_device file
expect_eq "$(booted)" A "first boot"

step "healthy update: install, reboot, health check, commit"
upd install "$FIX/good.swu"
[ -e "$DEV/reboot-requested" ] || fail "no reboot after install"
boot
expect_eq "$(booted)" B "boot after install"
expect_eq "$(envget bootcount)" 1 "boot counter on trial"
expect_line '^warn +update +version 1\.1\.0 is on trial in slot B' "on trial"
upd boot-check
expect_eq "$(envget upgrade_available)" 0 "trial cleared by the commit"
expect_eq "$(envget accueil_slot)" B "committed slot"
grep -q "^committed 1.1.0 slot B" "$DEV/state/last-result" || fail "last result: $(cat "$DEV/state/last-result")"
expect_line '^ok +update +version 1\.1\.0 installed and committed in slot B \([0-9-]+ [0-9:]+ UTC\)$' "after the commit"
[ ! -e "$DEV/reboot-requested" ] || fail "reboot after a commit"
for i in 1 2 3 4 5; do boot; done
expect_eq "$(booted)" B "committed slot keeps booting"
upd status | tee "$T/status"
grep -q "running slot B, version 1.1.0" "$T/status" || fail "status"

step "unhealthy update: health check fails, marked bad, back to the old slot"
upd install "$FIX/unhealthy.swu"
boot
expect_eq "$(booted)" A "trial boot of the unhealthy update"
if upd boot-check; then fail "the unhealthy slot passed its health check"; fi
[ -e "$DEV/reboot-requested" ] || fail "no reboot after the failed health check"
expect_eq "$(envget accueil_bad)" A "slot marked bad"
boot
expect_eq "$(booted)" B "rolled back"
expect_eq "$(slot_release B)" 1.1.0 "old slot intact"
grep -q "^rolled-back 1.2.0 slot A: health check failed" "$DEV/state/last-result" ||
	fail "last result: $(cat "$DEV/state/last-result")"
grep -q "cannot open the display" "$DEV/state/last-result" || fail "reason missing from the last result"
expect_line '^warn +update +version 1\.2\.0 rolled back \(.*UTC\); running 1\.1\.0 in slot B\. Do not reinstall it; report .*/update/health\.log\. Its health check failed: exit 1: .*cannot open the display$' "after the failed health check"
upd boot-check
upd status | tee "$T/status"
grep -q "last update: rolled-back 1.2.0" "$T/status" || fail "status does not show the rollback"

step "an update that never reaches its health check: the boot counter goes back alone"
upd install "$FIX/v1.3.swu"
for n in 1 2 3; do
	boot
	expect_eq "$(booted)" A "trial boot $n (hangs before its health check)"
done
boot
expect_eq "$(booted)" B "boot past the limit"
expect_eq "$(envget upgrade_available)" 0 "the boot loader cleared the trial"
upd boot-check
grep -q "^rolled-back 1.3.0 slot A: never reached its health check" "$DEV/state/last-result" ||
	fail "last result: $(cat "$DEV/state/last-result")"
expect_line '^warn +update +version 1\.3\.0 rolled back \(.*\); running 1\.1\.0 in slot B\. Do not reinstall it; report this line\. It never reached its health check' "after the boot loader went back"

step "anti-downgrade follows the committed version"
if upd install "$FIX/good.swu" --no-reboot 2>"$T/err"; then fail "reinstalled the running version"; fi
grep -q "No reinstalling allowed" "$T/err" || fail "$(cat "$T/err")"
echo ok
