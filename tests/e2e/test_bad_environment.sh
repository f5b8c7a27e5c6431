#!/usr/bin/env bash
# What is missing is named with what to do, and the kiosk runs with what works:
# a missing font, espeak-ng data, audio device or configuration; a bad config line;
# a display that cannot open (the one thing it cannot run without: exit 2, a clear message).
# Also the file-backed headphone detector.
set -u
BUILD=${1:-build}
K="$BUILD/accueil"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
printf 'key 1\nexpect screen home\nexpect shown "Comment pouvons-nous vous aider"\n' >"$dir/home.script"

# 1. a missing font: named, with the package to install; the kiosk still runs and speaks
printf 'font = /nonexistent/Font.ttf\nfont_bold = /nonexistent/Font-Bold.ttf\n' >"$dir/font.conf"
printf 'key 1\nexpect screen home\nexpect said fr "Comment pouvons-nous vous aider"\n' >"$dir/speak.script"
"$K" --config "$dir/font.conf" --script "$dir/speak.script" --out "$dir/o1" 2>"$dir/e1" || fail "no font: $(cat "$dir/e1")"
grep -q '/nonexistent/Font.ttf' "$dir/e1" && grep -q 'fonts-dejavu-core' "$dir/e1" || fail "font message: $(cat "$dir/e1")"

# 2. espeak-ng data missing: named; the screens work without speech
printf 'espeak_data = /nonexistent/espeak-ng-data\n' >"$dir/espeak.conf"
"$K" --config "$dir/espeak.conf" --script "$dir/home.script" --out "$dir/o2" 2>"$dir/e2" || fail "no espeak data: $(cat "$dir/e2")"
grep -q '/nonexistent/espeak-ng-data' "$dir/e2" && grep -q 'speech is off' "$dir/e2" || fail "espeak message: $(cat "$dir/e2")"

# 3. an unreadable configuration: said, and the defaults run
"$K" --config "$dir/none.conf" --script "$dir/home.script" --out "$dir/o3" 2>"$dir/e3" || fail "no config"
grep -q 'none.conf.*built-in defaults' "$dir/e3" || fail "config message: $(cat "$dir/e3")"

# 4. a bad line: named with its line number, the rest applied
printf 'idle_s = 120\nvolume = loud\n' >"$dir/bad.conf"
"$K" --config "$dir/bad.conf" --script "$dir/home.script" --out "$dir/o4" 2>"$dir/e4" || fail "bad line"
grep -q 'bad.conf:2' "$dir/e4" || fail "bad line message: $(cat "$dir/e4")"

# 5. a display that cannot open
SDL_VIDEODRIVER=x11 DISPLAY=:97 timeout 20 "$K" --windowed 2>"$dir/e5"
rc=$?
[ $rc -eq 2 ] || fail "display: exit $rc"
grep -q 'cannot open the display' "$dir/e5" || fail "display message: $(cat "$dir/e5")"

# 6. the headphone detector as a GPIO value file: plugged starts speech; unreadable is said once
echo 1 >"$dir/jack"
printf 'jack = %s\n' "$dir/jack" >"$dir/jack.conf"
printf 'wait 1s\nexpect speech on\nexpect said en "Welcome"\n' >"$dir/jack.script"
"$K" --config "$dir/jack.conf" --script "$dir/jack.script" --out "$dir/o6" 2>"$dir/e6" || fail "jack: $(cat "$dir/e6")"
printf 'jack = %s/absent\n' "$dir" >"$dir/jack2.conf"
printf 'wait 3s\nexpect speech off\n' >"$dir/jack2.script"
"$K" --config "$dir/jack2.conf" --script "$dir/jack2.script" --out "$dir/o7" 2>"$dir/e7" || fail "jack absent"
[ "$(grep -c 'cannot read the headphone detector' "$dir/e7")" -eq 1 ] || fail "jack message: $(cat "$dir/e7")"

# 7. no audio device: the live kiosk keeps running silent and says why (needs Xvfb)
if command -v xvfb-run >/dev/null && command -v xdotool >/dev/null; then
	cat >"$dir/audio.sh" <<'INNER'
K=$1; log=$2
SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=nonexistent "$K" --windowed --size 1080x1920 2>"$log" &
pid=$!
for _ in $(seq 1 100); do wid=$(xdotool search --name '^Accueil$' 2>/dev/null | head -1); [ -n "$wid" ] && break; sleep 0.1; done
xdotool key --window "$wid" F9; sleep 0.3; xdotool key --window "$wid" 1; sleep 0.3
kill -0 $pid || exit 1
kill -TERM $pid; wait $pid
INNER
	xvfb-run -a -s "-screen 0 1080x1920x24" bash "$dir/audio.sh" "$K" "$dir/e8" || fail "no audio: $(cat "$dir/e8")"
	grep -q 'runs silent' "$dir/e8" && grep -q 'screen: home' "$dir/e8" || fail "audio message: $(cat "$dir/e8")"
fi
cat "$dir/e8" 2>/dev/null | grep -E "audio|screen" | head -3
echo ok
