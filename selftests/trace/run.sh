#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# trace selftests, run as root inside a scripts/vm.sh guest with
# pathstats.ko loaded: run.sh DIR, DIR holding the generated decoder.
# Prints TAP; exits non-zero if any test failed.
set -uo pipefail

dir=${1:?usage: run.sh DIR}
stats=/sys/kernel/stats
grep -q " $stats statsfs " /proc/mounts || mount -t statsfs statsfs $stats
grep -q " /sys/fs/cgroup cgroup2 " /proc/mounts ||
	mount -t cgroup2 cgroup2 /sys/fs/cgroup

export PATHSTATSCTL=${PATHSTATSCTL:-$PWD/tools/pathstatsctl}
status=0
"$(dirname "$0")/process_test.sh" "$dir" || status=1
"$(dirname "$0")/remote_test.sh" "$dir" || status=1
"$(dirname "$0")/file_test.sh" "$dir" || status=1
"$(dirname "$0")/uds_test.sh" "$dir" || status=1
exit $status
