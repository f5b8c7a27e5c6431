#!/usr/bin/env bash
# Runs every test suite and ends with one aggregated line: "N passed, N failed".
#  - cmocka binaries under BUILD/tests/{unit,integration}: their own counts;
#  - scripted walkthroughs tests/e2e/*.script: one test each, run by the real kiosk;
#  - shell tests tests/*/test_*.sh: one test each (exit 0 = pass, 77 = skipped).
# Cross builds (make BOARD=rpi4 test, board/cross.mk) set ACCUEIL_RUNNER (the qemu-user
# command that runs each binary) and ACCUEIL_SUITES=cmocka (the non-graphical suites only).
set -u
BUILD=${1:-build}
export SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-dummy}
export SDL_AUDIODRIVER=${SDL_AUDIODRIVER:-dummy}
export SDL_RENDER_DRIVER=${SDL_RENDER_DRIVER:-software}
export ACCUEIL_BUILD=$BUILD
# Sanitizer builds: leaks inside third-party libraries are not ours to fix.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
RUNNER=${ACCUEIL_RUNNER:-}
SUITES=${ACCUEIL_SUITES:-all}
# qemu-user's -L does not reach access() and statx(): espeak-ng is pointed at the sysroot's
# data by its own variable. qemu-arm 7.2 cannot list that data on ext4 either (32-bit readdir
# overflows): armhf reads a copy on tmpfs (BUILD-NOTES.md).
if [ -n "$RUNNER" ]; then
	export ESPEAK_DATA_PATH=$ACCUEIL_SYSROOT/usr/lib/$ACCUEIL_TRIPLET
	# Tests that start the built programs find them through ACCUEIL_BUILD: there, each
	# program is a script that execs it under the runner (same pid, so kill reaches it).
	wrap=$BUILD/under-qemu
	mkdir -p "$wrap"
	for p in accueil accueil-central tools/escpos_render; do
		mkdir -p "$(dirname "$wrap/$p")"
		printf '#!/bin/sh
exec %s %s "$@"
' "$RUNNER" "$PWD/$BUILD/$p" >"$wrap/$p"
		chmod +x "$wrap/$p"
	done
	export ACCUEIL_BUILD=$wrap
fi
if [ -n "$RUNNER" ] && [ "${ACCUEIL_TRIPLET:-}" = arm-linux-gnueabihf ]; then
	shm=/dev/shm/accueil-espeak-$$
	mkdir -p "$shm" && cp -r "$ACCUEIL_SYSROOT/usr/lib/arm-linux-gnueabihf/espeak-ng-data" "$shm/"
	export ESPEAK_DATA_PATH=$shm
	trap 'rm -rf "$shm"' EXIT
fi
LOG_DIR=$BUILD/test-logs
mkdir -p "$LOG_DIR"
passed=0 failed=0 skipped=0
failures=()

record() { # name status(pass|fail|skip) [count]
	local n=${3:-1}
	case $2 in
	pass) passed=$((passed + n)) ;;
	skip) skipped=$((skipped + n)) ;;
	*) failed=$((failed + n)); failures+=("$1") ;;
	esac
}

run_cmocka() {
	local bin=$1 name log rc p f
	name=${bin#"$BUILD"/tests/}
	log=$LOG_DIR/${name//\//_}.log
	# shellcheck disable=SC2086 # RUNNER is a command line
	timeout 300 $RUNNER "$bin" >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	p=${p:-0} f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # crashed or timed out before its summary
	printf '%-46s %3d passed, %d failed\n' "$name" "$p" "$f"
	[ "$p" -gt 0 ] && record "$name" pass "$p"
	[ "$f" -gt 0 ] && { record "$name" fail "$f"; sed 's/^/    /' "$log" | grep -E 'FAIL|ERROR|error|Assert|expected' | head -20; }
}

run_one() { # name command...
	local name=$1 log rc
	shift
	log=$LOG_DIR/${name//\//_}.log
	timeout 600 "$@" >"$log" 2>&1
	rc=$?
	case $rc in
	0) printf '%-46s pass\n' "$name"; record "$name" pass ;;
	77) printf '%-46s skipped: %s\n' "$name" "$(tail -1 "$log")"; record "$name" skip ;;
	*) printf '%-46s FAIL (exit %d)\n' "$name" "$rc"; tail -15 "$log" | sed 's/^/    /'; record "$name" fail ;;
	esac
}

for bin in $(find "$BUILD/tests" -type f -perm -u+x -name 'test_*' 2>/dev/null | sort); do
	run_cmocka "$bin"
done
[ "$SUITES" = cmocka ] || for s in tests/e2e/*.script; do
	[ -e "$s" ] || continue
	out=$BUILD/e2e/$(basename "$s" .script)
	# Each run starts from an empty data directory (outbox, settings, the PIN's lock-out),
	# as a fresh kiosk does: nothing of the last run carries over.
	rm -rf "$out/data"
	mkdir -p "$out"
	run_one "e2e/$(basename "$s")" "$BUILD/accueil" --script "$s" --out "$out"
done
[ "$SUITES" = cmocka ] || for t in tests/*/test_*.sh; do
	[ -e "$t" ] || continue
	run_one "${t#tests/}" bash "$t" "$BUILD"
done

if [ ${#failures[@]} -gt 0 ]; then
	echo "failed: ${failures[*]}"
fi
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
