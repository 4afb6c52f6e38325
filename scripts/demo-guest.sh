#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest side of demo.sh: runs in the VM with pathstats.ko loaded.
set -euo pipefail

step() {
	printf '\n\033[1m$ %s\033[0m\n' "$*"
	"$@"
}

step uname -r
step lsmod
# pathstatsctl mounts statsfs at /sys/kernel/stats when it is not mounted.
step tools/pathstatsctl show
step tools/pathstatsctl show --json
step ls -la /sys/kernel/stats/pathstats
step cat /sys/kernel/stats/pathstats/.schema
step cat /sys/kernel/stats/pathstats/version_minor
step tools/pathstatsctl version
