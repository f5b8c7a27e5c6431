#!/usr/bin/env bash
# board/image/in-namespace.sh ARCH COMMAND...: runs COMMAND where programs of the Debian
# architecture ARCH (arm64, armhf) execute through qemu-user, so that mmdebstrap can run the
# target's maintainer scripts (a real system: users, initramfs, alternatives) on this x86-64 host.
#
# When the host already registers qemu-user with binfmt_misc (a Debian machine with
# qemu-user-static and binfmt-support), COMMAND runs as is. Otherwise COMMAND runs in a private
# user and mount namespace with its own binfmt_misc instance (Linux 6.7 and later), where
# qemu-<arch>-static is registered for that namespace only: the machine's own binfmt_misc, and
# every other process, are untouched. As root the namespace maps the ids one to one; as another
# user it maps the user's subordinate ids (/etc/subuid, newuidmap from the uidmap package).
set -euo pipefail
arch=${1:?usage: in-namespace.sh ARCH COMMAND...}
shift
case $arch in
arm64) qemu=aarch64
	magic='\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00'
	mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff' ;;
armhf) qemu=arm
	magic='\x7f\x45\x4c\x46\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x28\x00'
	mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff' ;;
*) echo "in-namespace: unknown architecture '$arch' (arm64 or armhf)" >&2; exit 2 ;;
esac
host_has_qemu() {
	[ -e "/proc/sys/fs/binfmt_misc/qemu-$qemu" ] && grep -q '^enabled' "/proc/sys/fs/binfmt_misc/qemu-$qemu"
}
if [ "${ACCUEIL_IN_NAMESPACE:-}" = "$arch" ]; then
	# Inside the namespace: a binfmt_misc of its own, qemu registered with the F flag (the
	# interpreter is opened now, so chroots need no copy of it); else the machine's own.
	if mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null; then
		printf '%s' ":qemu-$qemu:M::$magic:$mask:/usr/bin/qemu-$qemu-static:F" \
			>/proc/sys/fs/binfmt_misc/register
	elif ! host_has_qemu; then
		exit 97
	fi
	exec "$@"
fi
# As root on a machine that registers qemu already, nothing else is needed.
if [ "$(id -u)" -eq 0 ] && host_has_qemu; then
	exec "$@"
fi
[ -x "/usr/bin/qemu-$qemu-static" ] ||
	{ echo "in-namespace: /usr/bin/qemu-$qemu-static is missing: run board/deps.sh" >&2; exit 1; }
no_qemu() {
	cat >&2 <<MSG
in-namespace: cannot run $arch programs here. This machine has no qemu-$qemu binfmt_misc entry,
and a private one needs Linux 6.7 or later with user namespaces. On a Debian 12 machine:
  apt-get install qemu-user-static binfmt-support    (registers qemu for the whole machine)
MSG
}
export ACCUEIL_IN_NAMESPACE=$arch
ns=(--user --mount --pid --fork --kill-child)
rc=0
if [ "$(id -u)" -ne 0 ]; then
	command -v newuidmap >/dev/null ||
		{ echo "in-namespace: newuidmap is missing: install uidmap (board/deps.sh)" >&2; exit 1; }
	unshare "${ns[@]}" --map-root-user --map-auto -- "$0" "$arch" "$@" || rc=$?
	[ "$rc" -ne 97 ] || { no_qemu; exit 1; }
	exit "$rc"
fi
# As root the ids are mapped one to one by writing the namespace's maps from here (unshare's
# own --map-users needs newuidmap and /etc/subuid entries for root).
gate=$(mktemp -u "${TMPDIR:-/tmp}/accueil-ns.XXXXXX")
mkfifo "$gate"
trap 'rm -f "$gate"' EXIT
unshare "${ns[@]}" -- sh -c 'read -r go <"$0"; [ "$go" = go ] && exec "$@"; exit 96' \
	"$gate" "$0" "$arch" "$@" &
child=$!
for _ in $(seq 100); do
	[ "$(readlink "/proc/$child/ns/user" 2>/dev/null)" != "$(readlink /proc/self/ns/user)" ] && break
	sleep 0.05
done
if echo '0 0 65536' >"/proc/$child/uid_map" && echo '0 0 65536' >"/proc/$child/gid_map"; then
	echo go >"$gate"
else
	echo no >"$gate"
fi
wait "$child" || rc=$?
case $rc in
96) echo "in-namespace: cannot map the user ids of a new user namespace" >&2; exit 1 ;;
97) no_qemu; exit 1 ;;
esac
exit "$rc"
