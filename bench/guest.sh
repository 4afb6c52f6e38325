#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of make bench: runs in a scripts/vm.sh guest booted with
# --icount --smp 1 and without the module, from the repo root.
#
#   guest.sh             (environment: BENCH_MODULE, BENCH_PROG, BENCH_CTL,
#                         BENCH_OPS, BENCH_UDS_OPS, BENCH_TRACE_OPS,
#                         BENCH_REPS, BENCH_BPFTRACE; tracesink next to
#                         BENCH_PROG)
#
# Output, one record a line, parsed by bench/report.py:
#   RESULT SCENARIO REP OP N NS_PER_OP
#   COUNT SCENARIO NAME VALUE      a counter read after the scenario
#   NOTE SCENARIO TEXT             e.g. why a scenario was skipped
# Anything else is log.  Scenarios, in order: baseline (module not
# loaded); pathstats loaded without config; monitoring another unix
# socket, counting the client's, capturing 512 bytes of its sends; with
# non-matching prefixes
# (1, 256, 4096), matching read/write counting (alone, and among 256
# others), matching with syscalls [all]; trace sessions (an event for
# each matched pread and 64 B send, to null, device and remote sinks);
# baseline-end after rmmod (must be the baseline again); then, without
# the module, the bpftrace equivalents, audit watches and strace.
set -euo pipefail

ko=${BENCH_MODULE:?}
prog=${BENCH_PROG:?}
ctl=${BENCH_CTL:?}
ops=${BENCH_OPS:-pread:200000 write:100000 openclose:30000 stat:50000 getppid:100000}
uds_ops=${BENCH_UDS_OPS:-ssend64:20000 ssend512:20000 ssend4k:20000 srecv64:20000 psend64:20000 psend4k:20000}
reps=${BENCH_REPS:-2}
bpf=${BENCH_BPFTRACE:-1}
# The peers that trace every syscall (auditd, strace) are 3x to 35x
# slower: a tenth of the calls measures them as exactly.
peer_ops=${BENCH_PEER_OPS:-pread:20000 write:10000 openclose:3000 stat:5000 getppid:10000}
peers=${BENCH_PEERS:-1}
trace_ops=${BENCH_TRACE_OPS:-pread:200000 ssend64:20000}
sink_prog=$(dirname "$prog")/tracesink

dir=/tmp/pathstats-bench	# guest tmpfs
file=$dir/bench.dat
cfg=/tmp/pathstats-bench-cfg
mkdir -p "$dir" "$cfg"

# measure SCENARIO [OPS [COMMAND...]]: every op ($ops by default), $reps
# times, each rep its own process, run by COMMAND (strace) if given.  The
# capture ring is emptied between reps, so that every rep captures rather
# than drops.
measure() {
	local sc=$1 rep line run_ops=${2:-$ops}
	shift $(($# < 2 ? $# : 2))
	for rep in $(seq 1 "$reps"); do
		# shellcheck disable=SC2086 # ops: a list of words
		"$@" "$prog" "$file" $run_ops | while read -r line; do
			echo "RESULT $sc $rep $line"
		done
		[ ! -e /dev/pathstats ] || "$ctl" uds dump >/dev/null
	done
}

# The configs.  Non-matching prefixes are the hard kind: /tmp/pathstats-ben
# is a string prefix of the file's path (not a component prefix), and the
# others are siblings below the file's own directory.
nomatch() {
	local i
	echo "monitored_paths:"
	echo "  - /tmp/pathstats-ben"
	for ((i = 1; i < $1; i++)); do
		printf '  - %s/sub%03d\n' "$dir" "$i"
	done
}
nomatch 1 >"$cfg/nomatch1.yaml"
nomatch 256 >"$cfg/nomatch256.yaml"
nomatch 4096 >"$cfg/nomatch4096.yaml"
printf 'monitored_paths:\n  - %s\n' "$dir" >"$cfg/match-rw.yaml"
{ nomatch 256; echo "  - $dir"; } >"$cfg/match-rw-256.yaml"
printf 'path_metrics:\n  - path_prefix: %s\n    syscalls: [all]\n    name: bench\n' \
	"$dir" >"$cfg/match-all.yaml"
# Unix sockets: pathbench's client talks to a server bound at uds.sock.
uds() {	# uds SOCKET CAPTURE_BYTES
	printf 'uds_monitor:\n  - socket_path: %s\n    capture_bytes: %s\n    name: bench\n' \
		"$1" "$2"
	printf 'ring:\n  entries: 65536\n'
}
uds "$dir/other.sock" 0 >"$cfg/uds-other.yaml"
uds "$dir/uds.sock" 0 >"$cfg/uds-count.yaml"
uds "$dir/uds.sock" 512 >"$cfg/uds-capture.yaml"
# Attribution: the same configs, every event counted in its group too.
by_cgroup='attribution: {by: [cgroup]}'
by_both='attribution: {by: [cgroup, process]}'
{ cat "$cfg/nomatch256.yaml"; echo "$by_cgroup"; } >"$cfg/nomatch256-by-cgroup.yaml"
{ cat "$cfg/match-rw.yaml"; echo "$by_cgroup"; } >"$cfg/match-by-cgroup.yaml"
{ cat "$cfg/match-rw.yaml"; echo "$by_both"; } >"$cfg/match-by-cgroup-process.yaml"
{ cat "$cfg/uds-count.yaml"; echo "$by_cgroup"; } >"$cfg/uds-by-cgroup.yaml"
{ cat "$cfg/uds-count.yaml"; echo "$by_both"; } >"$cfg/uds-by-cgroup-process.yaml"

stats=/sys/kernel/stats/pathmon
counters() {
	local f
	for f in "$stats/$2"/*; do
		case ${f##*/} in
		*_ops|*_bytes|*_calls) echo "COUNT $1 ${f##*/} $(cat "$f")" ;;
		esac
	done
}

