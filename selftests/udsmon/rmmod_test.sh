#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rmmod while clients send to monitored sockets and a reader waits in
# read(): refused while the reader holds the device or sockets are
# monitored, clean once cleared, with the clients still sending; then the
# module loads and counts again.  Then a send that waits for ever in the
# kernel, on a page of a FUSE file whose server does not answer: clear
# returns all the same, and rmmod refuses, with everything still working,
# until the server answers; a second send on the same page holds the
# module too, until SIGKILL ends it.  A probe left behind would run freed
# code at the clients' next syscall: the kernel log check catches that.
# Runs in the test VM:
# rmmod_test.sh PATHSTATS_KO DIR, DIR holding the built programs.
# Prints TAP.
set -uo pipefail

ko=${1:?usage: rmmod_test.sh PATHSTATS_KO DIR}
progs=${2:?usage: rmmod_test.sh PATHSTATS_KO DIR}
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
  - socket_path: $dir/d.sock
    name: stalled
  - socket_path: $dir/e.sock
    name: alive
  - socket_path: $dir/f.sock
    name: killed
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

ended() {	# ended PID: its exit status, once it exited; 124 if it did not
	wait_until 30 pid_exited "$1" || return 124
	wait "$1"
}
kill -TERM $reader
ended $reader
tap_result $((! $?)) "the reader leaves on SIGTERM"
# The hooks and the calls they diverted keep the module in use: unload
# cannot wait for a call that may never return.
rmmod pathstats 2>/dev/null
tap_result $? "rmmod refused while sockets are monitored"
timeout $((60 * time_scale)) $ctl clear >/dev/null
tap_result $((! $?)) "clear with the clients sending and one in recv()"
# The clear waited for the release, up to 5 s; a slow kernel may need more.
wait_until 30 [ "$(held_calls $ctl)" = 0 ]
tap_check "no call holds the module" 0 "$(held_calls $ctl)"
timeout $((60 * time_scale)) rmmod pathstats
tap_result $((! $?)) "rmmod once cleared, the client still in recv()"
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
ended $blocked
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

# Sends that wait in the kernel for as long as a FUSE server likes, in
# the page fault: the first for the read it sent, which once the server
# has it no signal ends; the second for the page lock, which SIGKILL ends.
fuse=$dir/fuse
mkdir -p $fuse
modprobe fuse 2>/dev/null	# or built in
"$progs/fuse_stall" $fuse >$dir/fuse.out &
stall=$!
# Whatever fails from here on, no task is left waiting for the server.
trap 'kill -USR1 $stall; kill -TERM $stall' EXIT
wait_until 30 grep -q '^mounted$' $dir/fuse.out
tap_result $((! $?)) "a FUSE server that answers reads when told"
waits_in_fault() {	# waits_in_fault OUT: fuse_send.py's client sleeps
	local pid

	pid=$(sed -n 's/^sending //p' "$1")
	[ -n "$pid" ] && grep -q '^State:.D' "/proc/$pid/status"
}
python3 "$here/fuse_send.py" $dir/d.sock $fuse/data >$dir/send.out &
sender=$!
wait_until 30 grep -q '^read$' $dir/fuse.out
tap_result $((! $?)) "a send faults on the FUSE file and waits"
python3 "$here/fuse_send.py" $dir/f.sock $fuse/data >$dir/killed.out &
killed=$!
wait_until 30 waits_in_fault $dir/killed.out
tap_result $((! $?)) "a second send waits for the same page"
timeout $((60 * time_scale)) $ctl clear >/dev/null 2>$dir/clear.err
tap_result $((! $?)) "clear returns, the sends still waiting"
tap_check "clear says why the module stays" 1 \
	"$(grep -c 'have not returned' $dir/clear.err)"
tap_check "the sends hold the module" 2 "$(held_calls $ctl)"
client=$(sed -n 's/^sending //p' $dir/killed.out)
kill -KILL "$client"
wait_until 30 [ ! -e "/proc/$client" ]
gone=$?
tap_result $((! gone)) "a fatal signal ends the second send's wait"
[ $gone = 0 ] && ended $killed	# its server saw the connection end short
wait_until 30 [ "$(held_calls $ctl)" = 1 ]
tap_check "the first send holds the module" 1 "$(held_calls $ctl)"
umount $stats
timeout $((60 * time_scale)) rmmod pathstats 2>/dev/null
tap_result $? "rmmod refused while the send waits"
tap_result $(grep -c '^pathstats ' /proc/modules) "module still loaded"

# Everything still works: load, count, clear.
$ctl load $dir/config.yaml >/dev/null
tap_result $((! $?)) "load while the send waits"
python3 - $dir/e.sock <<'PY'
import os, socket, sys

path = sys.argv[1]
if os.path.exists(path):
    os.unlink(path)
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen(1)
with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
    client.connect(path)
    conn, _ = server.accept()
    for _ in range(3):
        client.sendall(b"ping\n")
        conn.recv(5)
PY
tap_check "counting while the send waits" 3 "$(value alive/send_ops_total)"
timeout $((60 * time_scale)) $ctl clear >/dev/null 2>&1
tap_result $((! $?)) "clear again"
tap_check "the send is still waiting" 1 "$(held_calls $ctl)"

kill -USR1 $stall
ended $sender
tap_result $((! $?)) "the send completes once the server answers"
unloaded() {	# unloaded: rmmod succeeded
	rmmod pathstats 2>/dev/null
}
umount $stats
wait_until 30 unloaded
tap_result $((! $?)) "then rmmod"
trap - EXIT
kill -TERM $stall
ended $stall
tap_result $((! $?)) "the FUSE server unmounts"

insmod "$ko"
tap_result $((! $?)) "insmod at last"
tap_done
