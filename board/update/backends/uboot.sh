# Slot backend: U-Boot environment through libubootenv (fw_printenv / fw_setenv -c).
# Sourced by accueil-update. Variables the boot script (board/update/uboot/boot.cmd) reads:
#   accueil_slot       A or B: the slot U-Boot boots
#   accueil_prev       the slot to fall back to while a new one is on trial
#   upgrade_available  1 while on trial: the boot script then counts starts in bootcount and,
#                      past bootlimit, starts accueil_prev by itself
#   accueil_bad        the last slot that failed its health check or its starts (for the technician)
# Every change is one fw_setenv -s call: one write of the whole environment. With a redundant
# environment (two copies in fw_env.config, as on pc) a power cut leaves either the old or the
# new copy; the Pi images have U-Boot's single copy in FAT, which a cut mid-write leaves damaged:
# U-Boot then uses its built-in environment, where the boot script starts slot A, and fw_setenv
# starts again from /etc/u-boot-initial-env.
FW_ENV_CONFIG=${FW_ENV_CONFIG:-/etc/fw_env.config}
# The whole environment to start from when the stored one is unreadable (libubootenv's -f):
# the image's own (board/update/uboot/env.txt), never an empty one that would lose bootcmd.
FW_ENV_DEFAULT=${FW_ENV_DEFAULT:-/etc/u-boot-initial-env}

env_get() { fw_printenv -c "$FW_ENV_CONFIG" -n "$1" 2>/dev/null || true; }
env_set() { # name=value lines on stdin, all in one write
	local f
	f=$(mktemp)
	cat >"$f"
	if [ -r "$FW_ENV_DEFAULT" ]; then
		fw_setenv -c "$FW_ENV_CONFIG" -f "$FW_ENV_DEFAULT" -s "$f"
	else
		fw_setenv -c "$FW_ENV_CONFIG" -s "$f"
	fi
	local rc=$?
	rm -f "$f"
	return $rc
}

backend_trying() { # is the booted slot on trial?
	[ "$(env_get upgrade_available)" = 1 ] && [ "$(env_get accueil_slot)" = "$1" ]
}
backend_arm() { # slot previous: boot slot next time, on trial
	printf 'accueil_slot=%s\naccueil_prev=%s\nupgrade_available=1\nbootcount=0\n' "$1" "$2" | env_set
}
backend_reboot_to_trial() { eval "$REBOOT_CMD"; }
backend_commit() { # slot
	printf 'accueil_slot=%s\nupgrade_available=0\nbootcount=0\naccueil_prev=\n' "$1" | env_set
}
backend_reject() { # bad-slot previous
	printf 'accueil_slot=%s\nupgrade_available=0\nbootcount=0\naccueil_prev=\naccueil_bad=%s\n' "$2" "$1" | env_set
}
backend_after_fallback() { # the boot loader went back on its own: leave no trial armed
	printf 'upgrade_available=0\nbootcount=0\naccueil_prev=\naccueil_bad=%s\n' "$1" | env_set
}
backend_repair() { # booted-slot: rewrites an unreadable environment (0), or returns 1 when it reads
	local err
	err=$(fw_printenv -c "$FW_ENV_CONFIG" 2>&1 >/dev/null)
	case $err in *"Cannot read environment"*) ;; *) return 1 ;; esac
	# Until it is written again U-Boot starts on its built-in environment: no counter, and it
	# waits 2 s for a key. What is known is the slot that started.
	printf 'accueil_slot=%s\nupgrade_available=0\nbootcount=0\n' "$1" | env_set
}
backend_describe() {
	echo "backend: U-Boot environment ($FW_ENV_CONFIG)"
	echo "boot slot: $(env_get accueil_slot), on trial: $(env_get upgrade_available), boot count: $(env_get bootcount)/$(env_get bootlimit)"
}