# bpftrace SCENARIO PROGRAM [OPS]: measure OPS ($ops by default) while
# PROGRAM is attached.
bpftrace_run() {
	local out=/tmp/bpftrace-$1.out pid i
	"$BPFTRACE" -e "$2" >"$out" 2>&1 &
	pid=$!
	for ((i = 0; i < 1200; i++)); do
		grep -q '^Attaching' "$out" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if ! grep -q '^Attaching' "$out" || ! kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		echo "NOTE $1 skipped: bpftrace did not attach: $(grep -v '^$' "$out" |
			head -n1)"
		return 0
	fi
	sleep 0.5	# let it settle into poll()
	measure "$1" "${3:-$ops}"
	kill -INT "$pid"
	wait "$pid" || true
	sed -n 's/^@\([a-z_]*\): \([0-9]*\)$/COUNT '"$1"' \1 \2/p' "$out"
	# What a printing program printed, and the events its perf buffer lost.
	echo "COUNT $1 read $(grep -c '^ev ' "$out")"
	echo "COUNT $1 dropped $(sed -n 's/^Lost \([0-9]*\) events.*/\1/p' "$out" |
		awk '{ n += $1 } END { print n + 0 }')"
}

echo "kernel $(uname -r), cmdline: $(cat /proc/cmdline)"
"$prog" "$file" pread:20000 >/dev/null	# warm up: caches, the binary

measure baseline
measure baseline "$uds_ops"

insmod "$ko"
measure noconfig
measure noconfig "$uds_ops"
# groups DIR: the group directories below DIR.
groups() {
	find "$1" -mindepth 1 -maxdepth 1 -type d | wc -l
}
for s in uds-other uds-count uds-capture uds-by-cgroup uds-by-cgroup-process; do
	"$ctl" load "$cfg/$s.yaml"
	measure "$s" "$uds_ops"
	for f in /sys/kernel/stats/uds/bench/*_total; do
		echo "COUNT $s ${f##*/} $(cat "$f")"
	done
	[ -d /sys/kernel/stats/uds/bench ] &&
		echo "COUNT $s groups $(groups /sys/kernel/stats/uds/bench)"
	"$ctl" clear
done
# meminfo_kb FIELD: a /proc/meminfo value, in kB.
meminfo_kb() {
	sed -n "s/^$1: *\([0-9]*\) kB$/\1/p" /proc/meminfo
}
for s in nomatch1 nomatch256 nomatch4096 match-rw match-rw-256 match-all \
	nomatch256-by-cgroup match-by-cgroup match-by-cgroup-process; do
	percpu=$(meminfo_kb Percpu)
	slab=$(meminfo_kb Slab)
	"$ctl" load "$cfg/$s.yaml"
	# What the prefixes cost: per-cpu counters, and the rest (slab).
	echo "COUNT $s percpu_kb $(($(meminfo_kb Percpu) - percpu))"
	echo "COUNT $s slab_kb $(($(meminfo_kb Slab) - slab))"
	measure "$s"
	case $s in
	match-rw* | match-by-*)
		counters "$s" tmp_pathstats-bench
		echo "COUNT $s groups $(groups $stats/tmp_pathstats-bench)"
		;;
	match-all) counters "$s" bench ;;
	*) counters "$s" tmp_pathstats-ben ;;
	esac
	"$ctl" clear
done

