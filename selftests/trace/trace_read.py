#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Reads a trace session's device sink, for process_test.sh.

trace_read.py PB2DIR SESSION [PID]

Opens the session's device sink (PATHSTATS_IOC_TRACE_OPEN), reads every
message waiting, without blocking, and decodes each with Debian's
protobuf runtime and the module generated from pathstats_trace.proto in
PB2DIR.  Prints one line per message, "POINT field=value ...", the
fields present in field-number order, the context's first; only those
of process PID when given.  Then "messages N dropped D": how many were
read, and the sum of their headers' dropped counts; last, the session's
counts as trace_counts.py prints them, taken right after.
"""

import errno
import fcntl
import os
import struct
import sys

sys.path.insert(0, sys.argv[1])
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pathstats_trace_pb2 as pb  # noqa: E402
from trace_counts import show  # noqa: E402

# _IOW(0xB9, 7, struct pathstats_trace_name), 64 bytes.
TRACE_OPEN = 1 << 30 | 64 << 16 | 0xB9 << 8 | 7
HEADER = struct.Struct("=IHHQ")  # size, type, flags, dropped
POINTS = {1: ("process/exec", pb.ProcessExec),
          2: ("process/exit", pb.ProcessExit)}
for _n, _name in enumerate(["open", "read", "write", "stat", "close", "unlink",
                            "rename", "mkdir", "rmdir", "truncate"]):
    POINTS[3 + _n] = ("file/" + _name, pb.FileOp)
for _n, _name in enumerate(["connect", "send", "recv"]):
    POINTS[13 + _n] = ("uds/" + _name, pb.UdsOp)


def fields(msg):
    out = []
    for fd, value in msg.ListFields():
        if fd.message_type is not None:
            out += fields(value)
        elif fd.enum_type is not None:
            out.append("%s=%s" % (fd.name,
                                  fd.enum_type.values_by_number[value]
                                  .name.lower()))
        elif isinstance(value, bool):
            out.append("%s=%s" % (fd.name, str(value).lower()))
        elif isinstance(value, bytes):
            out.append("%s=%s" % (fd.name, value.decode("utf-8",
                                                        "backslashreplace")))
        else:
            out.append("%s=%s" % (fd.name, value))
    return out


def main():
    session = sys.argv[2].encode()
    pid = int(sys.argv[3]) if len(sys.argv) > 3 else None
    dev = os.open("/dev/pathstats", os.O_RDWR)
    # A mutable buffer: the ioctl's return value, the new descriptor, back.
    fd = fcntl.ioctl(dev, TRACE_OPEN, bytearray(session.ljust(64, b"\0")),
                     True)
    os.set_blocking(fd, False)
    count = dropped = 0
    while True:
        try:
            buf = os.read(fd, 1 << 20)
        except OSError as e:
            if e.errno == errno.EAGAIN:
                break
            raise
        if not buf:
            break
        off = 0
        while off < len(buf):
            size, kind, flags, drop = HEADER.unpack_from(buf, off)
            name, cls = POINTS[kind]
            msg = cls.FromString(buf[off + HEADER.size:off + size])
            count += 1
            dropped += drop
            if flags:
                print("flags %d" % flags)
            if pid is None or msg.context.pid == pid:
                print(" ".join([name] + fields(msg)))
            off += size
    os.close(fd)
    print("messages %d dropped %d" % (count, dropped))
    # At once, running nothing: no event comes in between.
    show(dev, sys.argv[2])
    os.close(dev)


main()
