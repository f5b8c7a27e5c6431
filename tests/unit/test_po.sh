#!/usr/bin/env bash
# Both string files pass gettext's own checks.
set -e
for f in assets/strings/fr.po assets/strings/en.po; do
	msgfmt --check --check-format -o /dev/null "$f"
done
