#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-repeat.sh N [MAKE ARGS...]: run make check N times in a row (with
# the make arguments given, e.g. KERNELS=6.12) and report every failing
# test of every run; a suite that fails one run in ten is a bug.  Keeps
# each run's logs in build/repeat/<run>/.  Exit status: 0 if all N runs
# passed.
set -uo pipefail

n=${1:?usage: check-repeat.sh N [MAKE ARGS...]}
shift
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=build/repeat
rm -rf "$out"
failed=0
for ((i = 1; i <= n; i++)); do
	start=$SECONDS
	make check "$@" >/dev/null 2>&1
	rc=$?
	mkdir -p "$out/$i"
	cp build/logs/*.log "$out/$i/" 2>/dev/null
	summary=$(scripts/tap-summary.sh build/logs/*.log 2>/dev/null |
		tail -n1)
	echo "run $i: exit $rc, $((SECONDS - start)) s: $summary"
	if [ $rc -ne 0 ]; then
		failed=$((failed + 1))
		grep -H '^ *not ok' "$out/$i"/*.log | sed 's/^/  /'
	fi
done
echo "$((n - failed)) of $n runs passed"
[ $failed -eq 0 ]
