#!/usr/bin/env bash
# The health check that decides whether a new slot is committed (exit 0) or rolled back: the
# kiosk renders a frame and speaks (health.script, headless, exit code and the screenshot), the
# outbox database is intact, and `accueil --selftest` finds its software parts working. ACCUEIL_BIN (/usr/bin/accueil), ACCUEIL_CONFIG, ACCUEIL_DATA
# (/var/lib/accueil: the outbox) can be changed for tests.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${ACCUEIL_BIN:-/usr/bin/accueil}
data=${ACCUEIL_DATA:-/var/lib/accueil}
[ -x "$bin" ] || { echo "health: no kiosk at $bin"; exit 1; }
conf=()
[ -n "${ACCUEIL_CONFIG:-}" ] && conf=(--config "$ACCUEIL_CONFIG")
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
# The self-test, where the kiosk has it: what the new software itself does (display, fonts,
# speech in both languages, configuration, storage) must pass. What a lobby's network or
# hardware does (the central, a keypad unplugged, the printer) is reported but decides
# nothing: an outage must not roll back a good update, and the outbox keeps requests meanwhile.
if "$bin" --help 2>&1 | grep -q -- --selftest; then
	json=$("$bin" "${conf[@]}" --selftest --json 2>/dev/null | tr -d ' \t\n')
	for check in config display fonts speech-fr speech-en storage; do
		case $json in *"\"name\":\"$check\",\"status\":\"fail\""*)
			echo "health: self-test: $check fails"
			"$bin" "${conf[@]}" --selftest 2>/dev/null | grep -E "^FAIL +$check " >&2
			exit 1 ;;
		esac
	done
fi
echo "health: frame rendered, speech produced, outbox intact, self-test of the software passed"
