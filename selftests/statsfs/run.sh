#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# statsfs selftests, run as root inside a scripts/vm.sh guest:
#
#   run.sh [-p PATHSTATS_KO] [-n CYCLES] [-w WARMUP] DIR
#
# DIR holds statsfs_test.ko and the statsfs_test binary (the O= of
# selftests/statsfs/Makefile).  PATHSTATS_KO (default: DIR/../../module/
# pathstats.ko, the top-level build layout) is used to load pathstats when
# it is not loaded, and to reload it in the leak test; without it the leak
# test cycles statsfs_test.ko only.
#
# Prints KTAP: the kselftest harness output of statsfs_test nested as a
# subtest (indented four spaces), then this script's own tests.  Exit
# status 0 only if every test passed.
#
# The leak test: WARMUP (5) load/unload cycles to warm the caches, a
# snapshot, CYCLES (100) more cycles, another snapshot.  Each cycle:
# umount, rmmod statsfs_test, rmmod pathstats, insmod pathstats, mount,
# insmod statsfs_test, rebuild and read the tree.  Before each snapshot
# the caches are dropped, every slab cache is shrunk and RCU-deferred
# frees are given time.  Two checks:
#   - no slab cache has CYCLES or more objects in use than before: a
#     leak of one object per cycle, the smallest a cycle can leak, is
#     exactly CYCLES more objects (slub_debug, which vm.sh boots with,
#     also disables cache merging, so the cache is named);
#   - /proc/meminfo Slab grew by at most SLAB_TOLERANCE_KB (512): a
#     cycle frees its slabs, but partially used slab pages (up to 32 KiB
#     each for order-3 caches) can stay with any of ~200 caches; 512 KiB
#     is well below what leaking the test tree once per cycle would cost
#     (~30 sources and ~400 inodes and dentries a cycle: megabytes over
#     100 cycles).
# kmemleak is not enabled in Debian's kernels, so leaks smaller than one
# object per cycle are out of reach of this test there; on the debug
# kernel, which has it, 3 cycles after 1 warm-up one are the default.
set -uo pipefail
export LC_ALL=C
# shellcheck source=../tap.sh
. "$(dirname "$0")/../tap.sh"	# for wait_until

STATS=/sys/kernel/stats
CTL=/sys/kernel/debug/statsfs_test/ctl
SLAB_TOLERANCE_KB=${SLAB_TOLERANCE_KB:-512}

pathstats_ko=
cycles=
warmup=
while getopts "p:n:w:" opt; do
	case $opt in
	p) pathstats_ko=$OPTARG ;;
	n) cycles=$OPTARG ;;
	w) warmup=$OPTARG ;;
	*) echo "usage: run.sh [-p PATHSTATS_KO] [-n CYCLES] [-w WARMUP] DIR" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
dir=${1:?usage: run.sh [-p PATHSTATS_KO] [-n CYCLES] [-w WARMUP] DIR}
dir=$(cd "$dir" && pwd)
test_ko=$dir/statsfs_test.ko
test_bin=$dir/statsfs_test
[ -n "$pathstats_ko" ] || pathstats_ko=$dir/../../module/pathstats.ko
[ -f "$pathstats_ko" ] || pathstats_ko=

ntests=6
n=0
failed=0

result() {	# result ok|not_ok|skip NAME [REASON]
	n=$((n + 1))
	case $1 in
	ok) echo "ok $n $2" ;;
	skip) echo "ok $n $2 # SKIP ${3:-}" ;;
	*) echo "not ok $n $2${3:+ # $3}"
	   failed=$((failed + 1)) ;;
	esac
}

diag() {
	echo "# $*"
}

is_mounted() {
	grep -q " $STATS statsfs " /proc/mounts
}

loaded() {
	[ -d "/sys/module/$1" ]
}

do_mount() {
	is_mounted || mount -t statsfs statsfs "$STATS"
}

echo "TAP version 13"
echo "1..$ntests"

if [ "$(id -u)" -ne 0 ] || [ ! -f "$test_ko" ] || [ ! -x "$test_bin" ]; then
	diag "need root, $test_ko and $test_bin"
	for t in statsfs_test rmmod_refused_while_mounted \
		rmmod_refused_while_test_module_loaded rmmod_with_open_file \
		load_unload_cycles no_slab_leak; do
		result not_ok "$t" "setup failed"
	done
	exit 1
