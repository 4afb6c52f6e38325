#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The remote sink, in the test VM with pathstats.ko loaded, writing to the
# example monitoring process (examples/trace_monitor.py): an endpoint
# nobody listens on is refused and changes nothing; a workload's events
# arrive decoded; a monitor that goes away and comes back is reconnected
# to, one that stops reading makes drops, and every message is written or
# dropped, counted exactly, each count carried by a later message.
# remote_test.sh DIR, DIR holding pathstats_trace_pb2.py.  Prints TAP.
set -uo pipefail

pb2=${1:?usage: remote_test.sh DIR}
ctl=${PATHSTATSCTL:-tools/pathstatsctl}
here=$(dirname "$0")
dir=/tmp/pathstats-remote
sock=$dir/monitor.sock
# shellcheck source=../tap.sh
. "$here/../tap.sh"

rm -rf $dir
mkdir -p $dir
monitor=
start_monitor() {
	/usr/bin/python3 "$here/../../examples/trace_monitor.py" $sock "$pb2" \
		>>$dir/monitor.out 2>&1 &
	monitor=$!
	wait_until 20 grep -qs '^listening' $dir/monitor.out
}
stop_monitor() {
	kill -TERM $monitor
	wait $monitor
}
session() {	# session NAME ENDPOINT: a session file
	cat >$dir/$1.yaml <<YAML
trace_session:
  name: $1
  points:
    - {name: process/exec, context_fields: [pid, process_name]}
    - {name: process/exit, context_fields: [pid]}
  sinks:
    - name: remote
      config: {endpoint: "$2", retries: 2, backoff: 1ms, backoff_max: 20ms}
    - name: "null"
YAML
}

session gone $dir/nobody.sock
$ctl trace create $dir/gone.yaml >/dev/null 2>$dir/err
tap_check "no listener: exit 2" 2 $?
tap_check "no listener: its message" \
	"pathstatsctl: $dir/gone.yaml:2: cannot create session 'gone': its remote sink cannot connect to its endpoint (No such file or directory); nothing was changed" \
	"$(cat $dir/err)"
tap_check "no listener: no session" "SESSIONS (0)" "$($ctl trace list)"

: >$dir/monitor.out
start_monitor
tap_result $(($? == 0)) "the monitor listens"
session r $sock
$ctl trace create $dir/r.yaml >/dev/null
tap_check "create: exit 0" 0 $?
wait_until 20 grep -q '^connected' $dir/monitor.out
tap_result $(($? == 0)) "the sink connects"

(
	echo $BASHPID >$dir/pid
	exec /bin/true
)
pid=$(cat $dir/pid)
exited() { grep -q "^process/exit dropped=0 pid=$pid " $dir/monitor.out; }
wait_until 20 exited
tap_result $(($? == 0)) "the workload's exit arrives"
tap_check "the workload's events, decoded by the monitor" \
	"process/exec dropped=0 pid=$pid process_name=true filename=/bin/true
process/exit dropped=0 pid=$pid status=0 exit_code=0 signal=0" \
	"$(grep " pid=$pid " $dir/monitor.out)"

# The monitor goes away and comes back: the sink connects again.
stop_monitor
for ((i = 0; i < 20; i++)); do /bin/true; done
start_monitor
connected_twice() { [ "$(grep -c '^connected' $dir/monitor.out)" = 2 ]; }
wait_until 20 connected_twice
tap_result $(($? == 0)) "the sink connects again"

# The monitor stops reading: its socket fills, the sink drops.
kill -STOP $monitor
for ((i = 0; i < 400; i++)); do /bin/true; done
kill -CONT $monitor
read -r _ delivered _ dropped _ unreported _ null _ lines _ carried _ connects \
	<<<"$(/usr/bin/python3 "$here/trace_settle.py" r $dir/monitor.out \
		$((30 * time_scale)))"
tap_check "every message written or dropped" "$null" \
	"$((delivered + dropped))"
tap_result $((dropped > 0)) "a monitor that does not read makes drops" \
	"dropped $dropped"
tap_check "the monitor printed every message written" "$delivered" "$lines"
tap_check "the messages carry the drops but those not yet reported" \
	"$dropped" "$((carried + unreported))"
tap_check "two connections" 2 "$connects"
tap_check "list: connected" 1 \
	"$($ctl trace list | grep -c 'Sink: "remote", .*, connected, connections: 2')"

$ctl trace delete r >/dev/null
tap_check "delete: exit 0" 0 $?
# The first monitor was killed, the second sees the end.
disconnected() { grep -q '^disconnected' $dir/monitor.out; }
wait_until 20 disconnected
tap_result $(($? == 0)) "the monitor sees the sink go"
stop_monitor
tap_done
