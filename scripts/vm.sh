#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a Debian kernel under qemu (software emulation: no KVM needed) with
# the host's root shared read-only over 9p, load modules, run a command.
#
#   vm.sh [--kernel KERNEL] [--smp N] [--mem MB] [--icount] [--shell]
#         [--timeout SECS] [--module FILE.ko]... [--modprobe NAME]...
#         [--] COMMAND [ARGS...]
#
# KERNEL is one of scripts/kernel.sh's (default 6.1).  The command runs
# as root in the directory vm.sh was started from (guest /tmp, /run,
# /var/tmp and /root are empty tmpfs); its stdout and stderr
# both come out on vm.sh's stdout.  It sees PATHSTATS_KERNEL,
# PATHSTATS_ABI and the host variables named in VM_ENV (space separated).
#
# Debugging: PATHSTATS_VM_KEEP=1 keeps the run dir (console log) of good
# runs too; VM_QEMU_ARGS adds qemu arguments, VM_APPEND kernel parameters.
#
# Exit status: the command's, unless
#   124  the guard timeout (--timeout, default 300 s) killed the guest;
#   125  the VM failed: qemu error, module load failure, no exit marker, or
#        the kernel log has a BUG/WARNING/KFENCE/Oops/... line (quoted on
#        stderr, the console log is kept and its path printed).
set -euo pipefail

SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${PATHSTATS_CACHE:-$HOME/.cache/pathstats}
export PATHSTATS_CACHE=$CACHE

# Kernel log lines that fail a run.
SPLAT='BUG:|WARNING:|KFENCE:|Oops|general protection|soft lockup|hung task|blocked for more than|self-detected stall|detected stalls|RCU stall|rcu: INFO|Kernel panic|kernel BUG|UBSAN:|KASAN:|unreferenced object'

usage() {
	sed -n '6,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
	exit 2
}

die() {
	echo "vm.sh: $*" >&2
	exit 125
}

kernel=6.1
smp=2
mem=1024
icount=0
shell=0
timeout=300
modules=()
probes=()
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=${2:?}; shift 2 ;;
	--smp) smp=${2:?}; shift 2 ;;
	--mem) mem=${2:?}; shift 2 ;;
	--timeout) timeout=${2:?}; shift 2 ;;
	--module) modules+=("$(realpath -e "${2:?}")") || die "no module $2"
		shift 2 ;;
	--modprobe) probes+=("${2:?}"); shift 2 ;;
	--icount) icount=1; shift ;;
	--shell) shell=1; shift ;;
	--) shift; break ;;
	-h|--help) usage ;;
	-*) echo "vm.sh: unknown option $1" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || [ $shell = 1 ] || usage

[[ "$smp$mem$timeout" =~ ^[0-9]+$ ]] || die "--smp/--mem/--timeout: numbers"
command -v qemu-system-x86_64 >/dev/null ||
	die "qemu-system-x86_64 missing: run scripts/install-deps.sh"

{ read -r abi && read -r kroot && read -r initrd; } \
	< <("$SCRIPTS/kernel.sh" vm "$kernel") || die "no kernel $kernel"

# Per-run files for the guest: not under /tmp, which the guest shadows
# (it reaches them through its view of the host root anyway).
mkdir -p "$CACHE/runs"
find "$CACHE/runs" -mindepth 1 -maxdepth 1 -mtime +7 -exec rm -rf {} + \
	2>/dev/null || true