# Trace sessions: a matched pread and a 64 B send, each one event with
# five context fields, to a device sink or a remote sink that tracesink
# reads, to a device sink that "trace dump --follow" prints, to a null
# sink; a session whose points these calls do not fire; and the counters
# alone, the same config without sessions.
trace_ctx="time, tid, pid, uid, process_name"
trace_endpoint=$dir/trace.sock
tracecfg() {	# tracecfg [SINK POINT...]
	local p
	printf 'monitored_paths:\n  - %s\n' "$dir"
	printf 'uds_monitor:\n  - socket_path: %s\n    name: bench\n' \
		"$dir/uds.sock"
	[ $# -gt 0 ] || return 0
	printf 'trace:\n  sessions:\n    - name: bench\n      points:\n'
	for p in "${@:2}"; do
		printf '        - {name: %s, context_fields: [%s]}\n' "$p" "$trace_ctx"
	done
	printf '      sinks:\n        - %s\n' "$1"
}
tracecfg >"$cfg/trace-counters.yaml"
tracecfg "{name: device}" file/write uds/connect >"$cfg/trace-other.yaml"
tracecfg "{name: \"null\"}" file/read uds/send >"$cfg/trace-null.yaml"
tracecfg "{name: device}" file/read uds/send >"$cfg/trace-device.yaml"
cp "$cfg/trace-device.yaml" "$cfg/trace-dump.yaml"
tracecfg "{name: remote, config: {endpoint: $trace_endpoint}}" file/read \
	uds/send >"$cfg/trace-remote.yaml"
# sink_counts SCENARIO: what the sink of session bench delivered and
# dropped, from trace list.
sink_counts() {
	"$ctl" trace list | sed -n 's/^\tSink: "[a-z]*", delivered: \([0-9]*\), dropped: \([0-9]*\).*/COUNT '"$1"' delivered \1\nCOUNT '"$1"' dropped \2/p'
}
for s in trace-counters trace-other trace-null trace-device trace-remote \
	trace-dump; do
	reader=
	if [ $s = trace-remote ]; then
		"$sink_prog" "$trace_endpoint" >/tmp/trace-reader.out &
		reader=$!
		for ((i = 0; i < 100; i++)); do
			[ -S "$trace_endpoint" ] && break
			sleep 0.1
		done
	fi
	"$ctl" load "$cfg/$s.yaml"
	case $s in
	trace-device)
		"$sink_prog" -d bench >/tmp/trace-reader.out &
		reader=$!
		;;
	trace-dump)
		"$ctl" trace dump bench --follow >/tmp/trace-reader.out &
		reader=$!
		;;
	esac
	[ -z "$reader" ] || sleep 0.5	# let it settle into poll()
	measure "$s" "$trace_ops"
	counters "$s" tmp_pathstats-bench
	sink_counts "$s"
	"$ctl" clear
	if [ -n "$reader" ]; then
		# A device sink's readers end with the session.
		[ $s != trace-remote ] || kill -TERM "$reader"
		wait "$reader" || true
		if [ $s = trace-dump ]; then
			echo "COUNT $s read $(wc -l </tmp/trace-reader.out)"
		else
			sed -n "s/^messages \([0-9]*\) .*/COUNT $s read \1/p" \
				/tmp/trace-reader.out
		fi
	fi
done
"$ctl" status 2>&1 | sed 's/^/status: /' || true
# pathstatsctl mounted statsfs, which holds a reference on the module.
while grep -q ' /sys/kernel/stats ' /proc/mounts; do umount /sys/kernel/stats; done
rmmod pathstats
measure baseline-end
measure baseline-end "$uds_ops"

# What bpftrace can do instead: a read or write counts when its file's
# parent directory has the bench directory's name (bpftrace cannot match a
# full path prefix cheaply); ops + bytes need a kprobe/kretprobe pair.
parent='str(((struct file *)arg0)->f_path.dentry->d_parent->d_name.name)'
count_prog() {
	echo "kprobe:vfs_read, kprobe:vfs_write /$parent == \"$1\"/ { @ops = count(); }"
}
bytes_prog='
kprobe:vfs_read /'$parent' == "pathstats-bench"/ { @r[tid] = 1; }
kretprobe:vfs_read /@r[tid]/ {
	delete(@r[tid]);
	if ((int64)retval >= 0) { @read_ops = count(); @read_bytes = sum(retval); }
}
kprobe:vfs_write /'$parent' == "pathstats-bench"/ { @w[tid] = 1; }
kretprobe:vfs_write /@w[tid]/ {
	delete(@w[tid]);
	if ((int64)retval >= 0) { @write_ops = count(); @write_bytes = sum(retval); }
}'
# The trace rows' equivalent: the same five fields and the result,
# printed from fexit probes (one program a call, bpftrace's cheapest
# kind).  The send is matched by the sender's name, cheaper than
# pathstats' match of the socket.
print_fields='printf("ev %llu %d %d %d %s %d\n", nsecs, tid, pid, uid, comm, retval)'
trace_prog='
kretfunc:vfs_read /str(args->file->f_path.dentry->d_parent->d_name.name) == "pathstats-bench"/ {
	'$print_fields';
}
kretfunc:unix_stream_sendmsg /comm == "pathbench"/ { '$print_fields'; }'
BPFTRACE=$(command -v bpftrace || true)
bt_skip=
if [ "$bpf" = 0 ]; then
	bt_skip="disabled (BENCH_BPFTRACE=0)"
