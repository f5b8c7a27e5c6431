#!/usr/bin/env bash
# The kiosk against the real reference central over HTTPS on loopback (dev CA):
# notices appear and are spoken, a staff call is recorded by the central, the
# heartbeat shows in its kiosk list; and with no central, an honest message.
set -u
BUILD=${1:-build}
dir=$(mktemp -d)
central_pid=""
cleanup() { [ -n "$central_pid" ] && kill "$central_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
C="$BUILD/accueil-central"
"$C" dev-ca "$dir/pki" >/dev/null || exit 1
"$C" notice-add --db "$dir/central.db" --severity closure \
	--reason-fr "Le bureau ferme à midi aujourd’hui." --reason-en "The office closes at noon today." \
	--alternatives-fr "Service en ligne : exemple.ca" --alternatives-en "Online: example.ca" >/dev/null || exit 1
"$C" serve --db "$dir/central.db" --addr 127.0.0.1 --port 0 --cert "$dir/pki/server.crt" \
	--key "$dir/pki/server.key" --api-key test-key >"$dir/out" 2>"$dir/log" &
central_pid=$!
url=""
for _ in $(seq 1 100); do
	url=$(sed -n 's/^listening on \(https:[^ ]*\).*/\1/p' "$dir/out" | head -1)
	[ -n "$url" ] && break
	sleep 0.1
done
[ -n "$url" ] || { cat "$dir/log"; exit 1; }
cat >"$dir/kiosk.conf" <<CONF
kiosk_id = kiosk-e2e
central_url = $url
api_key = test-key
ca_file = $dir/pki/ca.crt
contact_phone = 1-800-555-0199
contact_tty = 1-800-555-0198
contact_web = ontario.ca
CONF
"$BUILD/accueil" --config "$dir/kiosk.conf" --script tests/e2e/central/staff_notice.script --out "$dir/up" || exit 1
list=$("$C" list --db "$dir/central.db" kiosks)
echo "$list"
echo "$list" | grep -q "kiosk-e2e" || { echo "no heartbeat from the kiosk"; exit 1; }
echo "$list" | awk -F'\t' 'NR==1{for(i=1;i<=NF;i++) if($i=="assistance_calls") c=i} NR>1 && $1=="kiosk-e2e"{print $c}' | grep -qx 1 ||
	{ echo "the staff call is not recorded"; exit 1; }

"$BUILD/accueil" --config "$dir/kiosk.conf" --script tests/e2e/central/complaint_touch_en.script --out "$dir/complaint" 2>"$dir/complaint.log" || { tail -5 "$dir/complaint.log"; exit 1; }
# Exactly once, the UTF-8 text as typed (accents and « included), in English.
stored=$(sqlite3 "$dir/central.db" "select description from requests where service_code = 'inquiry_general' and device_id = 'kiosk-e2e'")
echo "stored: $stored"
[ "$stored" = "Été fermé «" ] || { echo "the request is not stored exactly once, as typed"; exit 1; }
"$BUILD/accueil" --config "$dir/kiosk.conf" --script tests/e2e/central/objection_touch_fr.script --out "$dir/objection" 2>"$dir/objection.log" || { cat "$dir/objection.log" | tail -5; exit 1; }
contact=$(sqlite3 "$dir/central.db" "select first_name || '|' || last_name || '|' || phone || '|' || email from requests where service_code = 'objection'")
echo "objection contact: $contact"
[ "$contact" = "Léa|Roy|4165550123|lea@x.ca" ] || { echo "the objection's contact details are not stored as typed"; exit 1; }
# Logs never hold personal data: none of what the visitor typed is in the kiosk's log, nor in
# its outbox on disk (the description and contact are sealed there).
for secret in Léa Roy 4165550123 lea@x.ca "Été fermé" "Garage Éloïse"; do
	if grep -rqF "$secret" "$dir/objection.log" "$dir/complaint.log" "$dir/objection/data" "$dir/complaint/data" 2>/dev/null; then
		echo "personal data in the kiosk's log or outbox: $secret"
		exit 1
	fi
done
attrs=$(sqlite3 "$dir/central.db" "select attributes from requests where service_code = 'complaint_regulated'")
echo "attributes: $attrs"
case $attrs in *"Garage Éloïse"*) ;; *) echo "the category's extra field was not sent"; exit 1 ;; esac

# The central gone: nothing listens on that port any more.
kill "$central_pid"; wait "$central_pid" 2>/dev/null; central_pid=""
"$BUILD/accueil" --config "$dir/kiosk.conf" --script tests/e2e/central/down.script --out "$dir/down" || exit 1
echo ok
