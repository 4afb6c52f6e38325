#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Trace sessions with the unix socket points, in the test VM with
# pathstats.ko loaded: a client of monitored sockets gives exactly its
# events, in order, with their results, the data asked for (at most
# PATHSTATS_TRACE_DATA_MAX bytes, and says when it is cut) and no other;
# a connect that fails is an event, a socket nobody monitors gives none;
# the sockets' counters are what they are without the session; an
# optional field where a point has none is refused.
# uds_test.sh DIR, DIR holding pathstats_trace_pb2.py.  Prints TAP.
set -uo pipefail

pb2=${1:?usage: uds_test.sh DIR}
ctl=${PATHSTATSCTL:-tools/pathstatsctl}
here=$(dirname "$0")
dir=/tmp/pathstats-traceuds
abstract=pathstats-traceuds
stats=/sys/kernel/stats
# shellcheck source=../tap.sh
. "$here/../tap.sh"

rm -rf $dir
mkdir -p $dir
cat >$dir/uds.yaml <<YAML
uds_monitor:
  - {socket_path: $dir/rpc.sock, name: rpc}
  - {socket_path: $dir/idle.sock, name: idle}
  - {socket_path: "@$abstract", name: ping}
trace:
  sessions:
    - name: sockets
      points:
        - {name: uds/connect, context_fields: [pid]}
        - name: uds/send
          context_fields: [pid]
          optional_fields: [data]
        - {name: uds/recv, context_fields: [pid], optional_fields: [data]}
      sinks:
        - name: device
YAML
$ctl load $dir/uds.yaml >/dev/null
tap_check "load: exit 0" 0 $?

inos=$(/usr/bin/python3 "$here/uds_ops.py" $dir $abstract $dir/pid)
tap_check "workload: exit 0" 0 $?
read -r ino rino gino _ <<<"$inos"
pid=$(cat $dir/pid)
/usr/bin/python3 "$here/trace_read.py" "$pb2" sockets "$pid" >$dir/read.txt
tap_check "read: exit 0" 0 $?

p="pid=$pid"
rpc="socket=$dir/rpc.sock type=stream"
x4096=$(printf 'x%.0s' $(seq 4096))
expected="uds/connect $p $rpc result=0 success=true conn_id=$ino
uds/send $p $rpc result=5 success=true conn_id=$ino data=hello data_truncated=false
uds/recv $p $rpc result=6 success=true conn_id=$ino data=world! data_truncated=false
uds/recv $p $rpc result=-11 success=false conn_id=$ino data= data_truncated=false
uds/send $p $rpc result=5000 success=true conn_id=$ino data=$x4096 data_truncated=true
uds/connect $p socket=$dir/idle.sock type=stream result=-111 success=false conn_id=$rino
uds/connect $p socket=@$abstract type=dgram result=0 success=true conn_id=$gino
uds/send $p socket=@$abstract type=dgram result=4 success=true conn_id=$gino data=ping data_truncated=false"
tap_check "the client's events, in order, with their fields" \
	"$expected" "$(grep '^uds/' $dir/read.txt)"
tap_check "nothing dropped" "dropped 0" \
	"$(sed -n 's/^messages [0-9]* //p' $dir/read.txt)"

# The counters count what moved, with or without the session.
tap_check "counters: the sends" 2 "$(cat $stats/uds/rpc/send_ops_total)"
tap_check "counters: the receives" 1 "$(cat $stats/uds/rpc/recv_ops_total)"

$ctl trace delete sockets >/dev/null
tap_check "delete: exit 0" 0 $?

cat >$dir/bad.yaml <<'YAML'
trace:
  sessions:
    - name: bad
      points:
        - {name: uds/connect, optional_fields: [data]}
      sinks:
        - name: device
YAML
err=$($ctl trace create $dir/bad.yaml 2>&1)
tap_check "an optional field the point has not: exit 1" 1 $?
tap_check "an optional field the point has not: says so" \
	"pathstatsctl: $dir/bad.yaml:5:49: point 'uds/connect' has no optional field 'data'" \
	"$err"
$ctl clear >/dev/null
tap_done
