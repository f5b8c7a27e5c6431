#!/usr/bin/env bash
# Power cuts at every step of an install and of the check after it. After each, the device is
# powered on (emulated boot loader) and must boot a slot that works: the old slot until the new
# one is completely written and armed, the old slot's file system intact, and the boot
# environment always readable, holding either the old or the new values, never a mix.
. "$(dirname "$0")/lib.sh" "${1:-build}"
a_sum=$(sha256sum <"$FIX/root-1.0.0.ext4")
envdump() { fw_printenv -c "$DEV/state/fw_env.config" 2>/dev/null | sort; }
old_slot_fine() { # what
	expect_eq "$(booted)" A "$1: booted slot"
	expect_eq "$(sha256sum <"$DEV/slots/rootA.img")" "$a_sum" "$1: slot A changed"
	expect_eq "$(envget accueil_slot)" A "$1: environment"
	upd boot-check >/dev/null 2>&1 || fail "$1: boot-check after the cut"
	[ ! -e "$DEV/state/trial" ] || fail "$1: a trial is left after boot-check"
	expect_eq "$(envget upgrade_available)" 0 "$1: trial armed after the cut"
}
killed() { # step command...: the command must die of the cut (SIGKILL)
	local step=$1 rc
	shift
	set +e
	ACCUEIL_UPDATE_CUT=$step "$@" >/dev/null 2>&1
	rc=$?
	set -e
	expect_eq "$rc" 137 "cut at $step: exit status"
}

step "cuts inside accueil-update install"
for s in start written recorded; do
	new_device file
	killed $s upd install "$FIX/good.swu"
	boot
	old_slot_fine "install cut after '$s'"
	upd install "$FIX/good.swu" >/dev/null 2>&1 || fail "install after a cut at $s"
	boot
	expect_eq "$(booted)" B "install after a cut at $s"
	echo "cut after $s: slot A boots, a new install works"
done
new_device file
killed armed upd install "$FIX/good.swu"
boot
expect_eq "$(booted)" B "cut after arming: the complete new slot is on trial"
upd boot-check >/dev/null 2>&1
expect_eq "$(envget upgrade_available)" 0 "committed after a cut right after arming"
echo "cut after armed: slot B on trial, committed by its health check"

step "cuts inside boot-check"
new_device file
upd install "$FIX/good.swu" >/dev/null 2>&1
for n in 1 2 3; do
	boot
	expect_eq "$(booted)" B "trial boot $n"
	killed checking upd boot-check
done
boot
expect_eq "$(booted)" A "a cut during every health check: the counter goes back"
upd boot-check >/dev/null 2>&1
grep -q "never reached its health check" "$DEV/state/last-result" || fail "last result after cuts in checks"
echo "cut during each of 3 health checks: slot A boots on the 4th, the rollback is recorded"
new_device file
upd install "$FIX/good.swu" >/dev/null 2>&1
boot
killed committed upd boot-check
boot
expect_eq "$(booted)" B "cut right after the commit"
expect_eq "$(envget upgrade_available)" 0 "cut right after the commit: trial"
echo "cut right after the commit: slot B boots, committed"
new_device file
upd install "$FIX/unhealthy.swu" >/dev/null 2>&1
boot
killed rejected upd boot-check
boot
old_slot_fine "cut right after rejecting the unhealthy slot"
echo "cut right after rejecting an unhealthy slot: slot A boots"

step "cuts inside SWUpdate while it reads the bundle (nothing is written before verification)"
size=$(stat -c %s "$FIX/good.swu")
full=$(cpio -i --quiet --to-stdout rootfs.img <"$FIX/good.swu" | sha256sum)
for off in 60 600 1100 $((size / 2)) $((size - 1)); do
	new_device file
	blank=$(sha256sum <"$DEV/slots/rootB.img")
	before=$(envdump)
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	swupdate -k "$FIX/trust.pem" --cert-purpose codeSigning -H pc:1.0 -e stable,copyB -N 1.0.0 -R 1.0.0 \
		-l 3 -i "$T/fifo" >"$T/swupdate.log" 2>&1 &
	sw=$!
	{ head -c "$off" "$FIX/good.swu"; sleep 5; } >"$T/fifo" &
	feeder=$!
	sleep 0.5
	kill -KILL $sw 2>/dev/null || true
	wait $sw 2>/dev/null || true
	kill $feeder 2>/dev/null || true
	wait $feeder 2>/dev/null || true
	# Only a complete, verified image may have reached slot B (the cut at the last byte
	# comes after the image was checked and written, before the archive's trailer).
	got=$(sha256sum <"$DEV/slots/rootB.img")
	[ "$got" = "$blank" ] || [ "$got" = "$full" ] || fail "SWUpdate cut at byte $off: slot B partly written"
	expect_eq "$(envdump)" "$before" "SWUpdate cut at byte $off: environment"
	boot
	old_slot_fine "SWUpdate cut at byte $off"
	echo "SWUpdate cut at byte $off of $size: slot B $([ "$got" = "$blank" ] && echo untouched || echo "complete and verified"), environment untouched, slot A boots"
