#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pathstatsctl serve --web-config in the test VM with pathstats.ko loaded:
# TLS and basic auth scraped by a real Prometheus server (scheme https, a
# CA file, a user and password) for an exact value; a wrong password or
# none answered 401 with WWW-Authenticate; plain HTTP refused; idle
# connections up to the limits, and a scrape still served within a
# bounded wait.  Prints TAP.
set -uo pipefail

ctl=${PATHSTATSCTL:-tools/pathstatsctl}
here=$(dirname "$0")
dir=/tmp/udsserve
sock=$dir/rpc.sock
abstract=pathstats-rpc-serve
port=19478
url=https://127.0.0.1:$port/metrics
# shellcheck source=../tap.sh
. "$here/../tap.sh"
# shellcheck source=serve_lib.sh
. "$here/serve_lib.sh"

rm -rf $dir
mkdir -p $dir
rpc_config $dir $sock $abstract
$ctl load $dir/config.yaml >/dev/null
tap_check "load" 0 $?
$ctl uds dump >/dev/null	# nothing left from before

# A self-signed certificate for 127.0.0.1, and a bcrypt hash (cost 5).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	-nodes -keyout $dir/key.pem -out $dir/cert.pem -days 2 \
	-subj /CN=pathstats-test -addext subjectAltName=IP:127.0.0.1 \
	>/dev/null 2>&1
tap_check "openssl made a certificate" 0 $?
password=s3cret-pw
hash=$(python3 -W ignore - "$password" <<'PY'
import crypt, sys
print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=32)))
PY
)
case "$hash" in
'$2b$05$'*) tap_result 1 "bcrypt hash made" ;;
*) tap_result 0 "bcrypt hash made" "$hash" ;;
esac
# Relative paths are relative to the web configuration's directory.
cat >$dir/web.yml <<YAML
tls_server_config:
  cert_file: cert.pem
  key_file: $dir/key.pem
basic_auth_users:
  prom: '$hash'
  other: '$hash'
YAML

# The idle timeout the "timeout" steps of idle_conns.py wait for.
timeout=$((10 * time_scale))
$ctl serve --listen 127.0.0.1:$port --web-config $dir/web.yml \
	--max-connections 32 --max-connections-per-ip 8 \
	--timeout $timeout 2>$dir/serve.err &
server=$!

scrape() {	# scrape [CURL ARGS]: the body, or curl's failure
	curl -sS --max-time $((10 * time_scale)) --cacert $dir/cert.pem \
		-u "prom:$password" "$@" $url
}
wait_until 20 scrape -o /dev/null 2>/dev/null
tap_result $(($? == 0)) "serve answers over TLS with the password"
tap_check "serve: says https" \
	"pathstatsctl: serving https://127.0.0.1:$port/metrics" \
	"$(head -1 $dir/serve.err)"

python3 "$here/rpc_traffic.py" $sock $abstract 2 >/dev/null
eth_call_10() {
	scrape >$dir/metrics.txt 2>/dev/null &&
		grep -q 'method="eth_call"} 10$' $dir/metrics.txt
}
wait_until 30 eth_call_10
tap_result $(($? == 0)) "serve: the ring's methods over TLS" \
	"$(tail -3 $dir/metrics.txt)"
tap_check "serve: the export's counters too" 1 \
	"$(grep -c "^pathstats_uds_send_ops_total{socket=\"$sock\"}" \
		$dir/metrics.txt)"

code() {	# code [CURL ARGS]: the HTTP status, 000 for none
	curl -s -o /dev/null -w '%{http_code}' \
		--max-time $((10 * time_scale)) "$@"
}
tap_check "wrong password: 401" 401 \
	"$(code --cacert $dir/cert.pem -u prom:wrong $url)"
tap_check "unknown user: 401" 401 \
	"$(code --cacert $dir/cert.pem -u nobody:$password $url)"
tap_check "no credentials: 401" 401 "$(code --cacert $dir/cert.pem $url)"
tap_check "401 asks for basic auth" 1 \
	"$(curl -s -D - -o /dev/null --cacert $dir/cert.pem $url |
		grep -ci '^WWW-Authenticate: Basic realm="pathstats"')"
