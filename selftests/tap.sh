# SPDX-License-Identifier: GPL-2.0
#
# TAP output for the shell selftests: source it, report each check, end
# with tap_done (the plan, and the exit status).

tap_n=0
tap_failed=0

tap_result() {	# tap_result OK NAME [DIAG]: OK is 1 for a pass
	tap_n=$((tap_n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $tap_n $2"
	else
		echo "not ok $tap_n $2"
		[ -z "${3:-}" ] || printf '%s\n' "$3" | sed 's/^/# /'
		tap_failed=$((tap_failed + 1))
	fi
}

tap_check() {	# tap_check NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then
		tap_result 1 "$1"
	else
		tap_result 0 "$1" "expected: $2
got:      $3"
	fi
}

tap_skip() {	# tap_skip NAME REASON
	tap_n=$((tap_n + 1))
	echo "ok $tap_n $1 # SKIP $2"
}

# Every time limit of a test is multiplied by PATHSTATS_TIME_SCALE (1 to
# 100, default 1), as in harness.h: the debug kernel runs many times
# slower, and a limit stretched for every kernel would let hangs last.
time_scale=${PATHSTATS_TIME_SCALE:-1}
case $time_scale in
[1-9] | [1-9][0-9] | 100) ;;
*) echo "PATHSTATS_TIME_SCALE=$time_scale: not 1..100" >&2; exit 1 ;;
esac

# wait_until SECONDS CMD...: succeeds as soon as CMD does, fails if it has
# not within SECONDS (times the scale).  Tests wait for the condition they
# check, never for a fixed time; report the outcome with tap_result.
wait_until() {
	local deadline=$((SECONDS + $1 * time_scale))

	shift
	until "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.05
	done
}

# pid_exited PID: the child PID exited (a zombie of ours) or is gone;
# with wait_until, a bounded wait that leaves its status to "wait PID".
pid_exited() {
	! grep -qs '^State:[[:space:]]*[^Z]' "/proc/$1/status"
}

# held_calls CTL: the status line of the diverted calls that keep the
# module loaded, as pathstatsctl CTL reports it.
held_calls() {
	"$1" status | sed -n 's/^held calls: *//p'
}

tap_done() {	# the plan; fails if any check did
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
