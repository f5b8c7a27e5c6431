#!/usr/bin/env bash
# make run: starts the reference central service on loopback (with a development CA,
# made once) and the kiosk against it; Ctrl+C stops both. With no display, runs the
# scripted bilingual demo headless instead of a window, and says where its output is.
set -eu
BUILD=${1:-build}
STATE=${ACCUEIL_STATE:-out/run}
mkdir -p "$STATE"

if [ ! -f "$STATE/pki/ca.crt" ]; then
	"$BUILD/accueil-central" dev-ca "$STATE/pki" >/dev/null
	echo "run: development CA made in $STATE/pki"
fi

central_pid=""
cleanup() {
	[ -n "$central_pid" ] && kill "$central_pid" 2>/dev/null && wait "$central_pid" 2>/dev/null
	true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$BUILD/accueil-central" serve --db "$STATE/central.db" --addr 127.0.0.1 --port 0 \
	--cert "$STATE/pki/server.crt" --key "$STATE/pki/server.key" \
	>"$STATE/central.out" 2>"$STATE/central.log" &
central_pid=$!
url=""
for _ in $(seq 1 100); do
	url=$(sed -n 's/^listening on \(https:[^ ]*\).*/\1/p' "$STATE/central.out" 2>/dev/null | head -1)
	[ -n "$url" ] && break
	kill -0 "$central_pid" 2>/dev/null || { cat "$STATE/central.log" >&2; exit 1; }
	sleep 0.1
done
[ -n "$url" ] || { echo "run: the central did not start (see $STATE/central.log)" >&2; exit 1; }
echo "run: central service at $url (database $STATE/central.db)"

cat >"$STATE/kiosk.conf" <<CONF
# Written by make run: the kiosk against the local reference central.
kiosk_id = kiosk-dev
site = 1 rue de l'Exemple, Ottawa
central_url = $url
api_key = dev-key
ca_file = $PWD/$STATE/pki/ca.crt
client_cert = $PWD/$STATE/pki/kiosk.crt
client_key = $PWD/$STATE/pki/kiosk.key
fullscreen = false
data_dir = $PWD/$STATE/data
contact_phone = 1-800-555-0199
contact_tty = 1-800-555-0198
contact_web = ontario.ca
agency_fr = Services de l’Exemple
agency_en = Example Services
hours_fr = du lundi au vendredi, de 8 h 30 à 17 h, sauf les jours fériés
hours_en = Monday to Friday, 8:30 a.m. to 5 p.m., except holidays
CONF

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
	echo "run: kiosk window opening (keys: arrows, Enter, Escape, F1 help, * language, F9 headphones)"
	"$BUILD/accueil" --config "$STATE/kiosk.conf" --windowed
else
	echo "run: no display here; running the scripted demo headless instead."
	tools/demo.sh "$BUILD" out/demo "$STATE/kiosk.conf"
fi
