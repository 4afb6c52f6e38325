#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Waits for a remote sink to have handled every message, for
remote_test.sh.

trace_settle.py SESSION MONITOR_OUT SECONDS

Lists the sessions (PATHSTATS_IOC_TRACE_LIST) until SESSION's remote sink
has written or dropped every message its null sink counted, and the
monitoring process has printed (to MONITOR_OUT) every message written,
or SECONDS have passed.  It runs no program meanwhile, so that it makes
no event of its own.  Prints "delivered D dropped R unreported U null N
lines L carried C connects K": the remote sink's counts, the null
sink's, the messages in MONITOR_OUT and the sum of their dropped fields.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trace_counts import counts  # noqa: E402


def monitor(path):
    lines = carried = 0
    with open(path) as f:
        for line in f:
            words = line.split()
            if len(words) > 1 and words[1].startswith("dropped="):
                lines += 1
                carried += int(words[1][len("dropped="):])
    return lines, carried


def main():
    name, out, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    dev = os.open("/dev/pathstats", os.O_RDWR)
    deadline = time.monotonic() + seconds
    while True:
        c = counts(dev, name)
        delivered, dropped, unreported, connects = c["remote"]
        null = c["null"][0]
        lines, carried = monitor(out)
        if (delivered + dropped == null and lines == delivered) or \
                time.monotonic() > deadline:
            break
        time.sleep(0.05)
    print("delivered %d dropped %d unreported %d null %d lines %d carried %d"
          " connects %d" % (delivered, dropped, unreported, null, lines,
                           carried, connects))


main()
