#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rmmod while four processes write to monitored paths and one waits in a
# read() of a monitored FIFO: refused while the paths are monitored; once
# cleared it must succeed, leave no hook behind, and the waiting read must
# carry on as if interrupted by a signal; the module must load and count
# again.  Runs in the test VM: rmmod_test.sh PATHSTATS_KO.  Prints TAP.
set -uo pipefail

ko=${1:?usage: rmmod_test.sh PATHSTATS_KO}
ctl=${PATHSTATSCTL:-tools/pathstatsctl}
dir=/tmp/pmrmmod
stats=/sys/kernel/stats
tracing=/sys/kernel/tracing
# shellcheck source=../tap.sh
. "$(dirname "$0")/../tap.sh"

hooks() {	# functions pathstats hooks that ftrace still has hooked
	grep -c -E '^(__x64_sys_|security_file_free|filp_flush|filp_close|security_inode_getattr|security_path_)' \
		"$tracing/enabled_functions"
}

mkdir -p $dir
printf 'path_metrics:\n  - path_prefix: %s\n    syscalls: [all]\n' $dir \
	>/tmp/pmrmmod.yaml
$ctl load /tmp/pmrmmod.yaml >/dev/null
tap_result $((! $?)) "load"

pids=()
for i in 1 2 3 4; do
	(while :; do echo "$i" >$dir/f$i; cat $dir/f$i >/dev/null; done) &
	pids+=($!)
done
writes() {	# write_ops of every prefix, 0 while it cannot be read
	cat $stats/pathmon/write_ops 2>/dev/null || echo 0
}
wait_until 30 [ "$(writes)" -gt 0 ]
before=$(writes)
tap_result $((before > 0)) "writers are counted ($before writes)"
# 23 syscall functions (syscall.c) and 8 others (probe.c).
tap_check "functions hooked while loaded" 31 "$(hooks)"

# A read() that waits for data in a wrapper (opened read-write: the open
# does not wait for a writer).
rm -f $dir/fifo
mkfifo $dir/fifo
python3 -c 'import os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
print(os.read(fd, 5).decode(), flush=True)' $dir/fifo >/tmp/pmrmmod.out &
fifo_reader=$!
in_read() {	# in_read: the FIFO reader waits in read(2), syscall 0
	[ "$(cut -d' ' -f1 /proc/$fifo_reader/syscall 2>/dev/null)" = 0 ]
}
wait_until 30 in_read
tap_result $((! $?)) "a reader waits in read() of a monitored FIFO"

umount $stats
rmmod pathstats 2>/dev/null
tap_result $? "rmmod refused while paths are monitored"
timeout $((60 * time_scale)) $ctl clear >/dev/null
tap_result $((! $?)) "clear with four writers running and a reader in read()"
wait_until 30 [ "$(held_calls $ctl)" = 0 ]
tap_check "no call holds the module" 0 "$(held_calls $ctl)"
umount $stats 2>/dev/null
timeout $((60 * time_scale)) rmmod pathstats
tap_result $((! $?)) "rmmod once cleared, the reader still in read()"
tap_result $((! $(grep -c '^pathstats ' /proc/modules))) "module gone"
tap_result $([ ! -e /dev/pathstats ] && echo 1 || echo 0) "device gone"
tap_result $([ ! -e $stats ] && echo 1 || echo 0) "mount point gone"
tap_result $((! $(hooks))) "no function left hooked" "$(cat $tracing/enabled_functions)"
wait_until 30 in_read
tap_result $((! $?)) "the reader's read() restarted, waiting again"
# Bounded: with no reader left, opening the FIFO to write would wait.
timeout 30 sh -c "echo hello >$dir/fifo"
wait_until 30 pid_exited "$fifo_reader"
wait "$fifo_reader"
tap_result $((! $?)) "the reader returns once written to"
tap_check "it read what was written" hello "$(cat /tmp/pmrmmod.out)"

insmod "$ko"
tap_result $((! $?)) "insmod again"
$ctl load /tmp/pmrmmod.yaml >/dev/null
tap_result $((! $?)) "load again"
wait_until 30 [ "$(writes)" -gt 0 ]
after=$(writes)
tap_result $((after > 0)) "counting again ($after writes)"

kill "${pids[@]}" 2>/dev/null
wait 2>/dev/null
$ctl clear >/dev/null
tap_done
