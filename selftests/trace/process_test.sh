#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Trace sessions with the process points, in the test VM with pathstats.ko
# loaded: a known workload in a Docker-named cgroup gives exactly its
# events, in order, with the fields asked for and no other, decoded by
# Debian's protobuf runtime and by pathstatsctl trace dump; a null sink
# counts what a device sink delivers and drops; bad sessions are refused
# and change nothing; rmmod is refused while a session hooks.
# process_test.sh DIR, DIR holding pathstats_trace_pb2.py.  Prints TAP.
set -uo pipefail

pb2=${1:?usage: process_test.sh DIR}
ctl=${PATHSTATSCTL:-tools/pathstatsctl}
here=$(dirname "$0")
dir=/tmp/pathstats-trace
id=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
cg=/sys/fs/cgroup/trace-test.slice/docker-$id.scope
wd=$dir/work
# shellcheck source=../tap.sh
. "$here/../tap.sh"

read_sink() {	# read_sink SESSION [PID]
	/usr/bin/python3 "$here/trace_read.py" "$pb2" "$@"
}
events() {	# events FILE: the events of a read_sink output
	grep '^process/' "$1"
}
count() {	# count FILE SINK FIELD: a count of a read_sink output
	awk -v sink="$2" -v field="$3" '$1 == sink {
		for (i = 2; i < NF; i++) if ($i == field) print $(i + 1)
	}' "$1"
}

rm -rf $dir
mkdir -p $dir $wd $cg
cat >$dir/procs.yaml <<'YAML'
trace:
  sessions:
    - name: procs
      points:
        - name: process/exec
          context_fields: [pid, tid, ppid, uid, gid, cgroup, container_id,
                           process_name, cwd, exe]
        - name: process/exit
          context_fields: [pid, process_name]
      sinks:
        - name: device
        - name: "null"
YAML
out=$($ctl trace create $dir/procs.yaml)
tap_check "create: exit 0" 0 $?
tap_check "create: says so" "1 trace session created" "$out"

# The workload: a subshell in the cgroup, in $wd, that runs setpriv, which
# runs sh as another user, which exits with 3.
(
	echo $BASHPID >$cg/cgroup.procs
	echo $BASHPID >$dir/pid
	cd $wd || exit 1
	exec /usr/bin/setpriv --reuid 1234 --regid 4321 --clear-groups \
		/bin/sh -c 'exit 3'
)
tap_check "workload: exit 3" 3 $?
pid=$(cat $dir/pid)
cgid=$(stat -c %i $cg)

expected="process/exec tid=$pid pid=$pid ppid=$$ uid=0 gid=0 cgroup_id=$cgid cgroup=/trace-test.slice/docker-$id.scope container_id=$id process_name=setpriv cwd=$wd exe=/usr/bin/setpriv filename=/usr/bin/setpriv
process/exec tid=$pid pid=$pid ppid=$$ uid=1234 gid=4321 cgroup_id=$cgid cgroup=/trace-test.slice/docker-$id.scope container_id=$id process_name=sh cwd=$wd exe=/usr/bin/dash filename=/bin/sh
process/exit pid=$pid process_name=sh status=768 exit_code=3 signal=0"
read_sink procs "$pid" >$dir/read.txt
tap_check "protobuf: read" 0 $?
tap_check "protobuf: the workload's events, in order, with their fields" \
	"$expected" "$(events $dir/read.txt)"
tap_check "protobuf: nothing dropped" "dropped 0" \
	"$(sed -n 's/^messages [0-9]* //p' $dir/read.txt)"

# The same through pathstatsctl, for a second workload.
(
	echo $BASHPID >$dir/pid
	exec /bin/true
)
pid=$(cat $dir/pid)
$ctl trace dump procs --json >$dir/dump.json
tap_check "dump: exit 0" 0 $?
tap_check "dump --json: the events of /bin/true" \
	"process/exec 0 /bin/true true /usr/bin/true
process/exit 0 - true 0" \
	"$(/usr/bin/python3 - $pid $dir/dump.json <<'PY'
import json, sys
pid = int(sys.argv[1])
for line in open(sys.argv[2]):
    e = json.loads(line)
    c = e["context"]
    if c["pid"] != pid:
        continue
    print(e["point"], e["dropped"], e.get("filename", "-"),
          c["process_name"], c.get("exe", e.get("status")))
PY
)"
$ctl trace dump procs >$dir/dump.txt
tap_check "dump: what is left, as text" 0 $?

# Counts: the null sink got every message the device sink delivered.
/usr/bin/python3 "$here/trace_counts.py" procs >$dir/counts.txt
tap_check "counts: the null sink counted what the device delivered" \
	"$(count $dir/counts.txt device delivered) 0" \
	"$(count $dir/counts.txt null delivered) $(count $dir/counts.txt device dropped)"
tap_check "list: text" "SESSIONS (1)
\"procs\"
	Points: process/exec process/exit" "$($ctl trace list | head -3)"

# A device sink too small for what comes: it drops and counts, the task
# never waits; the null sink has them all.  Messages of some 3 KiB: the
# working directory's name is long.
cat >$dir/small.yaml <<'YAML'
trace_session:
  name: small
  points:
    - name: process/exec
      context_fields: [cwd, exe, cgroup]
  sinks:
    - {name: device, config: {buffer_bytes: 65536}}
    - {name: "null"}
