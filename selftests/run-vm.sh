#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh KERNEL: the host half of the VM test run, run-guest.sh the
# guest half.  Boots KERNEL (one of scripts/kernel.sh's) in a VM with the module built for
# it (make modules-KERNEL) and runs every selftest suite inside.  Prints TAP.  The VM run itself is one more test: it fails if the
# guest did not finish or the kernel log shows a BUG, WARNING, Oops, ...
set -uo pipefail

kernel=${1:?usage: run-vm.sh KERNEL (see scripts/kernel.sh)}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

build=build/$kernel
# The debug kernel runs the suites many times slower: its tests' time
# limits (selftests/harness.h, tap.sh) are scaled, its guard timeout is
# longer, and KASAN's shadow memory wants more room.
scale=1 mem=1024 guard=2400
if [ "$kernel" = debug ]; then
	scale=10 mem=2048 guard=3600
fi
export PATHSTATS_TIME_SCALE=$scale
VM_ENV="${VM_ENV:-} PATHSTATS_TIME_SCALE" \
"$root/scripts/vm.sh" --kernel "$kernel" --smp 2 --mem $mem \
	--timeout $guard \
	--module "$build/module/pathstats.ko" -- \
	selftests/run-guest.sh "$build"
status=$?

if [ $status -eq 0 ]; then
	echo "ok 1 vm-$kernel: guest suites passed, kernel log clean"
else
	echo "not ok 1 vm-$kernel: guest exit status $status (suite failure, kernel log or timeout)"
fi
exit $status
