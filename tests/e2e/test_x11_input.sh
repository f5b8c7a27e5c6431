#!/usr/bin/env bash
# The real input path: the kiosk in a real X11 window under Xvfb, driven by real key
# events from xdotool. Checks the keys reach the core, that nothing a visitor presses
# quits (Alt+F4, Ctrl+Q, Escape storms), and that SIGTERM stops it cleanly.
set -u
BUILD=${1:-build}
command -v xvfb-run >/dev/null && command -v xdotool >/dev/null || { echo "skip: xvfb-run or xdotool missing"; exit 77; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
xvfb-run -a -s "-screen 0 1080x1920x24" bash tests/e2e/x11_session.sh "$BUILD" "$log" || { cat "$log"; exit 1; }
cat "$log"
expect() { grep -q "$1" "$log" || { echo "missing in the log: $1"; exit 1; }; }
expect "screen: home (en)"
expect "screen: help (en)"
expect "screen: help (fr)"
expect "stopping on signal"
echo "x11 input path ok"