run=$(mktemp -d "$CACHE/runs/$(date +%Y%m%d-%H%M%S).XXXXXX")
[[ "$run" != *[[:space:]]* ]] || die "cache path has blanks: $run"
cp "$SCRIPTS/vm-guest.sh" "$run/"
echo "$kroot" >"$run/kroot"
# The guest mounts tmpfs over these: reach the host's files below them
# through the guest's view of the host root.
cwd=$(pwd -P)
case "$cwd/" in
/tmp/*|/var/tmp/*|/root/*|/run/*|/usr/lib/modules/*|/dev/*|/proc/*|/sys/*)
	cwd=/run/pathstats/host$cwd ;;
esac
echo "$cwd" >"$run/cwd"
if [ $shell = 1 ]; then echo shell; else echo command; fi >"$run/mode"
{
	printf '%s\0' PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root USER=root LOGNAME=root SHELL=/bin/bash LANG=C.UTF-8 \
		"TERM=${TERM:-dumb}" "PATHSTATS_KERNEL=$kernel" "PATHSTATS_ABI=$abi"
	for v in ${VM_ENV:-}; do
		[[ "$v" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "VM_ENV: bad name $v"
		[ -z "${!v+set}" ] || printf '%s\0' "$v=${!v}"
	done
} >"$run/env"
[ $# -eq 0 ] || printf '%s\0' "$@" >"$run/cmd"
[ ${#probes[@]} -eq 0 ] || printf '%s\0' "${probes[@]}" >"$run/modprobe"
[ ${#modules[@]} -eq 0 ] || printf '%s\0' "${modules[@]}" >"$run/modules"

log=$run/console.log
# The uncompressed ELF boots seconds faster (no decompression in the guest).
vmlinux=$kroot/boot/vmlinux-$abi
[ -f "$vmlinux" ] || vmlinux=$kroot/boot/vmlinuz-$abi
append="console=ttyS0 panic=-1 slub_debug=FZPU kfence.sample_interval=1"
append+=" printk.devkmsg=on ${VM_APPEND:-} pathstats.run=$run"
# Single-threaded TCG: the vCPUs take turns on one host thread.  With one
# thread per vCPU, a vCPU can run a stale translation of code another has
# just patched (text_poke_bp's int3, for a static key or an ftrace site):
# "Oops: int3" in the middle of a syscall, seen when a probe attaches
# while other tasks make syscalls.  Real CPUs serialise on the IPIs that
# text_poke_bp sends; multi-threaded TCG does not always.
# shellcheck disable=SC2054 # commas inside qemu options
qemu=(qemu-system-x86_64 -nodefaults -no-user-config -display none
	-no-reboot -machine q35 -accel tcg,thread=single -smp "$smp" -m "$mem"
	-kernel "$vmlinux" -initrd "$initrd" -append "$append"
	-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=root,mount_tag=hostroot)
# shellcheck disable=SC2054
[ $icount = 0 ] || qemu+=(-icount shift=1,sleep=off)
# shellcheck disable=SC2206
qemu+=(${VM_QEMU_ARGS:-})

if [ $shell = 1 ]; then
	# Interactive: console and monitor on the terminal (^A x quits), no
	# guard timeout (it would take the terminal away from qemu).
	rc=0
	"${qemu[@]}" -serial mon:stdio || rc=$?
	rm -rf "$run"
	exit $rc
fi

# ttyS0: kernel console to the log; ttyS1: the command's output to a file
# that a tail streams to stdout.  Not qemu's stdio chardev: when stdout is a
# pipe whose reader falls behind (make check tees two VMs at once), serial
# output written to it can be lost; a file loses nothing.
out=$run/out
# shellcheck disable=SC2054
qemu+=(-monitor none -serial "file:$log" -chardev "file,id=out,path=$out"
	-serial chardev:out)
qpid=
# Never leave a qemu behind: timeout runs in its own process group, so a
# ^C does not reach it, and a kill of vm.sh would not either.
# shellcheck disable=SC2317 # called from traps
stop() {
	[ -z "$qpid" ] || kill -TERM "$qpid" 2>/dev/null || true
	[ -z "$qpid" ] || wait "$qpid" 2>/dev/null || true
	echo "vm.sh: interrupted; run dir kept: $run" >&2
	exit "$1"
}
trap 'stop 129' HUP
trap 'stop 130' INT
trap 'stop 143' TERM
# The first line of the kernel log matching $SPLAT, and of the guest's
# start (vm-guest.sh logs it first thing), as line numbers; 0 if none.
first_line() {
	tr -d '\r' <"$log" | grep -n -m1 -E -- "$1" | cut -d: -f1 || true
}

# A kernel that fails while booting, before the guest ran anything, is the
# emulated machine's fault, not the run's: under multi-threaded TCG a vCPU
# can now and then execute an int3 that live code patching (static keys,
# text_poke_bp) already removed.  Such a boot is retried, twice at most,
# and said so; a failure after the guest started is never retried.
attempt=1
while :; do
	rm -f "$log"
	: >"$out"
	# timeout forwards our TERM to qemu and SIGKILLs it if it lingers.
	timeout -k 5 "$timeout" "${qemu[@]}" </dev/null &
	qpid=$!
	# Prints what is left once qemu is gone, then exits.
	tail -n +1 -f --pid="$qpid" "$out" &
	tpid=$!
	rc=0
	wait "$qpid" || rc=$?
	wait "$tpid" || true
	qpid=
	if [ ! -f "$log" ] || [ $attempt -ge 3 ]; then
		break
	fi
	splat=$(first_line "$SPLAT")
	started=$(first_line 'pathstats: guest started')
	if [ -z "$splat" ] || { [ -n "$started" ] && [ "$splat" -gt "$started" ]; }; then
		break
	fi
	echo "vm.sh: the kernel failed while booting, before the guest started (attempt $attempt); booting again:" >&2
	tr -d '\r' <"$log" | grep -E -- "$SPLAT" | head -n 3 |
		sed 's/^/vm.sh:   /' >&2
	attempt=$((attempt + 1))
done
trap - INT TERM HUP

fail() {
	echo "vm.sh: $*" >&2
	echo "vm.sh: console log: $log" >&2
	exit 125
}
[ -f "$log" ] || fail "qemu failed (status $rc) before the guest started"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "vm.sh: guard timeout: guest killed after $timeout s" >&2
	tail -n 5 "$log" | tr -d '\r' | sed 's/^/vm.sh:   /' >&2
	echo "vm.sh: console log: $log" >&2
	exit 124
fi
[ "$rc" = 0 ] || fail "qemu exited with status $rc"

splats=$(tr -d '\r' <"$log" | grep -E -- "$SPLAT" || true)
if [ -n "$splats" ]; then
	echo "vm.sh: kernel log has errors:" >&2
	head -n 20 <<<"$splats" | sed 's/^/vm.sh:   /' >&2
	fail "failing the run"
fi
status=$(tr -d '\r' <"$log" | sed -n 's/.*PATHSTATS-VM-EXIT: \([^ ]*\).*/\1/p' |
	tail -n1)
if ! [[ "$status" =~ ^[0-9]+$ ]]; then
	tr -d '\r' <"$log" | grep -av -e 'sysrq: Power Off' -e 'ACPI: PM:' \
		-e 'reboot: Power down' | tail -n 8 | sed 's/^/vm.sh:   /' >&2
	fail "guest did not finish its command (exit marker: ${status:-none})"
fi
if [ -n "${PATHSTATS_VM_KEEP:-}" ]; then
	echo "vm.sh: console log: $log" >&2
else
	rm -rf "$run"
fi
exit "$status"
