#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# udsmon selftests, run as root inside a scripts/vm.sh guest with
# pathstats.ko loaded: run.sh DIR, DIR holding the built programs.
# Prints KTAP; exits non-zero if any test failed.
set -uo pipefail

dir=${1:?usage: run.sh DIR}
stats=/sys/kernel/stats
grep -q " $stats statsfs " /proc/mounts || mount -t statsfs statsfs $stats

export PATHSTATSCTL=${PATHSTATSCTL:-$PWD/tools/pathstatsctl}
status=0
"$dir/uds_test" || status=1
"$dir/capture_test" || status=1
"$(dirname "$0")/cli_test.sh" || status=1
"$(dirname "$0")/serve_test.sh" || status=1
# Last: it unloads and reloads the module.
"$(dirname "$0")/rmmod_test.sh" "$dir/../../module/pathstats.ko" "$dir" ||
	status=1
exit $status
