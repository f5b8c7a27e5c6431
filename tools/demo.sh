#!/usr/bin/env bash
# make demo: the bilingual walkthrough, driven by script through the real kiosk, in
# portrait and landscape; leaves screenshots, the spoken log and the audio in OUT.
set -eu
BUILD=${1:-build}
OUT=${2:-out/demo}
CONF=${3:-}
export SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-dummy}
export SDL_AUDIODRIVER=${SDL_AUDIODRIVER:-dummy}
rm -rf "$OUT"
mkdir -p "$OUT"
args=()
[ -n "$CONF" ] && args=(--config "$CONF")
"$BUILD/accueil" "${args[@]}" --script tests/e2e/demo_bilingual.script --out "$OUT/portrait" --size 1080x1920
"$BUILD/accueil" "${args[@]}" --script tests/e2e/demo_bilingual.script --out "$OUT/landscape" --size 1920x1080
"$BUILD/accueil" "${args[@]}" --render-all "$OUT/screens" >/dev/null
echo "demo: screenshots   $OUT/portrait/*.png, $OUT/landscape/*.png, every screen in $OUT/screens/"
echo "demo: spoken log    $OUT/portrait/said.txt (one line per segment, with its language)"
echo "demo: speech audio  $OUT/portrait/said.wav (22 050 Hz mono; e.g. sox $OUT/portrait/said.wav -n stat)"
