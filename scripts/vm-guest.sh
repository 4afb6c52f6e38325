#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of a scripts/vm.sh guest, started by the initramfs init (which has
# done the mounts) after it switch_rooted into the host's root (9p, ro):
#   vm-guest.sh RUNDIR
# RUNDIR (the host's run dir, seen through /run/pathstats/host) holds what
# vm.sh wrote for this run: mode, cwd, and NUL-separated env, cmd, modprobe
# and modules lists.  The command's output goes to ttyS1, which vm.sh
# streams to its stdout; the exit marker goes to the kernel log (ttyS0).
# Builtins only where possible: each exec over 9p is slow under emulation.
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

run=$1
host=/run/pathstats/host

kmsg() {
	echo "pathstats: $*" >/dev/kmsg
}

# vm.sh retries a boot whose kernel failed before this line: nothing of
# the run had happened yet.
kmsg "guest started"

# PID 1 must not exit (that panics): wait for the power-off, with a builtin
# since the 9p device is going away.  -no-reboot makes a reboot an exit too.
poweroff_now() {
	echo o >/proc/sysrq-trigger
	read -rt 10 _ </dev/ttyS0 || true
	echo b >/proc/sysrq-trigger
}

# A failure before the command is an infrastructure failure: no numeric
# exit marker, so vm.sh fails the run.
trap 'kmsg "guest setup failed (line $LINENO)"
	echo "PATHSTATS-VM-EXIT: setup-failed" >/dev/kmsg; poweroff_now' ERR

list() {
	[ ! -s "$run/$1" ] || mapfile -d '' -t "$2" <"$run/$1"
}
env=() cmd=() probes=() mods=()
list env env
list cmd cmd
list modprobe probes
list modules mods
read -r mode <"$run/mode"
read -r cwd <"$run/cwd"

for m in "${probes[@]}"; do
	kmsg "modprobe $m"
	modprobe "$m"
done
for m in "${mods[@]}"; do
	# The host view: the module may live below a guest tmpfs (/tmp).
	kmsg "insmod $m"
	insmod "$host$m"
done
cd "$cwd"

trap - ERR
set +e
if [ "$mode" = shell ]; then
	kmsg "starting shell"
	# A controlling tty, so that job control and ^C work.
	setsid -c env -i "${env[@]}" /bin/bash -i \
		</dev/ttyS0 >/dev/ttyS0 2>&1
	st=$?
else
	kmsg "running command"
	# Only the run's environment.  The last close of ttyS1 (at the
	# command's exit) waits until its output has left the guest.
	(
		# shellcheck disable=SC2046 # variable names: no blanks
		unset $(compgen -e)
		export "${env[@]}"
		exec "${cmd[@]}"
	) </dev/null >/dev/ttyS1 2>&1
	st=$?
fi
echo "PATHSTATS-VM-EXIT: $st" >/dev/kmsg
poweroff_now