YAML
$ctl trace create $dir/small.yaml >/dev/null
tap_check "small: created" 0 $?
long=$dir/$(printf 'd%.0s' {1..200})
for ((i = 0; i < 14; i++)); do long=$long/$(printf 'd%.0s' {1..200}); done
mkdir -p "$long"
(cd "$long" && for ((i = 0; i < 300; i++)); do /bin/true; done)
read_sink small >$dir/small.txt
read -r _ read_count _ carried <<<"$(grep '^messages ' $dir/small.txt)"
delivered=$(count $dir/small.txt device delivered)
dropped=$(count $dir/small.txt device dropped)
unreported=$(count $dir/small.txt device unreported)
tap_result $((dropped > 0)) "small: the device sink dropped" \
	"delivered $delivered dropped $dropped"
tap_check "small: delivered and dropped are what the null sink counted" \
	"$(count $dir/small.txt null delivered)" "$((delivered + dropped))"
tap_check "small: every delivered message read" "$delivered" "$read_count"
tap_check "small: the messages carry the drops but those not yet reported" \
	"$dropped" "$((carried + unreported))"
# statsfs: the sink's drops, and the session's in all; read by the shell
# itself, which runs no program: no event comes in between.
small=/sys/kernel/stats/trace/small
read -r sfs_device <$small/device/dropped
read -r sfs_null <$small/null/dropped
read -r sfs_session <$small/dropped
tap_check "statsfs: the device sink's drops" "$dropped" "$sfs_device"
tap_check "statsfs: the null sink drops nothing" 0 "$sfs_null"
tap_check "statsfs: the session's drops are its sinks'" "$sfs_device" \
	"$sfs_session"
$ctl trace delete small >/dev/null
tap_check "small: deleted" 0 $?
[ ! -e $small ]
tap_result $(($? == 0)) "statsfs: the session's directory is gone"

# Bad sessions: a clear error, nothing changed.
bad() {	# bad NAME STATUS MESSAGE YAML
	printf '%s\n' "$4" >$dir/bad.yaml
	$ctl trace create $dir/bad.yaml >/dev/null 2>$dir/err
	tap_check "$1: exit $2" "$2" $?
	tap_check "$1: its message" "$3" "$(cat $dir/err)"
}
bad "unknown point" 1 \
	"pathstatsctl: $dir/bad.yaml:1:42: unknown point 'file/nope' (known: process/exec, process/exit, file/open, file/read, file/write, file/stat, file/close, file/unlink, file/rename, file/mkdir, file/rmdir, file/truncate, uds/connect, uds/send, uds/recv)" \
	'trace_session: {name: b, points: [{name: file/nope}], sinks: [{name: device}]}'
bad "unknown context field" 1 \
	"pathstatsctl: $dir/bad.yaml:1:78: unknown context field 'pidd' (did you mean 'pid'?)" \
	'trace_session: {name: b, points: [{name: process/exec, context_fields: [pid, pidd]}], sinks: [{name: device}]}'
bad "unknown sink" 1 \
	"pathstatsctl: $dir/bad.yaml:1:73: unknown sink 'nowhere' (known: device, null, remote)" \
	'trace_session: {name: b, points: [{name: process/exec}], sinks: [{name: nowhere}]}'
bad "a name taken" 2 \
	"pathstatsctl: $dir/bad.yaml:1: cannot create session 'procs': a session of that name exists" \
	'trace_session: {name: procs, points: [{name: process/exit}], sinks: [{name: "null"}]}'
tap_check "bad sessions: only procs is left" "procs" \
	"$($ctl trace list --json | /usr/bin/python3 -c '
import json, sys
print(" ".join(s["name"] for s in json.load(sys.stdin)))')"
$ctl trace delete nosuch 2>$dir/err
tap_check "delete of no session: exit 2" 2 $?
tap_check "delete of no session: its message" \
	"pathstatsctl: cannot delete session 'nosuch': no such session" \
	"$(cat $dir/err)"

# Seed 002's layout, as it stands, with its names of context fields.
cat >$dir/seed.json <<'JSON'
{
  "trace_session": {
    "name": "Default",
    "points": [
      {"name": "process/exec", "context_fields": ["group_id", "process_name"]}
    ],
    "sinks": [{"name": "device", "ignore_setup_error": true}]
  }
}
JSON
$ctl trace create $dir/seed.json >/dev/null
tap_check "seed layout: created" 0 $?
(
	echo $BASHPID >$dir/pid
	exec /bin/true
)
pid=$(cat $dir/pid)
tap_check "seed layout: group_id and process_name only" \
	"process/exec pid=$pid process_name=true filename=/bin/true" \
	"$(read_sink Default "$pid" | grep '^process/')"

rmmod pathstats 2>/dev/null
tap_result $(($? != 0)) "rmmod refused while sessions hook"
tap_check "module still loaded" 1 "$(grep -c '^pathstats ' /proc/modules)"

$ctl trace delete Default >/dev/null && $ctl trace delete procs >/dev/null
tap_check "delete both: exit 0" 0 $?
tap_check "no session left" "SESSIONS (0)" "$($ctl trace list)"
tap_check "no hook left" 0 \
	"$(grep -cE '^(begin_new_exec|taskstats_exit)' \
		/sys/kernel/tracing/enabled_functions)"
rmdir $cg /sys/fs/cgroup/trace-test.slice
tap_done
