#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A monitoring process for pathstats trace sessions' remote sinks.

    trace_monitor.py SOCKET [PB2DIR]

Listens on the SOCK_SEQPACKET unix socket SOCKET (a path, or "@name" for
an abstract one), accepts the remote sinks that connect, one after the
other, and prints each message they write on a line:

    POINT dropped=N field=value ...

the fields present in field-number order, those of the context first.
The messages are decoded by the protobuf runtime with the module
generated from include/uapi/linux/pathstats_trace.proto:

    protoc --python_out=PB2DIR -I include/uapi/linux pathstats_trace.proto

(PB2DIR defaults to this script's directory).  Prints "connected" and
"disconnected" as sinks come and go.  On SIGTERM or SIGINT it reads what
the sink has written so far, then stops: the sink's later writes fail,
and it counts them as dropped.
"""

import os
import signal
import socket
import struct
import sys

sys.path.insert(0, sys.argv[2] if len(sys.argv) > 2 else
                os.path.dirname(os.path.abspath(__file__)))
import pathstats_trace_pb2 as pb  # noqa: E402

# struct pathstats_trace_header: size, type, flags, dropped.
HEADER = struct.Struct("=IHHQ")
# enum pathstats_trace_point
POINTS = {1: ("process/exec", pb.ProcessExec),
          2: ("process/exit", pb.ProcessExit)}
# PATHSTATS_TRACE_MESSAGE_MAX
MESSAGE_MAX = 24 * 1024


def fields(msg):
    """name=value for each field present, nested messages flattened."""
    out = []
    for fd, value in msg.ListFields():
        if fd.message_type is not None:
            out += fields(value)
        elif isinstance(value, bytes):
            out.append("%s=%s" % (fd.name,
                                  value.decode("utf-8", "backslashreplace")))
        else:
            out.append("%s=%s" % (fd.name, value))
    return out


def line(packet):
    size, kind, _, dropped = HEADER.unpack_from(packet)
    if size != len(packet) or kind not in POINTS:
        return "bad message: %d bytes, type %d" % (len(packet), kind)
    name, cls = POINTS[kind]
    msg = cls.FromString(packet[HEADER.size:])
    return " ".join([name, "dropped=%d" % dropped] + fields(msg))


class Monitor:
    """The connection being read, for the signal handler."""

    def __init__(self):
        self.conn = None
        self.stopping = False

    def stop(self, *_):
        # Read what the sink has written, refuse the rest: its later
        # writes fail, and the sink counts them as dropped, not written.
        self.stopping = True
        if self.conn is None:
            sys.exit(0)
        self.conn.shutdown(socket.SHUT_RD)


def main():
    path = sys.argv[1]
    addr = "\0" + path[1:] if path.startswith("@") else path
    mon = Monitor()
    signal.signal(signal.SIGTERM, mon.stop)
    signal.signal(signal.SIGINT, mon.stop)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    if not path.startswith("@") and os.path.exists(path):
        os.unlink(path)
    srv.bind(addr)
    srv.listen(1)
    print("listening", flush=True)
    try:
        while not mon.stopping:
            conn, _ = srv.accept()
            mon.conn = conn
            print("connected", flush=True)
            with conn:
                while True:
                    packet = conn.recv(MESSAGE_MAX)
                    if not packet:
                        break
                    print(line(packet), flush=True)
            mon.conn = None
            print("disconnected", flush=True)
    finally:
        if not path.startswith("@"):
            os.unlink(path)


if __name__ == "__main__":
    main()
