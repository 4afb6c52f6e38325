#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pathstatsctl uds dump, uds methods and serve, end to end in the test VM
# with pathstats.ko loaded: real JSON-RPC traffic (rpc_traffic.py) over a
# monitored stream socket and a monitored abstract datagram socket, the
# methods decoded from the captured records compared exactly with what
# was sent, and serve scraped by a real Prometheus server.  Prints TAP.
set -uo pipefail

ctl=${PATHSTATSCTL:-tools/pathstatsctl}
here=$(dirname "$0")
dir=/tmp/udscli
sock=$dir/rpc.sock
abstract=pathstats-rpc-cli
# shellcheck source=../tap.sh
. "$here/../tap.sh"
# shellcheck source=serve_lib.sh
. "$here/serve_lib.sh"

# A JSON value out of a JSON document: jq-less, with python3.
jget() {	# jget EXPR < JSON
	python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

mkdir -p $dir
rpc_config $dir $sock $abstract
$ctl load $dir/config.yaml >/dev/null
tap_check "load" 0 $?
$ctl uds dump >/dev/null	# nothing left from before

# uds methods: requests and bytes per method, exactly what was sent.
python3 "$here/rpc_traffic.py" $sock $abstract >$dir/sent.json
tap_check "traffic ran" 0 $?
$ctl uds methods --json >$dir/methods.json
tap_check "uds methods --json exits 0" 0 $?
# "method requests bytes" for each method: what was sent, what was found.
table() {	# table sent|got
	python3 - "$1" $dir/sent.json $dir/methods.json <<'PY'
import json, sys
which, sent, got = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
requests = {"eth_call": 5, "eth_blockNumber": 3, "net_version": 1,
            "eth_chainId": 1, "eth_getBalance": 1, "note": 1,
            "eth_sendRawTransaction": 2}
rows = {m["method"]: m for m in got["methods"]}
for method in sorted(sent):
    sock = ("@pathstats-rpc-cli" if method == "eth_sendRawTransaction"
            else "/tmp/udscli/rpc.sock")
    if which == "sent":
        print(sock, method, requests[method], sent[method])
    else:
        row = rows.get(method, {"socket": "-", "requests": 0, "bytes": 0})
        print(row["socket"], method, row["requests"], row["bytes"])
PY
}
tap_check "methods: requests and bytes of each" "$(table sent)" "$(table got)"
tap_check "methods: no other method" 7 "$(jget 'len(d["methods"])' <$dir/methods.json)"
tap_check "methods: one send was not JSON" 1 \
	"$(jget '[s["not_json"] for s in d["sockets"] if s["socket"] == "/tmp/udscli/rpc.sock"][0]' <$dir/methods.json)"
tap_check "methods: no records dropped" 0 "$(jget 'd["gaps"]' <$dir/methods.json)"
$ctl uds methods >$dir/methods.txt
tap_check "uds methods: the ring was consumed" 1 "$(wc -l <$dir/methods.txt)"

# uds dump: a line per send, with its method.
python3 "$here/rpc_traffic.py" $sock $abstract >/dev/null
$ctl uds dump --json >$dir/dump.json
tap_check "uds dump --json exits 0" 0 $?
tap_check "dump: a record per send (15)" 15 "$(wc -l <$dir/dump.json)"
tap_check "dump: the batch's methods" '["net_version", "eth_chainId"]' \
	"$(grep -m1 net_version $dir/dump.json | jget 'json.dumps(d["methods"])')"
tap_check "dump: the datagram's socket and type" "@$abstract dgram" \
	"$(grep -m1 eth_sendRaw $dir/dump.json | jget 'd["socket"] + " " + d["type"]')"
python3 "$here/rpc_traffic.py" $sock $abstract >/dev/null
line=$($ctl uds dump | grep -m1 'method=eth_call')
case "$line" in
*" socket=$sock type=stream "*" method=eth_call") tap_result 1 "dump: text line" ;;
*) tap_result 0 "dump: text line" "$line" ;;
esac

# Names are what any local process chose: a terminal escape, a tab and a
# line feed in them reach the text output escaped, one line per record.
python3 - "$abstract" <<'PY'
import ctypes, socket, sys
ctypes.CDLL(None).prctl(15, b"a b\tc\x1b[0m", 0, 0, 0)	# PR_SET_NAME
addr = "\0" + sys.argv[1]
server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
server.bind(addr)
client = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
client.sendto(b'{"jsonrpc":"2.0","id":1,'
              b'"method":"evil\\u001b[2J\\nforged=1 x"}', addr)
