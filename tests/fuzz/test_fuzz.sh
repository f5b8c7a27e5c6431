#!/usr/bin/env bash
# Builds every libFuzzer target (tests/fuzz/fuzz.mk) and runs each for a few seconds on its
# committed seed corpus. Usage: test_fuzz.sh BUILD_DIR. Exit 0 pass, 77 skipped (no clang or no
# libFuzzer runtime), anything else a failure (build error, crash, leak, time-out).
set -u
BUILD=${1:-build}
SECONDS_EACH=${FUZZ_SECONDS:-5}
cd "$(dirname "$0")/../.." || exit 1

if ! command -v clang >/dev/null 2>&1; then
	echo "clang not installed"
	exit 77
fi
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n); int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' |
	clang -x c -fsanitize=fuzzer - -o /dev/null 2>/dev/null; then
	echo "libFuzzer runtime missing (libclang-rt-14-dev)"
	exit 77
fi

make -s -j2 BUILD="$BUILD" fuzz-build || { echo "fuzz: build failed"; exit 1; }
names=$(make -s BUILD="$BUILD" fuzz-list)
[ -n "$names" ] || { echo "no fuzzer ready"; exit 77; }

fail=0
for n in $names; do
	work=$BUILD/fuzz/corpus/$n
	mkdir -p "$work" "$BUILD/fuzz/artifacts" "tests/fuzz/corpus/$n"
	log=$BUILD/fuzz/$n.log
	if "$BUILD/fuzz/$n" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$BUILD/fuzz/artifacts/$n-" "$work" "tests/fuzz/corpus/$n" >"$log" 2>&1; then
		echo "$n: $(sed -n 's/^Done \([0-9]*\) runs.*/\1 runs/p' "$log" | tail -1) clean"
	else
		echo "$n: FAILED (log $log, artifacts in $BUILD/fuzz/artifacts)"
		grep -E 'ERROR|runtime error|SUMMARY' "$log" | head -5
		fail=1
	fi
done
exit $fail
