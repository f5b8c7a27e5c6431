#!/usr/bin/env bash
# The status and ticket tasks against the real reference central over HTTPS on loopback:
# scripted walkthroughs in both languages, keypad and touch (tests/e2e/tasks/), with the
# central's clock set (--fake-now) and staff commands run on its command line meanwhile.
set -u
BUILD=${1:-build}
dir=$(mktemp -d)
central_pid=""
cleanup() { [ -n "$central_pid" ] && kill "$central_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
export SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-dummy} SDL_AUDIODRIVER=${SDL_AUDIODRIVER:-dummy}
C="$BUILD/accueil-central"
T=tests/e2e/tasks
NOW=2026-12-21T10:00:00-05:00
"$C" dev-ca "$dir/pki" >/dev/null || exit 1
start_central() { # $1: the central's clock
	"$C" serve --db "$dir/central.db" --addr 127.0.0.1 --port 0 --cert "$dir/pki/server.crt" \
		--key "$dir/pki/server.key" --api-key test-key --fake-now "$1" >"$dir/out" 2>"$dir/log" &
	central_pid=$!
	url=""
	for _ in $(seq 1 100); do
		url=$(sed -n 's/^listening on \(https:[^ ]*\).*/\1/p' "$dir/out" | head -1)
		[ -n "$url" ] && break
		sleep 0.1
	done
	[ -n "$url" ] || { cat "$dir/log"; exit 1; }
	cat >"$dir/kiosk.conf" <<CONF
kiosk_id = kiosk-7
central_url = $url
api_key = test-key
ca_file = $dir/pki/ca.crt
data_dir = $dir/data
printer = file:$dir/printer.bin
contact_phone = 1-800-555-0199
contact_tty = 1-800-555-0198
contact_web = ontario.ca
agency_fr = Centre de services de l’Ontario
agency_en = ServiceOntario Centre
notices_s = 20
CONF
}
stop_central() { kill "$central_pid"; wait "$central_pid" 2>/dev/null; central_pid=""; }
run() { # script file (already filled in), output name
	"$BUILD/accueil" --config "$dir/kiosk.conf" --script "$1" --out "$dir/$2" >"$dir/$2.log" 2>&1 ||
		{ tail -5 "$dir/$2.log"; echo "walkthrough $2 failed"; exit 1; }
}
mkdir -p "$dir/data"
start_central "$NOW"

# A request filed, then taken in hand by staff with a note.
ref=$(curl -s --cacert "$dir/pki/ca.crt" -d "api_key=test-key&service_code=inquiry_general&description=x" \
	"$url/open311/v2/requests.json" | sed -n 's/.*"service_request_id":"\([0-9]*\)".*/\1/p')
