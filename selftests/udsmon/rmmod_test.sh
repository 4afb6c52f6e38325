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

value() {	# value FILE: a counter, 0 while it cannot be read
	cat "$stats/uds/$1" 2>/dev/null || echo 0
}
counting() {	# counting: the traffic clients' sends are counted
	[ "$(value send_ops_total)" -gt 0 ]
}
reading() {	# reading: the reader has /dev/pathstats open
	ls -l "/proc/$reader/fd" 2>/dev/null | grep -q /dev/pathstats
}
wait_until 60 grep -q '^blocked$' $dir/blocked.out
tap_result $((! $?)) "a client waits in recv()"
wait_until 30 [ "$(value blocked/send_ops_total)" = 1 ]
tap_check "its request is counted" 1 "$(value blocked/send_ops_total)"
wait_until 30 counting
before=$(value send_ops_total)
tap_result $((before > 0)) "clients are counted ($before sends)"
wait_until 30 reading
tap_result $((! $?)) "the reader holds /dev/pathstats"

umount $stats
rmmod pathstats 2>/dev/null
tap_result $? "rmmod refused while a reader holds /dev/pathstats"
tap_result $(grep -c '^pathstats ' /proc/modules) "module still loaded"

kill -TERM $reader
wait $reader
tap_result $((! $?)) "the reader leaves on SIGTERM"
timeout $((120 * time_scale)) rmmod pathstats
tap_result $((! $?)) "rmmod with the clients sending and one in recv()"
tap_result $((! $(grep -c '^pathstats ' /proc/modules))) "module gone"
tap_result $([ ! -e /dev/pathstats ] && echo 1 || echo 0) "device gone"
# A client's CPU time (utime + stime, in ticks, all its threads); empty
# once it died.  Its sends are no syscalls its I/O accounting counts.
cputime() {
	sed -n 's/^.*) \(.*\)$/\1/p' "/proc/$1/stat" 2>/dev/null |
		awk '{ print $12 + $13 }'
}
ran_since() {	# ran_since PID TICKS: it ran since TICKS
	local now

	now=$(cputime "$1")
	[ -n "$now" ] && [ "$now" -gt "$2" ]
}
going=0
for p in "${pids[@]}"; do
	start=$(cputime "$p")
	[ -n "$start" ] && wait_until 30 ran_since "$p" "$start" &&
		going=$((going + 1))
done
tap_result $((going == 2)) "the clients go on running" "$going of 2 running"
kill -USR1 $blocked
wait $blocked
tap_result $((! $?)) "the client in recv() gets its reply after all"

insmod "$ko"
tap_result $((! $?)) "insmod again"
$ctl load $dir/config.yaml >/dev/null
tap_result $((! $?)) "load again"
wait_until 30 counting
after=$(value send_ops_total)
tap_result $((after > 0)) "counting again ($after sends)"
wait_until 30 [ "$(value captured_total)" -gt 0 ]
captured=$($ctl uds dump | grep -c . || true)
tap_result $((captured > 0)) "capturing again ($captured records)"

kill "${pids[@]}" 2>/dev/null
wait 2>/dev/null
$ctl clear >/dev/null
tap_done
