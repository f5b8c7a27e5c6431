#!/usr/bin/env bash
# Both string files pass gettext's own checks.
set -e
for f in assets/strings/fr.po assets/strings/en.po; do
	msgfmt --check --check-format -o /dev/null "$f"
done
# French typography: a no-break space (never a plain one, never none) before « : ; ? ! » and
# before the closing guillemet, after the opening one.
bad=$(grep -nP '^msgstr ".*( [:;?!»]|« |[^\x{00a0}\x{202f} ]»|«[^\x{00a0}\x{202f} ])' assets/strings/fr.po || true)
bad=$bad$(grep -nP '^msgstr ".*[^\x{00a0}\x{202f} {}]([;?!]|:(?!//))' assets/strings/fr.po | grep -vP '\{[a-z_]*:' || true)
[ -z "$bad" ] || { echo "French typography: a no-break space is missing or plain in:"; echo "$bad"; exit 1; }
