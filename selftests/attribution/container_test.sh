#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A real OCI container, run by Debian's crun from a rootfs of busybox and
# a static client: it reads a file of a monitored directory bind-mounted
# into it (at the host's path: prefixes are matched by the path the task
# sees, Documentation/admin-guide/pathmon.rst) and talks to a monitored
# socket of the host in that directory.
# Its counts land in its cgroup's group, with its container id (the
# container's cgroup is named as Docker's cgroupfs driver names it).
#
#   container_test.sh DIR    DIR holding container_client
set -uo pipefail

dir=${1:?usage: container_test.sh DIR}
. "$(dirname "${BASH_SOURCE[0]}")/../tap.sh"
ctl=${PATHSTATSCTL:?}
stats=/sys/kernel/stats

echo "# container_test (crun)"
if ! command -v crun >/dev/null; then
	tap_skip "crun container: counts in its group" \
		"crun not installed (Debian package crun)"
	tap_done
	exit
fi

id=$(printf 'c0ffee%.0s' {1..11} | cut -c1-64)
top=/tmp/attr-oci
data=$top/data
bundle=$top/bundle
rm -rf "$top"
mkdir -p "$data" "$bundle/rootfs"/{bin,proc,dev,sys,tmp} "$bundle/rootfs$data" \
	"$top/state"
printf hello >"$data/f"
cp /bin/busybox "$dir/container_client" "$bundle/rootfs/bin/"
ln -s busybox "$bundle/rootfs/bin/sh"

(cd "$bundle" && crun spec)
python3 -c '
import json, sys
path, cid, data = sys.argv[1:]
spec = json.load(open(path))
spec["process"]["terminal"] = False
spec["process"]["args"] = ["/bin/container_client", data + "/f", "7",
                           data + "/s.sock", "3"]
spec["root"] = {"path": "rootfs", "readonly": False}
spec["mounts"].append({"destination": data, "type": "bind",
                       "source": data, "options": ["rbind", "rw"]})
spec["linux"]["cgroupsPath"] = "/docker/" + cid
json.dump(spec, open(path, "w"), indent=1)
' "$bundle/config.json" "$id" "$data"

printf '%s\n' "path_metrics:" \
	"  - path_prefix: $data" \
	"    syscalls: [pread]" \
	"    name: oci" \
	"    by: [cgroup]" \
	"uds_monitor:" \
	"  - socket_path: $data/s.sock" \
	"    name: oci" \
	"    by: [cgroup]" >"$top/cfg.yaml"

# The host's server: one connection, each message answered with a byte.
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1])
s.listen(1)
open(sys.argv[1] + ".ready", "w").close()
c, _ = s.accept()
while True:
    m = c.recv(4096)
    if not m:
        break
    c.sendall(b"x")
' "$data/s.sock" &
server=$!
wait_until 10 test -e "$data/s.sock.ready"
"$ctl" load "$top/cfg.yaml"

out=$(crun --root "$top/state" --cgroup-manager=cgroupfs run \
	--bundle "$bundle" attr-oci 2>&1)
tap_check "crun container: ran" 0 "$?"
[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# crun: /'
wait_until 10 pid_exited "$server" || kill "$server"
wait "$server"

# The group below SOURCE whose container_id is the container's.
group_of() {
	local g

	for g in "$1"/cgroup-*; do
		[ "$(cat "$g/container_id" 2>/dev/null)" = "$id" ] &&
			echo "$g" && return 0
	done
	return 1
}
value() {	# value SOURCE FILE: the file of the container's group
	local g

	g=$(group_of "$1") && cat "$g/$2"
}
value_is() {	# value_is WANT SOURCE FILE
	[ "$(value "$2" "$3")" = "$1" ]
}
wait_until 10 value_is 7 $stats/pathmon/oci pread_calls
tap_check "crun container: its preads in its group" 7 \
	"$(value $stats/pathmon/oci pread_calls)"
tap_check "crun container: the group's cgroup" "/docker/$id" \
	"$(value $stats/pathmon/oci cgroup)"
tap_check "crun container: the prefix's total" 7 \
	"$(cat $stats/pathmon/oci/pread_calls)"
wait_until 10 value_is 300 $stats/uds/oci send_bytes_total
tap_check "crun container: its sends in its group" 300 \
	"$(value $stats/uds/oci send_bytes_total)"
tap_check "crun container: its receives in its group" 3 \
	"$(value $stats/uds/oci recv_bytes_total)"
tap_check "crun container: the socket's total" 300 \
	"$(cat $stats/uds/oci/send_bytes_total)"
series="pathstats_path_syscalls_total{path=\"$data\",group=\"cgroup-[0-9]*\",cgroup=\"/docker/$id\",container_id=\"$id\",syscall=\"pread\"} 7"
tap_check "crun container: exported with its container id" 1 \
	"$("$ctl" export | grep -c "^$series\$")"

"$ctl" clear
crun --root "$top/state" delete -f attr-oci 2>/dev/null
rmdir /sys/fs/cgroup/docker/"$id" /sys/fs/cgroup/docker 2>/dev/null
rm -rf "$top"
tap_done