tap_check "404 elsewhere, with the password" 404 \
	"$(code --cacert $dir/cert.pem -u prom:$password \
		https://127.0.0.1:$port/)"
tap_check "plain HTTP gets no answer" 000 \
	"$(code http://127.0.0.1:$port/metrics)"
tap_check "an untrusted certificate is refused" 000 \
	"$(code -u prom:$password $url)"

if command -v prometheus >/dev/null; then
	value=$(prom_scrape $dir/prom 19091 "  - job_name: pathstats
    scheme: https
    tls_config:
      ca_file: $dir/cert.pem
    basic_auth:
      username: prom
      password: $password
    static_configs:
      - targets: ['127.0.0.1:$port']")
	tap_check "Prometheus scraped https with basic auth: eth_call requests" \
		10 "$value"
else
	tap_skip "Prometheus scraped https with basic auth" \
		"prometheus not installed"
fi

# Idle connections: 8 per address, 32 in all.  The limits against a serve
# whose timeout no step reaches, so that what it must keep open is kept on
# a loaded machine too (the 10 s one was not always enough).
limits_port=$((port + 1))
$ctl serve --listen 127.0.0.1:$limits_port --web-config $dir/web.yml \
	--max-connections 32 --max-connections-per-ip 8 \
	--timeout 3600 2>$dir/limits.err &
limits_server=$!
wait_until 20 curl -sS -o /dev/null --max-time $((10 * time_scale)) \
	--cacert $dir/cert.pem -u "prom:$password" \
	https://127.0.0.1:$limits_port/metrics 2>/dev/null
tap_result $(($? == 0)) "idle: a second serve for the limits answers"
python3 "$here/idle_conns.py" limits $limits_port $dir/cert.pem prom \
	"$password" 8 32 3600 "$time_scale" >$dir/idle.txt
tap_check "idle: the limits ran" 0 $?
kill -TERM $limits_server
wait $limits_server
tap_check "idle: the second serve stops on SIGTERM with 0" 0 $?
# Then the timeout, on the first.
python3 "$here/idle_conns.py" timeout $port $dir/cert.pem prom \
	"$password" 8 32 $timeout "$time_scale" >>$dir/idle.txt
tap_check "idle: the timeout ran" 0 $?
idle() { sed -n "s/^$1 //p" $dir/idle.txt; }
tap_check "idle: one past the per-address limit is closed" 1 \
	"$(idle per_ip_extra_closed)"
tap_check "idle: the others stay open" 8 "$(idle per_ip_held)"
tap_check "idle: a scrape from another address is served" 200 \
	"$(idle scrape_per_ip)"
tap_check "idle: all closed after the timeout" 8 "$(idle idle_closed)"
tap_check "idle: a scrape at the connection limit is served" 200 \
	"$(idle scrape_at_limit)"
wait_until 10 scrape -o /dev/null 2>/dev/null
tap_result $(($? == 0)) "serve answers after the idle connections"

kill -TERM $server
wait $server
tap_check "serve stops on SIGTERM with 0" 0 $?

# A bad web configuration: one line, exit 1, before anything starts.
printf 'tls_server_config:\n  cert_file: c\n  key_file: k\n  ciphers: x\n' \
	>$dir/bad.yml
$ctl serve --web-config $dir/bad.yml >/dev/null 2>$dir/err
tap_check "bad web config exits 1" 1 $?
tap_check "bad web config: its message" \
	"pathstatsctl: $dir/bad.yml:4:3: unknown key 'ciphers' in tls_server_config" \
	"$(cat $dir/err)"
# A certificate that is none: exit 1, and why.
printf 'tls_server_config: {cert_file: web.yml, key_file: key.pem}\n' \
	>$dir/nocert.yml
$ctl serve --listen 127.0.0.1:$port --web-config $dir/nocert.yml \
	>/dev/null 2>$dir/err
tap_check "not a certificate: exits 1" 1 $?
tap_check "not a certificate: says so" \
	"pathstatsctl: cannot serve TLS on 127.0.0.1:$port: are $dir/web.yml and $dir/key.pem a certificate and its key, in PEM?" \
	"$(tail -1 $dir/err)"
$ctl clear >/dev/null
tap_done