server.recv(4096)
PY
$ctl uds dump >$dir/hostile.txt
tap_check "dump: one line for a hostile record" 1 "$(wc -l <$dir/hostile.txt)"
tap_check "dump: its comm escaped" 1 \
	"$(grep -cF 'comm=a\x20b\x09c\x1b[0m socket=' $dir/hostile.txt)"
tap_check "dump: its method escaped" 1 \
	"$(grep -cF 'method=evil\x1b[2J\x0aforged\x3d1\x20x' $dir/hostile.txt)"

# Made-up method names: past --max-methods they fold into "(other)".
python3 - "$abstract" <<'PY'
import socket, sys
addr = "\0" + sys.argv[1]
server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
server.bind(addr)
client = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
for i in range(5):
    client.sendto(b'{"jsonrpc":"2.0","id":1,"method":"made_up_%d"}' % i, addr)
    server.recv(4096)
PY
$ctl uds methods --json --max-methods 2 >$dir/capped.json
tap_check "methods --max-methods 2: two series and (other)" \
	"made_up_0 1,made_up_1 1,(other) 3" \
	"$(jget '",".join("%s %d" % (m["method"], m["requests"]) for m in sorted(d["methods"], key=lambda m: m["method"].replace("(", "~")))' <$dir/capped.json)"
tap_check "methods --max-methods 2: three folded" 3 \
	"$(jget 'd["sockets"][0]["folded"]' <$dir/capped.json)"

# --follow: records as they come, until SIGTERM.
$ctl uds dump --follow --json >$dir/follow.json &
follower=$!
python3 "$here/rpc_traffic.py" $sock $abstract >/dev/null
followed() { [ "$(wc -l <$dir/follow.json)" -ge 15 ]; }
wait_until 30 followed
tap_check "dump --follow: each record as it comes" 15 \
	"$(wc -l <$dir/follow.json)"
kill -TERM $follower
wait $follower
tap_check "dump --follow stops on SIGTERM with 0" 0 $?
tap_check "dump --follow: every record" 15 "$(wc -l <$dir/follow.json)"

# serve, scraped by Prometheus.
port=19477
$ctl serve --listen 127.0.0.1:$port 2>$dir/serve.err &
server=$!
for _ in $(seq 50); do
	python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/metrics')" 2>/dev/null && break
	sleep 0.2
done
python3 "$here/rpc_traffic.py" $sock $abstract 2 >/dev/null
# Until serve's reader has consumed the ring, or 30 s.
for _ in $(seq 150); do
	python3 -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$port/metrics').read().decode(), end='')" >$dir/metrics.txt
	status=$?
	grep -q 'method="eth_call"} 10$' $dir/metrics.txt && break
	sleep 0.2
done
tap_check "serve answers /metrics" 0 $status
tap_check "serve: requests of eth_call" \
	'pathstats_uds_method_requests_total{socket="/tmp/udscli/rpc.sock",method="eth_call"} 10' \
	"$(grep '^pathstats_uds_method_requests_total{.*eth_call"}' $dir/metrics.txt)"
tap_check "serve: the export's counters too" 1 \
	"$(grep -c '^pathstats_uds_send_ops_total{socket="/tmp/udscli/rpc.sock"}' $dir/metrics.txt)"
tap_check "serve: 404 elsewhere" 404 "$(python3 -c "
import urllib.request, urllib.error
try:
    urllib.request.urlopen('http://127.0.0.1:$port/')
except urllib.error.HTTPError as e:
    print(e.code)")"
if command -v promtool >/dev/null; then
	problems=$(promtool check metrics <$dir/metrics.txt 2>&1)
	tap_check "serve: promtool check metrics" "0:" "$?:$problems"
	value=$(prom_scrape $dir/prom 19090 "  - job_name: pathstats
    static_configs:
      - targets: ['127.0.0.1:$port']")
	tap_check "Prometheus scraped serve: eth_call requests" 10 "$value"
else
	tap_skip "serve: promtool check metrics" "promtool not installed"
	tap_skip "Prometheus scraped serve" "prometheus not installed"
fi
kill -TERM $server
wait $server
tap_check "serve stops on SIGTERM with 0" 0 $?

$ctl serve --listen nowhere >/dev/null 2>$dir/err
tap_check "serve: bad --listen exits 1" 1 $?
$ctl clear >/dev/null
tap_done
