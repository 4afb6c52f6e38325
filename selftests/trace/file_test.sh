#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Trace sessions with the file points, in the test VM with pathstats.ko
# loaded: a known workload on a monitored prefix gives exactly its
# events, in order, with their results and the fields asked for and no
# other; a file under no prefix gives none; the prefixes' counters are
# what they are without the session; an optional field where a point
# has none is refused.  glibc's fstat() is newfstatat(AT_EMPTY_PATH), a
# stat of the fd's path.
# file_test.sh DIR, DIR holding pathstats_trace_pb2.py.  Prints TAP.
set -uo pipefail

pb2=${1:?usage: file_test.sh DIR}
ctl=${PATHSTATSCTL:-tools/pathstatsctl}
here=$(dirname "$0")
dir=/tmp/pathstats-tracefile
mon=$dir/mon
# shellcheck source=../tap.sh
. "$here/../tap.sh"

rm -rf $dir
mkdir -p $mon
echo other >$dir/other
cat >$dir/files.yaml <<YAML
monitored_paths:
  - $mon
trace:
  sessions:
    - name: files
      points:
        - name: file/open
          context_fields: [pid, process_name]
        - name: file/read
          context_fields: [pid]
          optional_fields: [path]
        - name: file/write
          context_fields: [pid]
        - {name: file/stat, context_fields: [pid]}
        - {name: file/close, context_fields: [pid], optional_fields: [path]}
        - {name: file/truncate, context_fields: [pid]}
        - {name: file/rename, context_fields: [pid]}
        - {name: file/mkdir, context_fields: [pid]}
        - {name: file/rmdir, context_fields: [pid]}
        - {name: file/unlink, context_fields: [pid]}
      sinks:
        - name: device
YAML
$ctl load $dir/files.yaml >/dev/null
tap_check "load: exit 0" 0 $?

fds=$(/usr/bin/python3 "$here/file_ops.py" $mon $dir/other $dir/pid)
tap_check "workload: exit 0" 0 $?
read -r fd rfd _ <<<"$fds"
pid=$(cat $dir/pid)
/usr/bin/python3 "$here/trace_read.py" "$pb2" files "$pid" >$dir/read.txt
tap_check "read: exit 0" 0 $?

p="pid=$pid"
expected="file/open $p process_name=python3 syscall=openat result=$fd success=true fd=$fd path=$mon/data
file/write $p syscall=write result=11 success=true fd=$fd
file/read $p syscall=pread result=5 success=true fd=$fd path=$mon/data
file/stat $p syscall=newfstatat result=0 success=true path=$mon/data
file/truncate $p syscall=ftruncate result=0 success=true fd=$fd
file/close $p syscall=close result=0 success=true fd=$fd path=$mon/data
file/open $p process_name=python3 syscall=openat result=$rfd success=true fd=$rfd path=$mon/data
file/write $p syscall=write result=-9 success=false fd=$rfd
file/close $p syscall=close result=0 success=true fd=$rfd path=$mon/data
file/stat $p syscall=newfstatat result=0 success=true path=$mon/data
file/truncate $p syscall=truncate result=0 success=true path=$mon/data
file/rename $p syscall=rename result=0 success=true path=$mon/data new_path=$mon/data.new
file/mkdir $p syscall=mkdir result=0 success=true path=$mon/sub
file/rmdir $p syscall=rmdir result=0 success=true path=$mon/sub
file/unlink $p syscall=unlink result=0 success=true path=$mon/data.new"
tap_check "the workload's events, in order, with their fields" \
	"$expected" "$(grep '^file/' $dir/read.txt)"
tap_check "nothing dropped" "dropped 0" \
	"$(sed -n 's/^messages [0-9]* //p' $dir/read.txt)"

# The counters count what the prefix lists, with or without the session.
tap_check "counters: the reads" 1 "$(cat /sys/kernel/stats/pathmon/*/read_ops)"

$ctl trace delete files >/dev/null
tap_check "delete: exit 0" 0 $?

cat >$dir/bad.yaml <<'YAML'
trace:
  sessions:
    - name: bad
      points:
        - {name: file/unlink, optional_fields: [path]}
      sinks:
        - name: device
YAML
err=$($ctl trace create $dir/bad.yaml 2>&1)
tap_check "an optional field the point has not: exit 1" 1 $?
tap_check "an optional field the point has not: says so" \
	"pathstatsctl: $dir/bad.yaml:5:49: point 'file/unlink' has no optional field 'path'" \
	"$err"
$ctl clear >/dev/null
tap_done
