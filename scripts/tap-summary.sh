#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tap-summary.sh LOGFILE...: count the test results in TAP/KTAP logs.
#
# Its last line is "N passed, N failed" (", N skipped" appended if any);
# exit status 1 if a test failed or no test ran at all, else 0.
#
# What counts:
# - A result line is "ok N ..." or "not ok N ..." after any indentation
#   made of spaces, tabs and '#' (KTAP nests subtests by four spaces;
#   kselftest's runner nests with "# ").  Other lines, including the
#   harness' "#  OK  name" diagnostics, are ignored.
# - Only leaves count: a result line preceded by results nested deeper
#   than it (its subtests) summarises them and is not counted again.  A
#   parent without subtests (a suite that crashed before printing any)
#   counts as one test.
# - "# SKIP" after the description (any case) counts as skipped, also on
#   a "not ok" line; "# TODO" on a "not ok" line counts as skipped too
#   (a known failure); "# XFAIL" (kselftest: expected failure) passes.
# - cmocka's TAP output ("ok 1 - name", "not ok 2 - name") is plain TAP.
# - "Bail out!" counts as one failure, as does every result a plan
#   ("1..N", at the top level of each stream) announced but that never
#   came: a crashed test must not pass by printing nothing.  A plan may
#   come first (the stream ends with its Nth result) or last (it closes
#   the results before it).
set -euo pipefail

if [ $# -eq 0 ]; then
	echo "usage: tap-summary.sh LOGFILE..." >&2
	exit 2
fi

awk '
function finish_stream() {
	if (plan > top_results) {
		missing += plan - top_results
		printf "tap-summary: %s: %d of %d planned results missing\n", \
			FILENAME_PREV, plan - top_results, plan > "/dev/stderr"
	}
	plan = 0; top_results = 0; top_level = -1
	delete deeper
}
FNR == 1 {
	if (NR > 1)
		finish_stream()
	FILENAME_PREV = FILENAME
	top_level = -1
}
{
	line = $0
	sub(/\r$/, "", line)
	match(line, /^[ \t#]*/)
	prefix = substr(line, 1, RLENGTH)
	rest = substr(line, RLENGTH + 1)
	gsub(/\t/, "        ", prefix)
	level = length(prefix)
}
rest ~ /^(TAP|KTAP) version/ && (top_level < 0 || level <= top_level) {
	if (top_level >= 0)
		finish_stream()
	top_level = level
	next
}
rest ~ /^1\.\.[0-9]+/ {
	if (top_level < 0)
		top_level = level
	if (level == top_level) {
		# A plan after results (TAP allows it last) closes them.
		if (plan == 0 && top_results > 0) {
			plan = substr(rest, 4) + 0
			finish_stream()
			next
		}
		if (plan > 0)
			finish_stream()
		top_level = level
		plan = substr(rest, 4) + 0
	}
	next
}
rest ~ /^Bail out!/ {
	failed++
	next
}
rest ~ /^(not )?ok [0-9]+([ \t]|$)/ {
	if (top_level < 0)
		top_level = level
	if (level == top_level)
		top_results++
	complete = plan > 0 && level == top_level && top_results == plan
	# Results nested deeper than this one, since the last result at
	# this level or above, are its subtests.
	parent = 0
	for (l in deeper)
		if (l + 0 > level && deeper[l]) {
			parent = 1
			deeper[l] = 0
		}
	deeper[level] = 1
	# A leading plan fulfilled: what follows is another stream.
	if (complete)
		finish_stream()
	if (parent)
		next
	notok = rest ~ /^not /
	if (toupper(rest) ~ /#[ \t]*SKIP/ || (notok && toupper(rest) ~ /#[ \t]*TODO/))
		skipped++
	else if (notok)
		failed++
	else
		passed++
}
END {
	if (NR > 0)
		finish_stream()
	failed += missing
	s = sprintf("%d passed, %d failed", passed, failed)
	if (skipped)
		s = s sprintf(", %d skipped", skipped)
	print s
	exit (failed > 0 || passed + failed + skipped == 0) ? 1 : 0
}
' "$@"
