#!/usr/bin/env bash
# The health check of the emulated pc: takes the kiosk out of the booted slot's file system
# (debugfs, no mount) and runs board/update/health.sh on it, as /usr/bin/accueil would run.
set -uo pipefail
dev=$1
slot=$(sed -n 's/.*accueil\.slot=\([AB]\).*/\1/p' "$dev/cmdline")
bin=$dev/accueil-$slot
rm -f "$bin"
debugfs -R "dump /usr/bin/accueil $bin" "$dev/slots/root$slot.img" >/dev/null 2>&1
[ -s "$bin" ] || { echo "health: no kiosk in slot $slot"; exit 1; }
chmod +x "$bin"
ACCUEIL_BIN=$bin ACCUEIL_DATA=$dev/data exec "$(dirname "$0")/../../board/update/health.sh"
