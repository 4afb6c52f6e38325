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
n=0
failed=0

result() {	# result OK NAME [DIAG]
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		[ -n "${3:-}" ] && echo "# $3"
		failed=$((failed + 1))
	fi
}

hooks() {	# functions pathstats hooks that ftrace still has hooked
	grep -c -E '^(security_file_free|filp_flush|filp_close|security_inode_getattr|security_path_)' \
		"$tracing/enabled_functions"
}

mkdir -p $dir
printf 'path_metrics:\n  - path_prefix: %s\n    syscalls: [all]\n' $dir \
	>/tmp/pmrmmod.yaml
$ctl load /tmp/pmrmmod.yaml >/dev/null
result $((! $?)) "load"

pids=()
for i in 1 2 3 4; do
	(while :; do echo "$i" >$dir/f$i; cat $dir/f$i >/dev/null; done) &
	pids+=($!)
done
sleep 1
before=$(cat $stats/pathmon/write_ops)
result $((before > 0)) "writers are counted ($before writes)"
result $(($(hooks) == 8)) "8 functions hooked while loaded" "$(hooks)"

umount $stats
rmmod pathstats
result $((! $?)) "rmmod with four writers running"
result $((! $(grep -c '^pathstats ' /proc/modules))) "module gone"
result $([ ! -e /dev/pathstats ] && echo 1 || echo 0) "device gone"
result $([ ! -e $stats ] && echo 1 || echo 0) "mount point gone"
result $((! $(hooks))) "no function left hooked" "$(cat $tracing/enabled_functions)"

insmod "$ko"
result $((! $?)) "insmod again"
$ctl load /tmp/pmrmmod.yaml >/dev/null
result $((! $?)) "load again"
sleep 1
after=$(cat $stats/pathmon/write_ops)
result $((after > 0)) "counting again ($after writes)"

kill "${pids[@]}" 2>/dev/null
wait 2>/dev/null
$ctl clear >/dev/null
echo "1..$n"
[ $failed -eq 0 ]
