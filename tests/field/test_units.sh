#!/usr/bin/env bash
# The systemd units pass `systemd-analyze verify` with not a single warning (an unknown or
# misspelt key is only a warning there, so any output fails here), in a scratch root holding
# the host's own unit library and the built binaries; and they say what the kiosk relies on.
set -u
BUILD=${1:-build}
command -v systemd-analyze >/dev/null || { echo "no systemd-analyze (package systemd)"; exit 77; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$root/usr/bin" "$root/usr/lib/systemd" "$root/etc/systemd/system"
cp -r /usr/lib/systemd/system "$root/usr/lib/systemd/"
cp "$BUILD/accueil" "$BUILD/accueil-central" "$root/usr/bin/"
cp board/systemd/accueil.service board/systemd/accueil-central.service "$root/etc/systemd/system/"
verify() {
	out=$(systemd-analyze verify --root="$root" "$@" 2>&1)
	rc=$?
	[ $rc -eq 0 ] && [ -z "$out" ]
}
verify /etc/systemd/system/accueil.service /etc/systemd/system/accueil-central.service ||
	fail "systemd-analyze verify: $out"

# The check above catches a misspelt key.
sed 's/^WatchdogSec=/WatchdogSecs=/' board/systemd/accueil.service >"$root/etc/systemd/system/bad.service"
verify /etc/systemd/system/bad.service && fail "a misspelt key went unnoticed"

u=board/systemd/accueil.service
for line in Type=notify NotifyAccess=main 'WatchdogSec=10s' Restart=always User=accueil \
	ProtectSystem=strict PrivateTmp=yes NoNewPrivileges=yes 'ReadWritePaths=/var/lib/accueil' \
	DevicePolicy=closed 'Environment=SDL_VIDEODRIVER=kmsdrm'; do
	grep -q "^$line" "$u" || fail "$u lacks $line"
done
grep -q 'network-online' "$u" && fail "the kiosk must start without waiting for the network"
grep -q '^Restart=always' board/systemd/accueil-central.service || fail "central restart"
echo ok
