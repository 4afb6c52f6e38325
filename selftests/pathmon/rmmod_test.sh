#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rmmod while four processes write to monitored paths: it must succeed,
# leave no hook behind, and the module must load and count again.  Runs in
# the test VM: rmmod_test.sh PATHSTATS_KO.  Prints TAP.
set -uo pipefail

ko=${1:?usage: rmmod_test.sh PATHSTATS_KO}
ctl=${PATHSTATSCTL:-tools/pathstatsctl}
dir=/tmp/pmrmmod
stats=/sys/kernel/stats
tracing=/sys/kernel/tracing
# shellcheck source=../tap.sh
. "$(dirname "$0")/../tap.sh"

hooks() {	# functions pathstats hooks that ftrace still has hooked
	grep -c -E '^(security_file_free|filp_flush|filp_close|security_inode_getattr|security_path_)' \
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
tap_result $(($(hooks) == 8)) "8 functions hooked while loaded" "$(hooks)"

umount $stats
rmmod pathstats
tap_result $((! $?)) "rmmod with four writers running"
tap_result $((! $(grep -c '^pathstats ' /proc/modules))) "module gone"
tap_result $([ ! -e /dev/pathstats ] && echo 1 || echo 0) "device gone"
tap_result $([ ! -e $stats ] && echo 1 || echo 0) "mount point gone"
tap_result $((! $(hooks))) "no function left hooked" "$(cat $tracing/enabled_functions)"

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
