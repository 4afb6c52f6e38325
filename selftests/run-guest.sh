#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-guest.sh BUILDDIR: runs inside the test VM, with pathstats.ko loaded,
# every suite's run.sh (selftests/*/run.sh) with the suite's build
# directory BUILDDIR/selftests/<suite>.  Exits non-zero if any suite failed.
set -uo pipefail

build=${1:?usage: run-guest.sh BUILDDIR}
cd "$(dirname "${BASH_SOURCE[0]}")/.."

status=0
for run in selftests/*/run.sh; do
	suite=$(basename "$(dirname "$run")")
	echo "# suite $suite ($(uname -r))"
	"$run" "$build/selftests/$suite" || status=1
done

# A kernel with kmemleak (the debug one): what the suites leaked.  Two
# scans, as the kmemleak documentation advises, so that objects only
# just freed are not reported.
leaks=/sys/kernel/debug/kmemleak
if [ -w $leaks ]; then
	echo scan >$leaks && echo scan >$leaks
	if [ -s $leaks ]; then
		echo "# kmemleak: suspected leaks"
		sed 's/^/#   /' $leaks
		status=1
	else
		echo "# kmemleak: no leak"
	fi
fi
exit $status