[ ${#ref} -eq 10 ] || { echo "no reference from the central: $ref"; exit 1; }
"$C" set-status --db "$dir/central.db" --fake-now "$NOW" "$ref" open \
	--notes "Dossier en cours d’examen par un agent." --agency "Bureau des plaintes" >/dev/null || exit 1
keys9=$(echo "${ref:0:9}" | sed 's/./key &\n/g' | sed '/^$/d')
last=${ref:9:1}
wrong=$(((last + 1) % 10))
taps=$(echo "$ref" | sed 's/./tap "&"\n/g' | sed '/^$/d')
grouped="${ref:0:3} ${ref:3:3} ${ref:6:3} ${ref:9:1}"
awk -v k="$keys9" -v w="key $wrong" -v l="key $last" \
	'{ if ($0=="@KEYS9@") print k; else if ($0=="@WRONG@") print w; else if ($0=="@LAST@") print l; else print }' \
	"$T/status_keypad_fr.script" >"$dir/status_keypad_fr.script"
awk -v t="$taps" -v g="$grouped" '{ if ($0=="@TAPS@") print t; else { gsub("@GROUPED@", g); print } }' \
	"$T/status_touch_en.script" >"$dir/status_touch_en.script"
awk -v k="$keys9" -v w="key $wrong" -v l="key $last" \
	'{ if ($0=="@KEYS9@") print k; else if ($0=="@WRONG@") print w; else if ($0=="@LAST@") print l; else print }' \
	"$T/status_keypad_en.script" >"$dir/status_keypad_en.script"
awk -v t="$taps" -v g="$grouped" '{ if ($0=="@TAPS@") print t; else { gsub("@GROUPED@", g); print } }' \
	"$T/status_touch_fr.script" >"$dir/status_touch_fr.script"
run "$dir/status_keypad_fr.script" status-fr
run "$dir/status_touch_en.script" status-en
run "$dir/status_keypad_en.script" status-keypad-en
run "$dir/status_touch_fr.script" status-touch-fr
mkdir -p "$BUILD/test-out/tasks"
for n in status-fr status-en; do cp "$dir/$n/said.txt" "$BUILD/test-out/tasks/$n-said.txt"; done

# Tickets: touch in English (priority), keypad in French.
run "$T/ticket_touch_en.script" ticket-en
run "$T/ticket_keypad_fr.script" ticket-fr
"$BUILD/tools/escpos_render" -c 48 -t "$BUILD/test-out/tasks/ticket.txt" -p "$BUILD/test-out/tasks/ticket.png" \
	"$dir/printer.bin" || { echo "the printed ticket cannot be read back"; exit 1; }
grep -q "A001" "$BUILD/test-out/tasks/ticket.txt" || { echo "A001 is not on the printed ticket"; exit 1; }
# Each printed ticket carries its follow link as a QR code, read back from the paper.
zbarimg -q --raw "$BUILD/test-out/tasks/ticket.png" 2>/dev/null | sort >"$dir/qr.txt"
printf '%s\n' "$url/queue/v1/tickets/A001/follow" "$url/queue/v1/tickets/A002/follow" >"$dir/qr-want.txt"
diff "$dir/qr-want.txt" "$dir/qr.txt" || { echo "the tickets' QR codes are not their follow links"; exit 1; }
# The link answers without credentials with the ticket's state.
curl -s --cacert "$dir/pki/ca.crt" "$url/queue/v1/tickets/A002/follow" | grep -q '"ticket":"A002","service":"A","state":"waiting"' ||
	{ echo "the follow link does not answer with the ticket"; exit 1; }
cp "$dir/ticket-fr/said.txt" "$BUILD/test-out/tasks/ticket-fr-said.txt"
# The other language and means for each (A003 by keypad in English, A004 by touch in French).
run "$T/ticket_keypad_en.script" ticket-keypad-en
run "$T/ticket_touch_fr.script" ticket-touch-fr
cp "$dir/ticket-keypad-en/said.txt" "$BUILD/test-out/tasks/ticket-en-said.txt"
cp "$dir/status-keypad-en/said.txt" "$BUILD/test-out/tasks/status-keypad-en-said.txt"

# "I already have a ticket": A002 (A001, a priority ticket, is ahead), then staff call the next
# ticket twice at counter 3 on the central's command line; the kiosk says each change.
check_ticket() { # what the kiosk must say, output name
	sed "s|@SAID@|$1|" "$T/ticket_check_fr.script" >"$dir/$2.script"
	run "$dir/$2.script" "$2"
	cp "$dir/$2/said.txt" "$BUILD/test-out/tasks/$2-said.txt"
}
call_next() { # what call-next must print
	got=$("$C" call-next --db "$dir/central.db" --fake-now "$NOW" A 3) || { echo "call-next failed: $got"; exit 1; }
	[ "$got" = "$1" ] || { echo "call-next printed \"$got\", not \"$1\""; exit 1; }
}
nb=$(printf '\u00a0') # French: a no-break space before « : »
check_ticket "Numéro A002${nb}: 1 personne avant vous" ticket-check-waiting
call_next "A001 -> counter 3"
check_ticket "Numéro A002${nb}: personne avant vous" ticket-check-next
call_next "A002 -> counter 3"
check_ticket "Numéro A002${nb}: appelé au comptoir 3" ticket-check-called
stop_central

# 16:58 (past the cut-off before 17:00), 17:00, Christmas Day (a holiday), a Saturday.
for at in 2026-12-21T16:58:00-05:00 2026-12-21T17:00:00-05:00 2026-12-25T10:00:00-05:00 2026-12-26T10:00:00-05:00; do
	start_central "$at"
	run "$T/ticket_closed.script" "closed-$at"
	stop_central
done

# C6: while a visitor is on home, staff publish a notice and then clear it on the central's
# command line; the kiosk shows it (and says it to a listener), then drops it, focus unmoved.
await() { # the rendezvous file a running walkthrough ($kiosk, into $dir/$out) makes
	for _ in $(seq 1 300); do
		[ -e "$dir/$out/$1.wait" ] && return 0
		kill -0 "$kiosk" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
notice_run() { # script, output name
	mkdir -p "$dir/$2"
	"$BUILD/accueil" --config "$dir/kiosk.conf" --script "$1" --out "$dir/$2" >"$dir/$2.log" 2>&1 &
	kiosk=$! out=$2
	local id
	await notice-added || { tail -5 "$dir/$2.log"; echo "walkthrough $2 did not reach the notice"; exit 1; }
	id=$("$C" notice-add --db "$dir/central.db" --fake-now "$NOW" --severity warning \
		--reason-fr "L’ascenseur est en panne." --reason-en "The elevator is out of order." \
		--until 2026-12-21T15:00:00-05:00 \
		--alternatives-fr "Entrée accessible par la rue King." \
		--alternatives-en "Step-free entrance on King Street.") || { echo "notice-add failed"; exit 1; }
	rm "$dir/$2/notice-added.wait"
	await notice-cleared || { tail -5 "$dir/$2.log"; echo "walkthrough $2 did not see the notice"; exit 1; }
	"$C" notice-clear --db "$dir/central.db" --fake-now "$NOW" "$id" >/dev/null || { echo "notice-clear failed"; exit 1; }
	rm "$dir/$2/notice-cleared.wait"
	wait "$kiosk" || { tail -5 "$dir/$2.log"; echo "walkthrough $2 failed"; exit 1; }
}
start_central "$NOW"
notice_run "$T/notice_keypad_en.script" notice-en
notice_run "$T/notice_touch_fr.script" notice-fr
cp "$dir/notice-en/said.txt" "$BUILD/test-out/tasks/notice-en-said.txt"
cp "$dir/notice-fr/notice-fr.png" "$BUILD/test-out/tasks/notice-fr.png"

# Two kiosks take a ticket at the same moment: distinct numbers, one after the other, and the
# later one has exactly one more person ahead. Each prints to its own paper.
race_kiosk() { # kiosk id, script, output name
	sed -e "s/^kiosk_id = .*/kiosk_id = $1/" -e "s|^data_dir = .*|data_dir = $dir/data-$1|" \
		-e "s|^printer = .*|printer = file:$dir/$1.bin|" "$dir/kiosk.conf" >"$dir/$1.conf"
	mkdir -p "$dir/data-$1" "$dir/$3"
	"$BUILD/accueil" --config "$dir/$1.conf" --script "$2" --out "$dir/$3" >"$dir/$3.log" 2>&1 &
}
race_kiosk kiosk-8 "$T/ticket_race_en.script" race-en
pid_en=$!
race_kiosk kiosk-9 "$T/ticket_race_fr.script" race-fr
pid_fr=$!
for _ in $(seq 1 300); do
	[ -e "$dir/race-en/race.wait" ] && [ -e "$dir/race-fr/race.wait" ] && break
	sleep 0.1
done
[ -e "$dir/race-en/race.wait" ] && [ -e "$dir/race-fr/race.wait" ] ||
	{ tail -3 "$dir/race-en.log" "$dir/race-fr.log"; echo "the two kiosks did not reach the services"; exit 1; }
rm "$dir/race-en/race.wait" "$dir/race-fr/race.wait"
wait "$pid_en" || { tail -5 "$dir/race-en.log"; echo "walkthrough race-en failed"; exit 1; }
wait "$pid_fr" || { tail -5 "$dir/race-fr.log"; echo "walkthrough race-fr failed"; exit 1; }
race_ticket() { # kiosk id → "NUMBER AHEAD" from its printed ticket
	"$BUILD/tools/escpos_render" -c 48 -t "$dir/$1.txt" -p "$dir/$1.png" "$dir/$1.bin" >/dev/null || return 1
	local n a
	n=$(grep -xE 'A[0-9]{3}' "$dir/$1.txt" | head -1)
	if grep -qE '^(No one is ahead of you|Personne n.{1,3}attend avant vous)' "$dir/$1.txt"; then a=0
	else a=$(sed -nE 's/^([0-9]+) (people|person|personnes?) (ahead of you|avant vous).*/\1/p' "$dir/$1.txt" | head -1); fi
	echo "$n $a"
}
t8=$(race_ticket kiosk-8) && t9=$(race_ticket kiosk-9) || { echo "a race ticket cannot be read back"; exit 1; }
read -r n8 a8 <<<"$t8"
read -r n9 a9 <<<"$t9"
[ -n "$n8" ] && [ -n "$n9" ] && [ -n "$a8" ] && [ -n "$a9" ] ||
	{ echo "the race tickets lack a number or the people ahead: \"$t8\" \"$t9\""; exit 1; }
[ "$n8" != "$n9" ] || { echo "two kiosks got the same number $n8"; exit 1; }
if [[ $n8 < $n9 ]]; then first=$a8 second=$a9; else first=$a9 second=$a8; fi
[ $((10#${n8:1} - 10#${n9:1})) -eq 1 ] || [ $((10#${n9:1} - 10#${n8:1})) -eq 1 ] ||
	{ echo "the race tickets are not consecutive: $n8 $n9"; exit 1; }
[ "$second" -eq $((first + 1)) ] ||
	{ echo "inconsistent positions: $n8 has $a8 ahead, $n9 has $a9 ahead"; exit 1; }
echo "two kiosks at once: $n8 with $a8 ahead, $n9 with $a9 ahead"
stop_central

run "$T/status_down.script" status-down
echo ok
