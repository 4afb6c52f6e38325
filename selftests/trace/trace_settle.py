#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Waits for a remote sink to have handled every message, for
remote_test.sh.

trace_settle.py SESSION MONITOR_OUT SECONDS

Lists the sessions (PATHSTATS_IOC_TRACE_LIST) until SESSION's remote sink
has written or dropped every message its null sink counted, and the
monitoring process has printed (to MONITOR_OUT) every message written,
or SECONDS have passed.  It runs no program meanwhile, so that it makes
no event of its own.  Prints "delivered D dropped R null N lines L
carried C connects K": the remote sink's counts, the null sink's, the
messages in MONITOR_OUT and the sum of their dropped fields.
"""

import ctypes
import fcntl
import os
import struct
import sys
import time

SESSIONS_MAX = 16
SINKS_MAX = 4
# struct pathstats_trace_sink_info: type, flags, delivered, dropped,
# connects, connected, reserved.
SINK = struct.Struct("=IIQQQII")
# struct pathstats_trace_session_info: name, points, sink_count, reserved,
# then the sinks.
SESSION = struct.Struct("=64sQII" + "%ds" % (SINK.size * SINKS_MAX))
LIST = struct.Struct("=QII")
# _IOWR(0xB9, 6, struct pathstats_trace_list)
TRACE_LIST = 3 << 30 | LIST.size << 16 | 0xB9 << 8 | 6
REMOTE, NULL = 3, 2


def counts(dev, name):
    infos = bytearray(SESSION.size * SESSIONS_MAX)
    buf = (ctypes_addr(infos), SESSIONS_MAX, 0)
    req = bytearray(LIST.pack(*buf))
    fcntl.ioctl(dev, TRACE_LIST, req, True)
    n = min(LIST.unpack(req)[1], SESSIONS_MAX)
    for i in range(n):
        sname, _, nsinks, _, sinks = SESSION.unpack_from(infos,
                                                         i * SESSION.size)
        if sname.rstrip(b"\0").decode() != name:
            continue
        out = {}
        for j in range(nsinks):
            kind, _, delivered, dropped, connects, _, _ = \
                SINK.unpack_from(sinks, j * SINK.size)
            out[kind] = (delivered, dropped, connects)
        return out
    sys.exit("trace_settle.py: no session " + name)


def ctypes_addr(buf):
    return ctypes.addressof((ctypes.c_char * len(buf)).from_buffer(buf))


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
        delivered, dropped, connects = c[REMOTE]
        null = c[NULL][0]
        lines, carried = monitor(out)
        if (delivered + dropped == null and lines == delivered) or \
                time.monotonic() > deadline:
            break
        time.sleep(0.05)
    print("delivered %d dropped %d null %d lines %d carried %d connects %d"
          % (delivered, dropped, null, lines, carried, connects))


main()
