#!/usr/bin/env bash
# The real input path: the kiosk in a real X11 window under Xvfb, driven by real key
# events from xdotool. Checks the keys reach the core, that nothing a visitor presses
# quits (Alt+F4, Ctrl+Q, Escape storms), and that SIGTERM stops it cleanly.
set -u
BUILD=${1:-build}
command -v xvfb-run >/dev/null && command -v xdotool >/dev/null || { echo "skip: xvfb-run or xdotool missing"; exit 77; }

run_inside() {
	set -u
	log=$1
	SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
		"$BUILD/accueil" --windowed --size 1080x1920 2>"$log" &
	pid=$!
	wid=""
	for _ in $(seq 1 100); do
		wid=$(xdotool search --name '^Accueil$' 2>/dev/null | head -1)
		[ -n "$wid" ] && break
		sleep 0.1
	done
	[ -n "$wid" ] || { echo "no window"; kill $pid; return 1; }
	xdotool windowfocus --sync "$wid" 2>/dev/null || true
	keys() { for k in "$@"; do xdotool key --window "$wid" "$k"; sleep 0.15; done; }
	keys 2                     # English, session starts
	keys Down Down F1          # help
	keys alt+F4 ctrl+q Escape Escape Escape Escape Escape
	keys asterisk              # language switch (shift+8 / KP_Multiply alike)
	keys F1
	sleep 0.5
	kill -0 $pid 2>/dev/null || { echo "the kiosk quit on a visitor's key"; return 1; }
	kill -TERM $pid
	wait $pid
	rc=$?
	[ $rc -eq 0 ] || { echo "exit $rc after SIGTERM"; return 1; }
}
export -f run_inside
export BUILD
log=$(mktemp)
trap 'rm -f "$log"' EXIT
xvfb-run -a -s "-screen 0 1080x1920x24" bash -c "run_inside $log" || { cat "$log"; exit 1; }
cat "$log"
expect() { grep -q "$1" "$log" || { echo "missing in the log: $1"; exit 1; }; }
expect "screen: home (en)"
expect "screen: help (en)"
expect "screen: help (fr)"
expect "stopping on signal"
echo "x11 input path ok"