done

step "a cut while the image is copied to slot B leaves it half written, the environment untouched"
new_device file
cpio -i --quiet --to-stdout rootfs.img <"$FIX/good.swu" >"$T/image"
dd if="$T/image" of="$DEV/slots/rootB.img" bs=1M count=4 conv=notrunc status=none
boot
old_slot_fine "half-written slot B"
upd install "$FIX/good.swu" --no-reboot >/dev/null 2>&1 || fail "install over a half-written slot"
expect_eq "$(slot_release B)" 1.1.0 "slot B rewritten"
echo "half-written slot B: slot A boots, the next install rewrites B"

step "cuts inside each environment write (torn copy): old values or new, never a mix"
torn_writes() { # label command...: tears the copy the command writes at several offsets
	local label=$1 pre post f changed=
	shift
	mkdir -p "$T/pre"
	cp "$DEV/state/uboot.env" "$DEV/state/uboot-redund.env" "$T/pre/"
	pre=$(envdump)
	"$@" >/dev/null 2>&1
	post=$(envdump)
	[ "$pre" != "$post" ] || fail "$label wrote nothing"
	for f in uboot.env uboot-redund.env; do
		cmp -s "$T/pre/$f" "$DEV/state/$f" || changed="$changed $f"
	done
	changed=${changed# }
	case $changed in *" "* | "") fail "$label wrote '$changed', not one copy" ;; esac
	cp "$DEV/state/$changed" "$T/post.env"
	local off got n=0
	for off in 1 4 5 16 40 200 8192 16383; do
		{ head -c "$off" "$T/post.env"; tail -c +$((off + 1)) "$T/pre/$changed"; } >"$DEV/state/$changed"
		got=$(envdump)
		[ "$got" = "$pre" ] || [ "$got" = "$post" ] || fail "$label torn at $off: a mixed environment: $got"
		[ "$got" = "$pre" ] && n=$((n + 1))
	done
	cp "$T/post.env" "$DEV/state/$changed"
	[ $n -gt 0 ] || fail "$label: no torn write fell back to the old copy"
	echo "$label: 8 torn writes, $n read the old values, the rest the complete new ones"
}
backend() { (STATE_DIR=$DEV/state UPDATE_DIR=$UPD && . "$UPD/backends/file.sh" && "$@"); }
new_device file
torn_writes "arm slot B" backend backend_arm B A
torn_writes "boot counter" boot
expect_eq "$(booted)" B "trial boot"
torn_writes "commit slot B" backend backend_commit B
torn_writes "arm slot A" backend backend_arm A B
torn_writes "reject slot A" backend backend_reject A B
backend backend_arm A B
torn_writes "boot loader fallback" backend backend_after_fallback A
step "with both copies destroyed, the boot loader's default environment boots slot A"
head -c 16384 /dev/urandom >"$DEV/state/uboot.env"
head -c 16384 /dev/urandom >"$DEV/state/uboot-redund.env"
boot
expect_eq "$(booted)" A "boot with no valid environment"
upd boot-check >/dev/null 2>&1 || fail "boot-check on a damaged environment"
expect_eq "$(envget accueil_slot)" A "environment written again by boot-check"
grep -q "the boot environment was damaged" "$DEV/state/journal" || fail "no journal line about the damaged environment"
echo "damaged environment: slot A boots, boot-check writes the environment again"

step "an update on trial in slot A when the environment is lost: checked all the same"
# Running slot B (committed), an update written to slot A and armed; the environment is then
# lost: the boot loader starts slot A on its defaults, without a trial or a counter.
new_device file
upd install "$FIX/good.swu" >/dev/null 2>&1
boot
upd boot-check >/dev/null 2>&1
expect_eq "$(booted)" B "committed slot B"
upd install "$FIX/v1.3.swu" >/dev/null 2>&1 || fail "install of 1.3.0 into slot A"
head -c 16384 /dev/urandom >"$DEV/state/uboot.env"
head -c 16384 /dev/urandom >"$DEV/state/uboot-redund.env"
boot
expect_eq "$(booted)" A "slot A on the boot loader's defaults"
upd boot-check >/dev/null 2>&1 || fail "boot-check of the unmarked trial"
grep -q "^committed 1.3.0 slot A" "$DEV/state/last-result" || fail "the trial was not checked: $(cat "$DEV/state/last-result")"
expect_eq "$(envget accueil_slot)" A "the boot loader told the outcome"
expect_eq "$(envget upgrade_available)" 0 "no trial left"
echo "lost environment during a trial of slot A: the health check still decides (committed)"
echo ok
