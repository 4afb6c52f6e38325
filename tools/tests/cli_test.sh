#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cli_test.sh PATHSTATSCTL: the command line of pathstatsctl, as TAP:
# exit codes, the one-line error messages, and the man page against the
# commands the tool has.  Tests that need the module loaded, or need it
# absent, are skipped when the host is the other way.
set -u

prog=${1:?usage: cli_test.sh PATHSTATSCTL}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
man=$here/../../Documentation/man/pathstatsctl.8
version=$(sed -n 's/^#define PATHSTATS_VERSION[[:space:]]*"\(.*\)"/\1/p' \
	"$here/../../module/version.h")
abi=$(sed -n 's/^#define PATHSTATS_ABI_VERSION[[:space:]]*\([0-9]*\)/\1/p' \
	"$here/../../include/uapi/linux/pathstats.h")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
echo "1..45"

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=1
	echo "not ok $n - $1"
	shift
	for l in "$@"; do echo "# $l"; done
}

skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# run ARGS...: status in $rc, stdout in $tmp/out, stderr in $tmp/err.
run() {
	"$prog" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# expect NAME RC STDERR-LINE ARGS...: exit code and exact error line.
expect() {
	local name=$1 want_rc=$2 want_err=$3
	shift 3
	run "$@"
	if [ "$rc" -ne "$want_rc" ]; then
		not_ok "$name" "exit $rc, expected $want_rc" "$(cat "$tmp/err")"
	elif [ "$(cat "$tmp/err")" != "$want_err" ]; then
		not_ok "$name" "stderr: $(cat "$tmp/err")" "expected: $want_err"
	elif [ "$want_rc" -ne 0 ] && [ -s "$tmp/out" ]; then
		not_ok "$name" "stdout not empty on error"
	else
		ok "$name"
	fi
}

see="(see 'pathstatsctl help')"
expect "no command" 1 "pathstatsctl: missing command $see"
expect "unknown command" 1 "pathstatsctl: unknown command 'frob' $see" frob
expect "unknown option" 1 "pathstatsctl: unknown option '--frob' $see" \
	--frob
expect "unknown show option" 1 \
	"pathstatsctl: unknown option '--yaml' for 'show' $see" show --yaml
expect "extra show argument" 1 \
	"pathstatsctl: unexpected argument 'x' for 'show' $see" show x
expect "extra help argument" 1 \
	"pathstatsctl: 'help' takes no argument, got 'x' $see" help x
expect "newline in argument stays on one line" 1 \
	"pathstatsctl: unknown command 'a?b' $see" $'a\nb'

run help
if [ "$rc" -eq 0 ] && grep -q '^Usage: pathstatsctl' "$tmp/out" &&
   [ ! -s "$tmp/err" ]; then
	ok "help"
else
	not_ok "help" "exit $rc" "$(head -3 "$tmp/out" "$tmp/err")"
fi
cp "$tmp/out" "$tmp/help"

run -h
if [ "$rc" -eq 0 ] && cmp -s "$tmp/out" "$tmp/help"; then
	ok "-h is help"
else
	not_ok "-h is help" "exit $rc"
fi

run version
if [ "$rc" -eq 0 ] &&
   [ "$(head -1 "$tmp/out")" = "pathstatsctl $version (ABI $abi)" ]; then
	ok "version"
else
	not_ok "version" "exit $rc" "$(cat "$tmp/out" "$tmp/err")"
fi
cp "$tmp/out" "$tmp/version"

run --version
if [ "$rc" -eq 0 ] && cmp -s "$tmp/out" "$tmp/version"; then
	ok "--version is version"
else
	not_ok "--version is version" "exit $rc"
fi

if "$prog" help >/dev/full 2>"$tmp/err"; then
	not_ok "write error" "exit 0 writing to /dev/full"
elif [ "$(cat "$tmp/err")" = \
       "pathstatsctl: cannot write to standard output: No space left on device" ]; then
	ok "write error"
else
	not_ok "write error" "$(cat "$tmp/err")"
fi

expect "extra export argument" 1 \
	"pathstatsctl: 'export' takes no argument, got 'x' $see" export x
expect "unknown reset option" 1 \
	"pathstatsctl: unknown option '--all' for 'reset' $see" reset --all
expect "reset with two names" 1 \
	"pathstatsctl: unexpected argument 'b' for 'reset' $see" reset a b
expect "uds methods: --max-methods 0" 1 \
	"pathstatsctl: bad --max-methods '0' (expected 1 to 100000) $see" \
	uds methods --max-methods 0
expect "uds dump: --max-methods not a number" 1 \
	"pathstatsctl: bad --max-methods '1k' (expected 1 to 100000) $see" \
	uds dump --max-methods 1k
expect "serve: --max-methods too large" 1 \
	"pathstatsctl: bad --max-methods '100001' (expected 1 to 100000) $see" \
	serve --max-methods 100001
expect "serve: --timeout 0" 1 \
	"pathstatsctl: bad --timeout '0' (expected 1 to 3600 seconds) $see" \
	serve --timeout 0
expect "serve: --max-connections not a number" 1 \
	"pathstatsctl: bad --max-connections '-5' (expected 1 to 10000) $see" \
	serve --max-connections -5
expect "serve: per-ip limit above the limit" 1 \
	"pathstatsctl: --max-connections-per-ip 9 exceeds --max-connections 8 $see" \
	serve --max-connections 8 --max-connections-per-ip 9
expect "serve: --web-config missing" 1 \
	"pathstatsctl: cannot read '$tmp/none.yml': No such file or directory" \
	serve --web-config "$tmp/none.yml"
printf 'basic_auth_users:\n  prom: secret\n' >"$tmp/web.yml"
expect "serve: --web-config with a password, not a hash" 1 \
	"pathstatsctl: $tmp/web.yml:2:9: the password of 'prom' must be a bcrypt hash (\$2a\$, \$2b\$ or \$2y\$, 60 characters)" \
	serve --web-config "$tmp/web.yml"
nostats="pathstatsctl: pathstats module not loaded (no /sys/kernel/stats)"
if [ ! -e /sys/kernel/stats ]; then
	expect "show without the module" 2 "$nostats" show
	expect "show --json without the module" 2 "$nostats" show --json
	expect "export without the module" 2 "$nostats" export
	expect "reset without the module" 2 "$nostats" reset
	expect "reset NAME without the module" 2 "$nostats" reset data
else
	for t in show "show --json" export reset "reset NAME"; do
		skip "$t without the module" "/sys/kernel/stats exists"
	done
fi

# Configuration: check needs no kernel; load checks before the kernel.
example=$here/../../examples/pathstats.yaml
run check "$example"
if [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] && [ "$(cat "$tmp/out")" = \
   "$example: valid: 4 prefixes (2 counting syscalls), 1 socket, ring of 1024 entries" ]
then
	ok "check the example"
else
	not_ok "check the example" "exit $rc" "$(cat "$tmp/out" "$tmp/err")"
fi
printf 'path_metrics:\n  - path_prefix: /mnt/data\n    syscalls: [opne]\n' \
	>"$tmp/typo.yaml"
expect "check: unknown syscall" 1 \
	"pathstatsctl: $tmp/typo.yaml:3:16: unknown syscall 'opne' (did you mean 'open'?)" \
	check "$tmp/typo.yaml"
expect "load: bad input before the kernel" 1 \
	"pathstatsctl: $tmp/typo.yaml:3:16: unknown syscall 'opne' (did you mean 'open'?)" \
	load "$tmp/typo.yaml"
printf 'monitored_paths: [/a, /b/]\npath_metrics:\n  - {path_prefix: /b, syscalls: [read]}\n' \
	>"$tmp/dup.yaml"
expect "check: duplicate prefix across formats" 1 \
	"pathstatsctl: $tmp/dup.yaml:3:19: duplicate prefix '/b' (first at line 1)" \
	check "$tmp/dup.yaml"
printf 'path_metrics:\n  - {path_prefix: /a, syscalls: [stat, read]}\n' \
	>"$tmp/warn.yaml"
run check "$tmp/warn.yaml"
if [ "$rc" -eq 0 ] && [ "$(cat "$tmp/err")" = \
   "pathstatsctl: warning: $tmp/warn.yaml:2:34: 'stat' counts only direct stat(2) calls: glibc 2.33+ implements stat() with newfstatat (add 'newfstatat')" ]
then
	ok "check: glibc warning, success"
else
	not_ok "check: glibc warning, success" "exit $rc" "$(cat "$tmp/err")"
fi
expect "check: missing file" 1 \
	"pathstatsctl: cannot read '$tmp/none.yaml': No such file or directory" \
	check "$tmp/none.yaml"
expect "check without FILE" 1 \
	"pathstatsctl: missing FILE argument for 'check' $see" check
expect "check with two files" 1 \
	"pathstatsctl: unexpected argument 'b' for 'check' $see" check a b
expect "load with an option" 1 \
	"pathstatsctl: unknown option '--force' for 'load' $see" load --force
expect "clear with an argument" 1 \
	"pathstatsctl: 'clear' takes no argument, got 'x' $see" clear x
expect "unknown status option" 1 \
	"pathstatsctl: unknown option '--yaml' for 'status' $see" status --yaml
if [ ! -e /dev/pathstats ]; then
	nodev="pathstatsctl: pathstats module not loaded (no /dev/pathstats)"
	expect "load without the module" 2 "$nodev" load "$example"
	expect "clear without the module" 2 "$nodev" clear
	expect "status without the module" 2 "$nodev" status
	expect "status --json without the module" 2 "$nodev" status --json
else
	for t in load clear status "status --json"; do
		skip "$t without the module" "/dev/pathstats exists"
	done
fi

# The man page renders without warnings, and documents every command.
if groff -man -Tutf8 -ww -z "$man" 2>"$tmp/groff" && [ ! -s "$tmp/groff" ]
then
	ok "man page renders cleanly"
else
	not_ok "man page renders cleanly" "$(cat "$tmp/groff")"
fi
missing=
for cmd in $(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z ]*[a-z]\).*/\1/p' \
	     "$tmp/help" | awk '{print $1}'); do
	grep -q "^\.B[R]* $cmd\b" "$man" || missing="$missing $cmd"
done
for opt in $(grep -o -- '--[a-z]*' "$tmp/help" | sort -u); do
	grep -q -- "${opt//-/\\\\-}" "$man" || missing="$missing $opt"
done
if [ -z "$missing" ]; then
	ok "man page documents every command and option"
else
	not_ok "man page documents every command and option" \
		"missing:$missing"
fi

[ "$n" -eq 45 ] || { echo "# planned 45 tests, ran $n"; failed=1; }
exit $failed
