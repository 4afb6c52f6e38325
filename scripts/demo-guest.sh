#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest side of demo.sh: runs in the VM with pathstats.ko loaded.
# Loads the example configuration, runs a small workload on the paths it
# monitors, and shows what pathstats counted.
set -euo pipefail

step() {
	printf '\n\033[1m$ %s\033[0m\n' "$*"
	"$@"
}

ctl=tools/pathstatsctl

step uname -r
step $ctl check examples/pathstats.yaml
# pathstatsctl mounts statsfs at /sys/kernel/stats when it is not mounted.
step $ctl load examples/pathstats.yaml
step $ctl status

# The workload: 1 MiB written and read back under /tmp, a listing of
# /var/log (counted with syscalls: [all]), files outside every prefix.
step dd if=/dev/zero of=/tmp/demo.bin bs=4096 count=256 status=none
step md5sum /tmp/demo.bin
step ls /var/log >/dev/null
step cp /etc/hostname /run/not-monitored

# JSON-RPC over the monitored unix socket /tmp/upstream.sock (and over
# an abstract socket nobody monitors): counted, captured, decoded.
step python3 selftests/udsmon/rpc_traffic.py /tmp/upstream.sock demo-unmonitored

step ls /sys/kernel/stats/pathmon/tmp
step cat /sys/kernel/stats/pathmon/tmp/prefix
step cat /sys/kernel/stats/pathmon/tmp/write_bytes
step cat /sys/kernel/stats/pathmon/tmp/read_bytes
step cat /sys/kernel/stats/pathmon/var_log/getdents64_calls
step cat /sys/kernel/stats/uds/upstream/send_ops_total
step cat /sys/kernel/stats/uds/upstream/recv_bytes_total
step $ctl status
step $ctl uds methods
step $ctl show
step $ctl export
step $ctl clear
step $ctl status
