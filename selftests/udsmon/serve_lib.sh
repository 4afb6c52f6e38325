# SPDX-License-Identifier: GPL-2.0
#
# What the shell tests of uds methods and serve share: source it after
# ../tap.sh.

# rpc_config DIR SOCK ABSTRACT: DIR/config.yaml monitoring the stream
# socket SOCK (named rpc) and the abstract datagram socket ABSTRACT
# (rpcdgram), both captured, for rpc_traffic.py.
rpc_config() {
	cat >"$1/config.yaml" <<YAML
uds_monitor:
  - socket_path: $2
    capture_bytes: 512
    name: rpc
  - socket_path: "@$3"
    capture_bytes: 512
    name: rpcdgram
ring:
  entries: 1024
YAML
}

# prom_value PORT: the value of eth_call's requests in the Prometheus
# server at 127.0.0.1:PORT, empty while it has none.
prom_value() {
	python3 - "$1" <<'PY' 2>/dev/null
import json, sys, urllib.parse, urllib.request
q = 'pathstats_uds_method_requests_total{method="eth_call"}'
url = ("http://127.0.0.1:%s/api/v1/query?query=" % sys.argv[1] +
       urllib.parse.quote(q))
r = json.load(urllib.request.urlopen(url))["data"]["result"]
print(r[0]["value"][1] if r else "")
PY
}

prom_has() {	# prom_has PORT
	[ -n "$(prom_value "$1")" ]
}

# prom_scrape DIR PORT SCRAPE_CONFIG: a Prometheus server on 127.0.0.1:PORT
# with its data in DIR, scraping every second as SCRAPE_CONFIG (the YAML
# of one scrape_configs entry) says, until it has eth_call's requests or
# 60 s have passed; then stopped.  Prints the value.
prom_scrape() {
	local dir=$1 port=$2 prom

	mkdir -p "$dir"
	printf 'global:\n  scrape_interval: 1s\nscrape_configs:\n%s\n' "$3" \
		>"$dir/prometheus.yml"
	prometheus --config.file="$dir/prometheus.yml" \
		--storage.tsdb.path="$dir/data" \
		--web.listen-address=127.0.0.1:"$port" >"$dir/log" 2>&1 &
	prom=$!
	wait_until 60 prom_has "$port"
	prom_value "$port"
	kill -TERM $prom
	wait $prom
}