fi

grep -q " /sys/kernel/debug debugfs " /proc/mounts ||
	mount -t debugfs debugfs /sys/kernel/debug
# With kmemleak (the debug kernel), which finds a single leaked object
# (run-guest.sh scans after the suites), a few cycles do, and the slab
# counts, which its own bookkeeping and KASAN's quarantine blur, are not
# compared: each cycle takes many seconds there.
kmemleak=0
if [ -e /sys/kernel/debug/kmemleak ]; then
	kmemleak=1
	: "${cycles:=3}" "${warmup:=1}"
fi
: "${cycles:=100}" "${warmup:=5}"
if ! loaded pathstats && [ -n "$pathstats_ko" ]; then
	insmod "$pathstats_ko" || diag "insmod $pathstats_ko failed"
fi
do_mount || diag "mount statsfs failed"
! loaded statsfs_test || rmmod statsfs_test
insmod "$test_ko" || diag "insmod $test_ko failed"

# 1: the harness suite, nested.
diag "statsfs_test: kselftest harness suite"
"$test_bin" 2>&1 | sed 's/^/    /'
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ]; then
	result ok statsfs_test
else
	result not_ok statsfs_test "exit status $status"
fi

# 2, 3: the mount and statsfs_test.ko pin pathstats.ko.
if ! loaded pathstats; then
	result not_ok rmmod_refused_while_mounted "pathstats not loaded"
	result not_ok rmmod_refused_while_test_module_loaded "pathstats not loaded"
else
	do_mount
	if rmmod pathstats 2>/dev/null; then
		result not_ok rmmod_refused_while_mounted "rmmod succeeded"
		[ -z "$pathstats_ko" ] || insmod "$pathstats_ko"
	else
		result ok rmmod_refused_while_mounted
	fi
	if ! umount "$STATS"; then
		result not_ok rmmod_refused_while_test_module_loaded "umount failed"
	elif rmmod pathstats 2>/dev/null; then
		result not_ok rmmod_refused_while_test_module_loaded "rmmod succeeded"
		[ -z "$pathstats_ko" ] || insmod "$pathstats_ko"
	else
		result ok rmmod_refused_while_test_module_loaded
	fi
	do_mount
fi

# 4: rmmod statsfs_test with one of its files open: reads then fail
# with ENODEV, close works, nothing crashes (vm.sh watches the log).
loaded statsfs_test || insmod "$test_ko"
out=$(python3 - "$STATS/statsfs_test/a/ops" 2>&1 <<'EOF'
import errno, os, subprocess, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
print("before:", os.read(fd, 64))
subprocess.run(["rmmod", "statsfs_test"], check=True)
try:
    os.lseek(fd, 0, os.SEEK_SET)
    data = os.pread(fd, 64, 0)
    print("read after rmmod returned", data)
    sys.exit(1)
except OSError as e:
    if e.errno != errno.ENODEV:
        print("read after rmmod:", e)
        sys.exit(1)
os.close(fd)
print("ENODEV after rmmod, close ok")
EOF
)
status=$?
while IFS= read -r line; do diag "$line"; done <<<"$out"
if [ $status -eq 0 ] && ! loaded statsfs_test; then
	result ok rmmod_with_open_file
else
	result not_ok rmmod_with_open_file
fi

# 5, 6: load/unload cycles and slab accounting.
cycle() {
	local reload_pathstats=$1
	loaded statsfs_test || insmod "$test_ko" || return 1
	do_mount || return 1
	echo init >"$CTL" || return 1
	cat "$STATS/.bulk" "$STATS/statsfs_test/.schema" \
		"$STATS/statsfs_test/b/b2/b2x/ops" >/dev/null || return 1
	echo 0 >"$STATS/statsfs_test/ops" || return 1
	rmmod statsfs_test || return 1
	if [ "$reload_pathstats" = 1 ]; then
		umount "$STATS" || return 1
		rmmod pathstats || return 1
		insmod "$pathstats_ko" || return 1
		do_mount || return 1
	fi
	return 0
}