elif [ -z "$BPFTRACE" ]; then
	bt_skip="bpftrace not installed (Debian package bpftrace)"
elif [ ! -r /sys/kernel/btf/vmlinux ]; then
	bt_skip="no /sys/kernel/btf/vmlinux (kernel BTF)"
fi
for s in bpftrace-count-nomatch bpftrace-count-match bpftrace-bytes-match \
	bpftrace-trace; do
	if [ -n "$bt_skip" ]; then
		echo "NOTE $s skipped: $bt_skip"
		continue
	fi
	case $s in
	bpftrace-count-nomatch) bpftrace_run $s "$(count_prog no-such-dir)" ;;
	bpftrace-count-match) bpftrace_run $s "$(count_prog pathstats-bench)" ;;
	bpftrace-bytes-match) bpftrace_run $s "$bytes_prog" ;;
	bpftrace-trace) bpftrace_run $s "$trace_prog" "$trace_ops" ;;
	esac
done

# What an administrator would use without pathstats: an audit watch
# (auditd, "auditctl -w DIR -p rwa") on the bench directory and on
# another one, and strace of the workload.  Audit watches do not record
# read(2) or write(2) (auditctl(8): the open flags stand for them), but
# any audit rule makes every syscall of every task take the audit path.
audit_conf=/tmp/pathstats-bench-audit
audit_run() {	# audit_run SCENARIO DIR
	local i
	mkdir -p "$audit_conf" "$2"
	rm -f "$audit_conf/audit.log"
	cat >"$audit_conf/auditd.conf" <<-EOF
	log_file = $audit_conf/audit.log
	log_format = RAW
	flush = INCREMENTAL_ASYNC
	freq = 50
	max_log_file_action = IGNORE
	space_left = 2
	space_left_action = IGNORE
	admin_space_left = 1
	admin_space_left_action = IGNORE
	disk_full_action = IGNORE
	disk_error_action = IGNORE
	EOF
	chmod 600 "$audit_conf/auditd.conf"
	if ! auditd -c "$audit_conf" >"$audit_conf/auditd.out" 2>&1; then
		echo "NOTE $1 skipped: auditd did not start: $(head -n1 "$audit_conf/auditd.out")"
		return 0
	fi
	for ((i = 0; i < 100; i++)); do
		auditctl -s 2>/dev/null | grep -q '^pid [1-9]' && break
		sleep 0.1
	done
	if ! auditctl -s | grep -q '^pid [1-9]' || ! auditctl -w "$2" -p rwa >/dev/null; then
		echo "NOTE $1 skipped: auditd did not take the watch"
		pkill -x auditd || true
		return 0
	fi
	measure "$1" "$peer_ops"
	echo "COUNT $1 audit_records $(grep -c 'type=SYSCALL' "$audit_conf/audit.log" || true)"
	auditctl -D >/dev/null
	auditctl -e 0 >/dev/null
	pkill -x auditd || true
	for ((i = 0; i < 100; i++)); do
		pgrep -x auditd >/dev/null || break
		sleep 0.1
	done
}
for s in audit-watch-match audit-watch-other strace; do
	if [ "$peers" = 0 ]; then
		echo "NOTE $s skipped: disabled (BENCH_PEERS=0)"
		continue
	fi
	case $s in
	audit-watch-*)
		if ! command -v auditd >/dev/null; then
			echo "NOTE $s skipped: auditd not installed (Debian package auditd)"
			continue
		fi
		if [ $s = audit-watch-match ]; then
			audit_run $s "$dir"
		else
			audit_run $s /tmp/pathstats-bench-other
		fi
		;;
	strace)
		if ! command -v strace >/dev/null; then
			echo "NOTE $s skipped: strace not installed (Debian package strace)"
			continue
		fi
		measure $s "$peer_ops" strace -f -qq -o /dev/null
		;;
	esac
done
