#!/usr/bin/env bash
# Runs inside Xvfb (see test_x11_input.sh): the kiosk in a real X11 window, real key
# events from xdotool. Usage: x11_session.sh BUILD LOG
set -u
BUILD=$1
log=$2
SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
	"$BUILD/accueil" --windowed --size 1080x1920 2>"$log" &
pid=$!
wid=""
for _ in $(seq 1 100); do
	wid=$(xdotool search --name '^Accueil$' 2>/dev/null | head -1)
	[ -n "$wid" ] && break
	sleep 0.1
done
[ -n "$wid" ] || { echo "no window"; kill $pid; exit 1; }
xdotool windowfocus --sync "$wid" 2>/dev/null || true
keys() { for k in "$@"; do xdotool key --window "$wid" "$k"; sleep 0.15; done; }
keys 2                     # English: the session starts
keys Down Down F1          # help
keys alt+F4 ctrl+q Escape Escape Escape Escape Escape
keys asterisk              # language switch
keys F1
sleep 0.5
kill -0 $pid 2>/dev/null || { echo "the kiosk quit on a visitor's key"; exit 1; }
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 0 ] || { echo "exit $rc after SIGTERM"; exit 1; }