# Frees what caches and shrinkers hold.  RCU-deferred frees (inodes,
# dentries, the kernfs open nodes of the shrink files, batched by
# kfree_rcu() for up to 5 s) come later: the snapshots wait for them.
settle() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	for f in /sys/kernel/slab/*/shrink; do
		echo 1 >"$f" 2>/dev/null
	done
	echo 3 >/proc/sys/vm/drop_caches
}

# "name active_objs objsize" per cache.
slab_snapshot() {
	awk 'NR > 2 { print $1, $2, $4 }' /proc/slabinfo | sort
}

slab_kb() {
	awk '/^Slab:/ { print $2 }' /proc/meminfo
}

# The caches that hold at least $cycles more objects than $before, and the
# total, one line each; sets grown to their number.
slab_growth() {
	leaks=$(join <(echo "$before") <(slab_snapshot) | awk -v c="$cycles" '
		{ d = $4 - $2; if (d >= c) printf "%s +%d objects (%d bytes each)\n", $1, d, $3 }
		{ bytes += ($4 - $2) * $3 }
		END { printf "total bytes in use in slab objects: %+d\n", bytes }')
	grown=$(grep -c ' objects (' <<<"$leaks")
}

no_growth() {
	echo 3 >/proc/sys/vm/drop_caches
	slab_growth
	[ "$grown" -eq 0 ]
}

# Quiet: no cache changed since the previous poll of wait_until, so no
# deferred free of the warm-up is still pending.
quiet_prev=
slab_quiet() {
	local now

	now=$(slab_snapshot)
	[ "$now" = "$quiet_prev" ] && return 0
	quiet_prev=$now
	return 1
}

reload=0
[ -n "$pathstats_ko" ] && reload=1
[ $reload = 1 ] || diag "no pathstats.ko given: cycling statsfs_test.ko only"
ok=1
for ((i = 0; i < warmup; i++)); do
	cycle $reload || { ok=0; diag "warm-up cycle $i failed"; break; }
done
if [ $ok = 1 ] && [ $kmemleak = 0 ]; then
	settle
	wait_until 30 slab_quiet ||
		diag "slab caches still changing after 30 s: snapshot taken anyway"
fi
if [ $ok = 1 ]; then
	before=$(slab_snapshot)
	kb_before=$(slab_kb)
	for ((i = 0; i < cycles; i++)); do
		cycle $reload || { ok=0; diag "cycle $i failed"; break; }
	done
fi
if [ $ok = 1 ] && [ $kmemleak = 1 ]; then
	result ok "load_unload_cycles ($cycles, pathstats reloaded: $reload)"
	result skip no_slab_leak "kmemleak's scan judges leaks on this kernel"
elif [ $ok = 1 ]; then
	result ok "load_unload_cycles ($cycles, pathstats reloaded: $reload)"
	# Until the deferred frees of the last cycles are done, or a leak is
	# a leak.  RCU callbacks of a slow guest on a loaded host (seen on
	# PREEMPT_RT: the dentries and inodes of the cycles, freed after
	# more than 30 s) can take long: the bound is generous, and only a
	# leak waits it out.
	settle
	wait_until 180 no_growth
	kb_after=$(slab_kb)
	diag "Slab: $kb_before kB before, $kb_after kB after $cycles cycles"
	while IFS= read -r line; do diag "$line"; done <<<"$leaks"
	# slub_debug=U records allocation sites: name the leaking ones.
	for c in $(awk '/ objects \(/ { print $1 }' <<<"$leaks"); do
		[ -r "/sys/kernel/slab/$c/alloc_calls" ] || continue
		awk -v c="$cycles" '$1 + 0 >= c' "/sys/kernel/slab/$c/alloc_calls" |
			head -n 20 | while IFS= read -r line; do
			diag "$c alloc site: $line"
		done
	done
	if [ "$grown" -gt 0 ]; then
		result not_ok no_slab_leak "$grown caches grew by >= $cycles objects"
	elif [ $((kb_after - kb_before)) -gt "$SLAB_TOLERANCE_KB" ]; then
		result not_ok no_slab_leak "Slab grew $((kb_after - kb_before)) kB > $SLAB_TOLERANCE_KB kB"
	else
		result ok no_slab_leak
	fi
else
	result not_ok "load_unload_cycles ($cycles, pathstats reloaded: $reload)"
	result not_ok no_slab_leak "cycles failed"
fi

# Leave pathstats loaded and statsfs mounted, statsfs_test unloaded.
! loaded statsfs_test || rmmod statsfs_test
if ! loaded pathstats && [ -n "$pathstats_ko" ]; then
	insmod "$pathstats_ko"
fi
do_mount

[ $failed -eq 0 ]
