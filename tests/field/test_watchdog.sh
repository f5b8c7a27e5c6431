#!/usr/bin/env bash
# systemd's watchdog is fed from the UI loop, not from a thread: the real kiosk under Xvfb,
# with a stand-in for systemd's notification socket (NOTIFY_SOCKET, WATCHDOG_USEC=1 s).
# It says READY=1, pings every half period while idle, and after a key whose frame hangs in
# the renderer (a preloaded SDL_RenderPresent that never returns) the pings stop while the
# process is still there: systemd would kill and restart it. Without the hang they go on.
set -u
BUILD=${1:-build}
command -v xvfb-run >/dev/null && command -v xdotool >/dev/null || { echo "no xvfb-run/xdotool"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cc -O1 -o "$dir/notify_listen" tests/field/notify_listen.c || fail "listener"
cc -O1 -shared -fPIC -o "$dir/hang.so" tests/field/hang_shim.c -ldl || fail "shim"

cat >"$dir/run.sh" <<'INNER'
# run.sh DIR HANG(0|1): the kiosk for 6 s, a key at 2.5 s; the socket's log in DIR/notify.log
dir=$1 hang=$2
"$dir/notify_listen" "$dir/notify.sock" 7 >"$dir/notify.log" &
lpid=$!
sleep 0.3
env NOTIFY_SOCKET="$dir/notify.sock" WATCHDOG_USEC=1000000 SDL_VIDEODRIVER=x11 \
	SDL_AUDIODRIVER=dummy LD_PRELOAD="$dir/hang.so" ACCUEIL_HANG_FLAG="$dir/hang.flag" \
	"$ACCUEIL_BIN" --windowed --size 540x960 2>"$dir/kiosk.err" &
kpid=$!
for _ in $(seq 1 100); do wid=$(xdotool search --name '^Accueil$' 2>/dev/null | head -1); [ -n "$wid" ] && break; sleep 0.1; done
sleep 2.2
[ "$hang" = 1 ] && : >"$dir/hang.flag"
xdotool key --window "$wid" Down
sleep 3.5
if kill -0 $kpid 2>/dev/null; then echo alive >"$dir/state"; else echo dead >"$dir/state"; fi
kill -KILL $kpid 2>/dev/null
wait $kpid 2>/dev/null
wait $lpid
INNER
export ACCUEIL_BIN=$BUILD/accueil

check() { # HANG: runs and judges
	rm -f "$dir/notify.log" "$dir/state" "$dir/hang.flag"
	xvfb-run -a -s "-screen 0 1280x1024x24" bash "$dir/run.sh" "$dir" "$1" || fail "xvfb-run"
	echo "--- hang=$1"; cat "$dir/notify.log"
	grep -q 'READY=1' "$dir/notify.log" || fail "no READY=1: $(cat "$dir/kiosk.err")"
	[ "$(cat "$dir/state")" = alive ] || fail "the kiosk died: $(cat "$dir/kiosk.err")"
	ready=$(awk '/READY=1/{print $1; exit}' "$dir/notify.log")
	# Idle on the attract screen (no frame to draw), the loop still comes round to ping.
	idle=$(awk -v r="$ready" '$2=="WATCHDOG=1" && $1>r && $1<r+2000' "$dir/notify.log" | wc -l)
	[ "$idle" -ge 3 ] || fail "only $idle pings in the first 2 s while idle"
	last=$(awk '$2=="WATCHDOG=1"{t=$1} END{print t}' "$dir/notify.log")
	end=$(awk 'END{print $1}' "$dir/notify.log")
	echo "ready at $ready ms, last ping at $last ms"
	if [ "$1" = 1 ]; then
		# The key came at about ready+2.5 s; 3.5 s later the process lives but is silent.
		[ "$last" -lt $((ready + 3500)) ] || fail "pings went on through the hung frame"
	else
		[ "$last" -gt $((ready + 5000)) ] || fail "pings stopped without a hang (last $last)"
	fi
	: "$end"
}
check 0
check 1
echo ok
