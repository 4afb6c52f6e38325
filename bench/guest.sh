#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of make bench: runs in a scripts/vm.sh guest booted with
# --icount --smp 1 and without the module, from the repo root.
#
#   guest.sh             (environment: BENCH_MODULE, BENCH_PROG, BENCH_CTL,
#                         BENCH_OPS, BENCH_REPS, BENCH_BPFTRACE)
#
# Output, one record a line, parsed by bench/report.py:
#   RESULT SCENARIO REP OP N NS_PER_OP
#   COUNT SCENARIO NAME VALUE      a counter read after the scenario
#   NOTE SCENARIO TEXT             e.g. why a scenario was skipped
# Anything else is log.  Scenarios, in order: baseline (module not
# loaded); pathstats loaded without config; monitoring another unix
# socket, counting the client's, capturing 512 bytes of its sends; with
# non-matching prefixes
# (1, 256), matching read/write counting (alone, and among 256 others),
# matching with syscalls [all]; baseline-end after rmmod (must be the
# baseline again); then the bpftrace equivalents, without the module.
set -euo pipefail

ko=${BENCH_MODULE:?}
prog=${BENCH_PROG:?}
ctl=${BENCH_CTL:?}
ops=${BENCH_OPS:-pread:200000 write:100000 openclose:30000 stat:50000 getppid:100000}
uds_ops=${BENCH_UDS_OPS:-ssend64:20000 ssend512:20000 ssend4k:20000 srecv64:20000 psend64:20000 psend4k:20000}
reps=${BENCH_REPS:-2}
bpf=${BENCH_BPFTRACE:-1}

dir=/tmp/pathstats-bench	# guest tmpfs
file=$dir/bench.dat
cfg=/tmp/pathstats-bench-cfg
mkdir -p "$dir" "$cfg"

# measure SCENARIO [OPS]: every op ($ops by default), $reps times, each
# rep its own process.  The capture ring is emptied between reps, so that
# every rep captures rather than drops.
measure() {
	local rep line
	for rep in $(seq 1 "$reps"); do
		# shellcheck disable=SC2086 # ops: a list of words
		"$prog" "$file" ${2:-$ops} | while read -r line; do
			echo "RESULT $1 $rep $line"
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

stats=/sys/kernel/stats/pathmon
counters() {
	local f
	for f in "$stats/$2"/*; do
		case ${f##*/} in
		*_ops|*_bytes|*_calls) echo "COUNT $1 ${f##*/} $(cat "$f")" ;;
		esac
	done
}

# bpftrace SCENARIO PROGRAM: measure while PROGRAM is attached.
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
	measure "$1"
	kill -INT "$pid"
	wait "$pid" || true
	sed -n 's/^@\([a-z_]*\): \([0-9]*\)$/COUNT '"$1"' \1 \2/p' "$out"
}

echo "kernel $(uname -r), cmdline: $(cat /proc/cmdline)"
"$prog" "$file" pread:20000 >/dev/null	# warm up: caches, the binary

measure baseline
measure baseline "$uds_ops"

insmod "$ko"
measure noconfig
measure noconfig "$uds_ops"
for s in uds-other uds-count uds-capture; do
	"$ctl" load "$cfg/$s.yaml"
	measure "$s" "$uds_ops"
	for f in /sys/kernel/stats/uds/bench/*_total; do
		echo "COUNT $s ${f##*/} $(cat "$f")"
	done
	"$ctl" clear
done
for s in nomatch1 nomatch256 match-rw match-rw-256 match-all; do
	"$ctl" load "$cfg/$s.yaml"
	measure "$s"
	case $s in
	match-rw*) counters "$s" tmp_pathstats-bench ;;
	match-all) counters "$s" bench ;;
	*) counters "$s" tmp_pathstats-ben ;;
	esac
	"$ctl" clear
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
BPFTRACE=$(command -v bpftrace || true)
bt_skip=
if [ "$bpf" = 0 ]; then
	bt_skip="disabled (BENCH_BPFTRACE=0)"
elif [ -z "$BPFTRACE" ]; then
	bt_skip="bpftrace not installed (Debian package bpftrace)"
elif [ ! -r /sys/kernel/btf/vmlinux ]; then
	bt_skip="no /sys/kernel/btf/vmlinux (kernel BTF)"
fi
for s in bpftrace-count-nomatch bpftrace-count-match bpftrace-bytes-match; do
	if [ -n "$bt_skip" ]; then
		echo "NOTE $s skipped: $bt_skip"
		continue
	fi
	case $s in
	bpftrace-count-nomatch) bpftrace_run $s "$(count_prog no-such-dir)" ;;
	bpftrace-count-match) bpftrace_run $s "$(count_prog pathstats-bench)" ;;
	bpftrace-bytes-match) bpftrace_run $s "$bytes_prog" ;;
	esac
done
