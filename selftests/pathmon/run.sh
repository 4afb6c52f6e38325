#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pathmon selftests, run as root inside a scripts/vm.sh guest with
# pathstats.ko loaded: run.sh DIR, DIR holding the built programs.
# Prints KTAP; exits non-zero if any test failed.
set -uo pipefail

dir=${1:?usage: run.sh DIR}
stats=/sys/kernel/stats
grep -q " $stats statsfs " /proc/mounts || mount -t statsfs statsfs $stats

status=0
"$dir/control_test" || status=1
"$dir/ctl_fuzz_test" || status=1
"$dir/count_test" || status=1
"$(dirname "$0")/cli_test.sh" || status=1
# Last: it unloads and reloads the module.
"$(dirname "$0")/rmmod_test.sh" "$dir/../../module/pathstats.ko" || status=1
exit $status
