#!/usr/bin/env bash
# board/mirror.sh: prints the Debian 12 (bookworm) mirror that this machine's apt already uses,
# read from its deb822 .sources files or its one-line .list files. No mirror is written in
# here; with none configured it fails and says so. Used by board/sysroot.sh and
# board/image/base.sh.
set -euo pipefail
mirror=""
for f in /etc/apt/sources.list.d/*.sources; do
	[ -e "$f" ] || continue
	mirror=$(awk '/^URIs:/{u=$2} /^Suites:/{if ($0 ~ /bookworm( |$)/ && u !~ /security/) {print u; exit}}' "$f")
	[ -n "$mirror" ] && break
done
if [ -z "$mirror" ]; then
	mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		awk '$1=="deb" && $3=="bookworm" {print $2; exit}')
fi
[ -n "$mirror" ] || { echo "no bookworm mirror in /etc/apt/sources.list*" >&2; exit 1; }
echo "$mirror"
