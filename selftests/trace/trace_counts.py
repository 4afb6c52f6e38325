#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A trace session's sink counts, for the trace tests.

trace_counts.py SESSION

Prints one line per sink of SESSION, from PATHSTATS_IOC_TRACE_LIST:
"SINK delivered D dropped R unreported U connects C".  One process that
runs no program: the counts are not moved by an event of its own, as
those of "pathstatsctl trace list | ..." are.  The other tests import it.
"""

import ctypes
import fcntl
import os
import struct
import sys

SESSIONS_MAX = 16
SINKS_MAX = 4
# struct pathstats_trace_sink_info: type, flags, delivered, dropped,
# unreported, connects, connected, reserved.
SINK = struct.Struct("=IIQQQQII")
# struct pathstats_trace_session_info: name, points, sink_count, reserved,
# then the sinks.
SESSION = struct.Struct("=64sQII%ds" % (SINK.size * SINKS_MAX))
LIST = struct.Struct("=QII")
# _IOWR(0xB9, 6, struct pathstats_trace_list)
TRACE_LIST = 3 << 30 | LIST.size << 16 | 0xB9 << 8 | 6
NAMES = {1: "device", 2: "null", 3: "remote"}


def counts(dev, name):
    """{sink name: (delivered, dropped, unreported, connects)}"""
    infos = bytearray(SESSION.size * SESSIONS_MAX)
    addr = ctypes.addressof((ctypes.c_char * len(infos)).from_buffer(infos))
    req = bytearray(LIST.pack(addr, SESSIONS_MAX, 0))
    fcntl.ioctl(dev, TRACE_LIST, req, True)
    for i in range(min(LIST.unpack(req)[1], SESSIONS_MAX)):
        sname, _, nsinks, _, sinks = SESSION.unpack_from(infos,
                                                         i * SESSION.size)
        if sname.rstrip(b"\0").decode() != name:
            continue
        out = {}
        for j in range(nsinks):
            kind, _, delivered, dropped, unreported, connects, _, _ = \
                SINK.unpack_from(sinks, j * SINK.size)
            out[NAMES[kind]] = (delivered, dropped, unreported, connects)
        return out
    sys.exit("trace_counts.py: no session " + name)


def show(dev, name):
    for sink, c in counts(dev, name).items():
        print("%s delivered %d dropped %d unreported %d connects %d"
              % ((sink,) + c))


if __name__ == "__main__":
    fd = os.open("/dev/pathstats", os.O_RDWR)
    show(fd, sys.argv[1])
