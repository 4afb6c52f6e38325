#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh [KERNEL...]: the host half of make bench, the overhead benchmark;
# guest.sh is its guest half.
#
# Boots each kernel (default: 6.1 and 6.12, side by side) with scripts/vm.sh
# --icount --smp 1, so that guest time counts guest instructions and a
# figure repeats to four digits, and runs bench/guest.sh there: pread of
# 1 byte, pwrite of 4 KiB, openat+close, newfstatat and getppid, without
# the module, with it under several configs and trace sessions, and with
# bpftrace equivalents.  Prints the table and the targets; writes
# build/bench/results.json (and results.rst, raw-<kernel>.txt).
#
# Expects the modules and the tools built (make bench does that).
# Environment: BENCH_OPS (OP:N list), BENCH_UDS_OPS (the unix socket
# rows'), BENCH_TRACE_OPS (the trace rows'), BENCH_REPS (2),
# BENCH_BPFTRACE=0 to skip bpftrace, BENCH_PEERS=0 to skip auditd and
# strace, BENCH_PEER_OPS (their OP:N list), BENCH_SLUB_DEBUG=1 to keep
# vm.sh's slub_debug and kfence.
# Exit status: 0, 1 when a VM or the report failed.  Unmet targets are
# reported, not failed: the numbers are the product.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$root/build/bench
cd "$root"

kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12)

die() {
	echo "bench: $*" >&2
	exit 1
}

# Dependencies of the bench itself.  bpftrace runs in the guest from the
# host's root, so it is installed on the host.
command -v qemu-system-x86_64 >/dev/null ||
	die "qemu-system-x86_64 missing: run scripts/install-deps.sh"
command -v python3 >/dev/null || die "python3 missing"
if [ "${BENCH_BPFTRACE:-1}" != 0 ] && ! command -v bpftrace >/dev/null; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "bench: installing bpftrace" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q bpftrace \
			>&2 || echo "bench: bpftrace not installed: its rows are skipped" >&2
	else
		echo "bench: no bpftrace (apt-get install bpftrace as root): its rows are skipped" >&2
	fi
fi
# The peers an administrator would use instead, run in the guest from
# the host's root like bpftrace.
if [ "${BENCH_PEERS:-1}" != 0 ]; then
	for pkg in auditd strace; do
		command -v "$pkg" >/dev/null && continue
		if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
			echo "bench: installing $pkg" >&2
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" \
				>&2 || echo "bench: $pkg not installed: its rows are skipped" >&2
		else
			echo "bench: no $pkg (apt-get install $pkg as root): its rows are skipped" >&2
		fi
	done
fi
for k in "${kernels[@]}"; do
	[ -f "build/$k/module/pathstats.ko" ] ||
		die "no build/$k/module/pathstats.ko: make modules-$k"
done
[ -x tools/pathstatsctl ] || die "no tools/pathstatsctl: make tools"

mkdir -p "$out"
make -s -C bench O="$out"

# vm.sh boots with slub_debug=FZPU kfence.sample_interval=1 for the tests;
# they make every allocation several times dearer (openat+close 6.7x, stat
# 4.4x on 6.1) and so dilute the ratios.  Later parameters win: switch
# both off through VM_APPEND.
append=${VM_APPEND:-}
[ "${BENCH_SLUB_DEBUG:-0}" = 1 ] ||
	append+=" slub_debug=- kfence.sample_interval=0"

export BENCH_PROG=$out/pathbench BENCH_CTL=$root/tools/pathstatsctl
export BENCH_REPS=${BENCH_REPS:-2} BENCH_BPFTRACE=${BENCH_BPFTRACE:-1}
export BENCH_PEERS=${BENCH_PEERS:-1}
[ -z "${BENCH_OPS:-}" ] || export BENCH_OPS
[ -z "${BENCH_PEER_OPS:-}" ] || export BENCH_PEER_OPS
[ -z "${BENCH_UDS_OPS:-}" ] || export BENCH_UDS_OPS
[ -z "${BENCH_TRACE_OPS:-}" ] || export BENCH_TRACE_OPS
vm_env="BENCH_MODULE BENCH_PROG BENCH_CTL BENCH_REPS BENCH_BPFTRACE BENCH_OPS"
vm_env+=" BENCH_PEERS BENCH_PEER_OPS BENCH_UDS_OPS BENCH_TRACE_OPS"

start=$SECONDS
pids=()
for k in "${kernels[@]}"; do
	echo "bench: $k: booting" >&2
	BENCH_MODULE=$root/build/$k/module/pathstats.ko VM_ENV=$vm_env \
		VM_APPEND=$append scripts/vm.sh --kernel "$k" --icount --smp 1 \
		--timeout 900 -- bench/guest.sh >"$out/raw-$k.txt" 2>&1 &
	pids+=($!)
done
failed=0
for i in "${!kernels[@]}"; do
	if ! wait "${pids[$i]}"; then
		echo "bench: ${kernels[$i]}: the VM failed; its output:" >&2
		tail -n 20 "$out/raw-${kernels[$i]}.txt" | sed 's/^/bench:   /' >&2
		failed=1
	fi
done
echo "bench: VMs done in $((SECONDS - start)) s" >&2

raws=()
for k in "${kernels[@]}"; do
	raws+=("$k=$out/raw-$k.txt")
done
commit=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
python3 bench/report.py --json "$out/results.json" --rst "$out/results.rst" \
	--meta "commit=$commit" --meta "date=$(date -u +%FT%TZ)" \
	--meta "vm=scripts/vm.sh --icount --smp 1 (qemu -icount shift=1,sleep=off)" \
	--meta "vm_append=${append# }" \
	--meta "ops=${BENCH_OPS:-default}" --meta "reps=$BENCH_REPS" \
	"${raws[@]}" || failed=1
echo "bench: wrote $out/results.json" >&2
exit $failed
