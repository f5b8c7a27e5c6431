#!/usr/bin/env bash
# The health check that decides whether a new slot is committed (exit 0) or rolled back.
# With `accueil --selftest` (when the kiosk has it) that is the check. Otherwise: the kiosk
# renders a frame and speaks (health.script, headless, exit code and the screenshot), and the
# outbox database is intact. ACCUEIL_BIN (/usr/bin/accueil), ACCUEIL_CONFIG, ACCUEIL_DATA
# (/var/lib/accueil: the outbox) can be changed for tests.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${ACCUEIL_BIN:-/usr/bin/accueil}
data=${ACCUEIL_DATA:-/var/lib/accueil}
[ -x "$bin" ] || { echo "health: no kiosk at $bin"; exit 1; }
conf=()
[ -n "${ACCUEIL_CONFIG:-}" ] && conf=(--config "$ACCUEIL_CONFIG")
if "$bin" --help 2>/dev/null | grep -q -- --selftest; then
	"$bin" "${conf[@]}" --selftest
	exit
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-dummy} SDL_AUDIODRIVER=${SDL_AUDIODRIVER:-dummy}
export SDL_RENDER_DRIVER=${SDL_RENDER_DRIVER:-software}
if ! "$bin" "${conf[@]}" --script "$here/health.script" --out "$out" >"$out/log" 2>&1; then
	echo "health: the kiosk failed its scripted start: $(tail -1 "$out/log")"
	exit 1
fi
[ -s "$out/health.png" ] || { echo "health: no frame rendered"; exit 1; }
if [ -f "$data/outbox.db" ]; then
	r=$(sqlite3 "file:$data/outbox.db?mode=ro" 'PRAGMA quick_check' 2>&1)
	[ "$r" = ok ] || { echo "health: outbox damaged: $r"; exit 1; }
fi
echo "health: frame rendered, speech produced, outbox intact"
