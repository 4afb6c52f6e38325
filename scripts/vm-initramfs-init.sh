#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the initramfs built by scripts/kernel.sh for scripts/vm.sh.
# Runs under busybox sh (no bash here, hence no pipefail).  It loads the
# virtio-9p modules, mounts the host's root read-only, prepares the mounts
# a Debian userland needs and switch_roots into it to run the run's copy of
# scripts/vm-guest.sh.  All the setup is done here, with the static busybox
# in RAM: every exec of a host binary over 9p costs a lot under emulation.
set -eu
export PATH=/bin

mount -t devtmpfs devtmpfs /dev
# No /dev/console in the cpio (it is built without root): open it here.
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys

fail() {
	echo "pathstats-init: $*"
	# Power off: vm.sh sees no exit marker and fails the run.
	echo o >/proc/sysrq-trigger 2>/dev/null ||
		echo o >/newroot/proc/sysrq-trigger
	sleep 10
}
trap 'fail "setup failed"' EXIT

run=
# shellcheck disable=SC2013 # words, not lines
for w in $(cat /proc/cmdline); do
	case "$w" in
	pathstats.run=*) run=${w#pathstats.run=} ;;
	esac
done
[ -n "$run" ] || fail "no pathstats.run= on the kernel command line"

# shellcheck disable=SC2013
for m in $(cat /etc/pathstats-modules); do
	modprobe "$m" || fail "modprobe $m failed"
done

# The 9p transport registers at probe time; retry in case it is late.
r=/newroot
opts=ro,trans=virtio,version=9p2000.L,msize=262144,cache=loose
i=0
until mount -t 9p -o "$opts" hostroot $r 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 50 ] || fail "cannot mount hostroot over 9p"
	sleep 0.1
done
[ -f "$r$run/vm-guest.sh" ] || fail "no $run/vm-guest.sh on the host"

echo "pathstats-init: host root mounted" >/dev/kmsg
hostname pathstats-vm
ip link set lo up || true
# The command's output port: no \n -> \r\n translation on the way out.
# The setting outlives this open (serial ports keep their termios).  With
# --shell there is no ttyS1.
stty -F /dev/ttyS1 raw -echo 2>/dev/null || true

# The host's root, bound first so that host paths below the tmpfs mounts
# (/tmp, /root...: the run dir, modules to insmod) stay reachable.
mount -t tmpfs -o mode=755 tmpfs $r/run
h=/run/pathstats/host
mkdir -p $r$h $r/run/lock
mount -o bind $r $r$h
mount -t tmpfs -o mode=1777 tmpfs $r/tmp
mount -t tmpfs -o mode=1777 tmpfs $r/var/tmp
mount -t tmpfs -o mode=700 tmpfs $r/root

# modprobe in the guest must see the booted kernel's modules.
abi=$(uname -r)
kroot=$(cat "$r$h$run/kroot")
mount -t tmpfs -o mode=755 tmpfs $r/lib/modules
mkdir "$r/lib/modules/$abi"
mount -o bind "$r$h$kroot/lib/modules/$abi" "$r/lib/modules/$abi"

mount -o move /dev $r/dev
mount -o move /proc $r/proc
mount -o move /sys $r/sys
mkdir -p $r/dev/pts $r/dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts $r/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $r/dev/shm
# devtmpfs lacks these; bash process substitution needs /dev/fd.
ln -s /proc/self/fd $r/dev/fd
ln -s /proc/self/fd/0 $r/dev/stdin
ln -s /proc/self/fd/1 $r/dev/stdout
ln -s /proc/self/fd/2 $r/dev/stderr
mount -t debugfs debugfs $r/sys/kernel/debug
[ ! -d $r/sys/kernel/tracing ] || mount -t tracefs tracefs $r/sys/kernel/tracing
mount -t cgroup2 -o nsdelegate cgroup2 $r/sys/fs/cgroup

echo "pathstats-init: switching root" >$r/dev/kmsg
trap - EXIT
exec switch_root $r /bin/bash "$h$run/vm-guest.sh" "$h$run"
