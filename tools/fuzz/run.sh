#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh FUZZER...: run each libFuzzer binary build/fuzz_<target> for
# FUZZ_SECONDS (default 15) on a copy of corpus/<target>/ in a temporary
# directory, with the dictionary <target>.dict if there is one, so that the repository is not modified, as TAP: one
# "ok N - fuzz <target>" or "not ok N - fuzz <target>" line each.  A
# crash, a leak, a timeout (-timeout=5), memory beyond -rss_limit_mb or
# a broken check fails; the input that did it is kept in
# build/artifacts/<target>/ with the command that reproduces it.
# FUZZ_ARGS adds libFuzzer options.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
seconds=${FUZZ_SECONDS:-15}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

echo "1..$#"
n=0
status=0
for fuzzer in "$@"; do
	n=$((n + 1))
	target=$(basename "$fuzzer")
	target=${target#fuzz_}
	dir=$tmp/$target
	mkdir -p "$dir/corpus" "$dir/artifacts"
	cp "$here/corpus/$target"/* "$dir/corpus/" 2>/dev/null
	dict=()
	[ -f "$here/$target.dict" ] && dict=(-dict="$here/$target.dict")
	# shellcheck disable=SC2086
	"$fuzzer" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
		"${dict[@]}" ${FUZZ_ARGS:-} "$dir/corpus" >"$dir/log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log")
	if [ $rc -eq 0 ] && [ -z "$(ls -A "$dir/artifacts")" ]; then
		echo "ok $n - fuzz $target: ${runs:-?} runs in ${seconds}s, ${rate:-?}/s, corpus $(ls "$dir/corpus" | wc -l)"
		continue
	fi
	status=1
	echo "not ok $n - fuzz $target (exit $rc)"
	grep -E 'ERROR|SUMMARY|check failed|runtime error|#[0-9]+ 0x' \
		"$dir/log" | head -n 40 | sed 's/^/# /'
	keep=$here/build/artifacts/$target
	mkdir -p "$keep"
	cp "$dir/log" "$keep/log"
	for a in "$dir/artifacts"/*; do
		[ -e "$a" ] || continue
		cp "$a" "$keep/"
		echo "# reproduce: $fuzzer $keep/$(basename "$a")"
	done
done
exit $status
