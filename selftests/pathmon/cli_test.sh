#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pathstatsctl end to end, in the test VM with pathstats.ko loaded: load a
# YAML config, run a workload whose bytes are known, and check the
# counters through show, export (also through promtool), reset and clear.
# Prints TAP.
set -uo pipefail

ctl=${PATHSTATSCTL:-tools/pathstatsctl}
dir=/tmp/pmcli
n=0
failed=0

check() {	# check NAME EXPECTED ACTUAL
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1"
		echo "# expected: $2"
		echo "# got:      $3"
		failed=$((failed + 1))
	fi
}

mkdir -p $dir/data $dir/other
cat >$dir/config.yaml <<YAML
path_metrics:
  - path_prefix: $dir/data
    syscalls: [openat, write, close]
    name: data
monitored_paths:
  - $dir/other
YAML

$ctl load $dir/config.yaml >/dev/null 2>&1
check "load exits 0" 0 $?

# Known bytes: 100 into data (however many write calls), 7 into other.
head -c 100 /dev/zero >$dir/data/f
printf 'seven!\n' >$dir/other/g

check "write_bytes in statsfs" 100 "$(cat /sys/kernel/stats/pathmon/data/write_bytes)"
check "openat counted once" 1 "$(cat /sys/kernel/stats/pathmon/data/openat_calls)"
# bash opens the file, dup2()s it to stdout and closes the original; head
# closes stdout before it exits: two close(2) calls on the file.
check "close counted twice" 2 "$(cat /sys/kernel/stats/pathmon/data/close_calls)"
check "derived name for monitored_paths" 7 \
	"$(cat /sys/kernel/stats/pathmon/tmp_pmcli_other/write_bytes)"
check "aggregate write_bytes" 107 "$(cat /sys/kernel/stats/pathmon/write_bytes)"

out=$($ctl export)
check "export exits 0" 0 $?
check "export bytes written, data" \
	"pathstats_path_bytes_written_total{path=\"$dir/data\"} 100" \
	"$(grep "^pathstats_path_bytes_written_total{path=\"$dir/data\"}" <<<"$out")"
check "export syscall series" \
	"pathstats_path_syscalls_total{path=\"$dir/data\",syscall=\"openat\"} 1" \
	"$(grep "syscall=\"openat\"" <<<"$out")"
if command -v promtool >/dev/null; then
	problems=$(promtool check metrics <<<"$out" 2>&1)
	check "promtool check metrics" "0:" "$?:$problems"
else
	n=$((n + 1))
	echo "ok $n promtool check metrics # SKIP promtool not installed"
fi

check "show --json is valid JSON" 0 \
	"$($ctl show --json | python3 -m json.tool >/dev/null; echo $?)"

$ctl reset data >/dev/null
check "reset NAME zeroes the source" 0 \
	"$(cat /sys/kernel/stats/pathmon/data/write_bytes)"
check "reset NAME leaves others" 7 \
	"$(cat /sys/kernel/stats/pathmon/tmp_pmcli_other/write_bytes)"

printf 'path_metrics:\n  - path_prefix: relative\n    syscalls: [read]\n' \
	>$dir/bad.yaml
err=$($ctl load $dir/bad.yaml 2>&1)
check "bad config exits 1" 1 $?
check "bad config message" \
	"pathstatsctl: $dir/bad.yaml:2:18: relative prefix 'relative' (a prefix is an absolute path)" \
	"$err"
check "old config still counting" 2 "$(ls /sys/kernel/stats/pathmon | grep -c -e '^data$' -e '^tmp_pmcli_other$')"

# Bad inputs a user makes: each exits 1 with its message, and the
# configuration already loaded stays in force, still counting.
bad=$dir/bad
mkdir -p $bad
printf 'path_metrics:\n  - path_prefix: /a\n    syscalls: [read\n' >$bad/malformed.yaml
printf 'path_metrics:\n  - pth_prefix: /a\n    syscalls: [read]\n' >$bad/unknown_key.yaml
printf 'path_metrics:\n  - path_prefix: /a\n    syscalls: [opne]\n' >$bad/unknown_syscall.yaml
printf 'monitored_paths:\n  - a/b\n' >$bad/relative.yaml
printf 'monitored_paths:\n  - /a\n  - /a/\n' >$bad/duplicate.yaml
printf 'path_metrics:\n  - path_prefix: /a\n    syscalls: []\n' >$bad/empty.yaml
{ echo 'monitored_paths:'; for i in $(seq 0 4096); do echo "  - /p$i"; done; } >$bad/toomany.yaml
{ echo 'monitored_paths:'; printf '  - /%05000d\n' 0; } >$bad/long.yaml

bad_case() {	# bad_case FILE MESSAGE
	local before after err
	before=$(cat /sys/kernel/stats/pathmon/tmp_pmcli_other/write_bytes)
	err=$($ctl load $bad/$1 2>&1)
	check "bad $1 exits 1" 1 $?
	check "bad $1 message" "pathstatsctl: $bad/$1:$2" "$err"
	printf 'abc' >>$dir/other/g
	after=$(cat /sys/kernel/stats/pathmon/tmp_pmcli_other/write_bytes)
	check "bad $1: old config still counting" $((before + 3)) "$after"
}

bad_case malformed.yaml "4:1: malformed YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 3)"
bad_case unknown_key.yaml "2:5: unknown key 'pth_prefix' in path_metrics entry (did you mean 'path_prefix'?)"
bad_case unknown_syscall.yaml "3:16: unknown syscall 'opne' (did you mean 'open'?)"
bad_case relative.yaml "2:5: relative prefix 'a/b' (a prefix is an absolute path)"
bad_case duplicate.yaml "3:5: duplicate prefix '/a' (first at line 2)"
bad_case empty.yaml "3:15: 'syscalls' is an empty list (expected at least one syscall name, or 'all')"
bad_case toomany.yaml "4098:5: too many prefixes: at most 4096"
bad_case long.yaml "2:5: prefix too long: 5001 bytes, at most 4095"

$ctl clear >/dev/null
check "clear exits 0" 0 $?
check "no function hooked after clear" 0 \
	"$(grep -c -E '^(security_file_free|filp_flush|filp_close|security_inode_getattr|security_path_)' /sys/kernel/tracing/enabled_functions)"
check "no probes after clear" 0 "$($ctl status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["probes_attached"])')"

echo "1..$n"
[ $failed -eq 0 ]
