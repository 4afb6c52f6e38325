#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rmmod while clients send to monitored sockets and a reader waits in
# read(): refused while the reader holds the device, clean once it is
# gone, with the clients still sending; then the module loads and counts
# again.  A probe left behind would run freed code at the clients' next
# syscall: the kernel log check catches that.  Runs in the test VM:
# rmmod_test.sh PATHSTATS_KO.  Prints TAP.
set -uo pipefail

ko=${1:?usage: rmmod_test.sh PATHSTATS_KO}
ctl=${PATHSTATSCTL:-tools/pathstatsctl}
here=$(dirname "$0")
dir=/tmp/udsrmmod
stats=/sys/kernel/stats
# shellcheck source=../tap.sh
. "$(dirname "$0")/../tap.sh"

mkdir -p $dir
cat >$dir/config.yaml <<YAML
uds_monitor:
  - socket_path: $dir/a.sock
    capture_bytes: 512
  - socket_path: $dir/b.sock
    capture_bytes: 512
  - socket_path: "@udsrmmod-a"
    capture_bytes: 64
  - socket_path: "@udsrmmod-b"
  - socket_path: $dir/c.sock
    name: blocked
YAML
$ctl load $dir/config.yaml >/dev/null
tap_result $((! $?)) "load"

pids=()
for s in a b; do
	python3 "$here/rpc_traffic.py" $dir/$s.sock udsrmmod-$s 1000000 \
		>/dev/null 2>&1 &
	pids+=($!)
done
# A client in recv() when the module goes: its syscall is interrupted,
# and restarted as if by a signal, so that rmmod need not wait for it.
python3 "$here/blocked_recv.py" $dir/c.sock >$dir/blocked.out &
blocked=$!
$ctl uds dump --follow >/dev/null &
reader=$!
sleep 2
tap_result "$(grep -c '^blocked$' $dir/blocked.out)" "a client waits in recv()"
tap_check "its request is counted" 1 "$(cat $stats/uds/blocked/send_ops_total)"
before=$(cat $stats/uds/send_ops_total)
tap_result $((before > 0)) "clients are counted ($before sends)"

umount $stats
rmmod pathstats 2>/dev/null
tap_result $? "rmmod refused while a reader holds /dev/pathstats"
tap_result $(grep -c '^pathstats ' /proc/modules) "module still loaded"

kill -TERM $reader
wait $reader
tap_result $((! $?)) "the reader leaves on SIGTERM"
timeout 120 rmmod pathstats
tap_result $((! $?)) "rmmod with the clients sending and one in recv()"
tap_result $((! $(grep -c '^pathstats ' /proc/modules))) "module gone"
tap_result $([ ! -e /dev/pathstats ] && echo 1 || echo 0) "device gone"
sleep 1
alive=0
for p in "${pids[@]}"; do
	kill -0 "$p" 2>/dev/null && alive=$((alive + 1))
done
tap_result $((alive == 2)) "the clients go on sending" "$alive of 2 alive"
kill -USR1 $blocked
wait $blocked
tap_result $((! $?)) "the client in recv() gets its reply after all"

insmod "$ko"
tap_result $((! $?)) "insmod again"
$ctl load $dir/config.yaml >/dev/null
tap_result $((! $?)) "load again"
sleep 2
after=$(cat $stats/uds/send_ops_total)
tap_result $((after > 0)) "counting again ($after sends)"
captured=$($ctl uds dump | grep -c . || true)
tap_result $((captured > 0)) "capturing again ($captured records)"

kill "${pids[@]}" 2>/dev/null
wait 2>/dev/null
$ctl clear >/dev/null
tap_done
