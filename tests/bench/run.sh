#!/usr/bin/env bash
# make bench: SPEC.md §5, measured; prints one table and never fails the build.
# The live kiosk runs in a real X window under Xvfb (software renderer), like on a
# board without a GPU; in-process rows use off-screen surfaces.
BUILD=${1:-build}
export SDL_AUDIODRIVER=${SDL_AUDIODRIVER:-dummy}
export SDL_RENDER_DRIVER=software
echo "Accueil bench ($(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d))"
echo
echo "| what | measured | bar (SPEC.md §5) |"
echo "|---|---|---|"
for b in "$BUILD"/bench/bench_*; do
	[ -x "$b" ] || continue
	if [ "$(basename "$b")" = bench_kiosk ] && command -v xvfb-run >/dev/null && [ -z "${DISPLAY:-}" ]; then
		SDL_VIDEODRIVER=x11 xvfb-run -a -s "-screen 0 1080x1920x24" "$b" "$BUILD" ||
			echo "| $(basename "$b") | failed (exit $?) | |"
	else
		SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-dummy} "$b" "$BUILD" || echo "| $(basename "$b") | failed (exit $?) | |"
	fi
done
exit 0
