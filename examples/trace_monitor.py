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
for _n, _name in enumerate(["open", "read", "write", "stat", "close", "unlink",
                            "rename", "mkdir", "rmdir", "truncate"]):
    POINTS[3 + _n] = ("file/" + _name, pb.FileOp)
for _n, _name in enumerate(["connect", "send", "recv"]):
    POINTS[13 + _n] = ("uds/" + _name, pb.UdsOp)
# PATHSTATS_TRACE_PACKET_MAX: a packet holds one or more whole messages.
PACKET_MAX = 64 * 1024


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


def lines(packet):
    """A line for each message of the packet."""
    off = 0
    while off < len(packet):
        if len(packet) - off < HEADER.size:
            yield "bad message: %d bytes" % (len(packet) - off)
            return
        size, kind, _, dropped = HEADER.unpack_from(packet, off)
        if size < HEADER.size or size > len(packet) - off or \
                kind not in POINTS:
            yield "bad message: %d bytes, type %d" % (size, kind)
            return
        name, cls = POINTS[kind]
        msg = cls.FromString(packet[off + HEADER.size:off + size])
        yield " ".join([name, "dropped=%d" % dropped] + fields(msg))
        off += size


class Monitor:
    """The connection being read, for the signal handler."""

    def __init__(self, srv):
        self.srv = srv
        self.conn = None
        self.stopping = False

    def stop(self, *_):
        # No new connection first: a sink that reconnects at once must
        # not find this listener, about to go, but the next monitor.
        self.stopping = True
        self.srv.close()
        if self.conn is None:
            sys.exit(0)
        # Read what the sink has written, refuse the rest: its later
        # writes fail, and the sink counts them as dropped, not written.
        self.conn.shutdown(socket.SHUT_RD)


def main():
    path = sys.argv[1]
    addr = "\0" + path[1:] if path.startswith("@") else path
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    if not path.startswith("@") and os.path.exists(path):
        os.unlink(path)
    srv.bind(addr)
    srv.listen(1)
    mon = Monitor(srv)
    signal.signal(signal.SIGTERM, mon.stop)
    signal.signal(signal.SIGINT, mon.stop)
    print("listening", flush=True)
    try:
        while not mon.stopping:
            conn, _ = srv.accept()
            mon.conn = conn
            print("connected", flush=True)
            with conn:
                while True:
                    packet = conn.recv(PACKET_MAX)
                    if not packet:
                        break
                    for text in lines(packet):
                        print(text, flush=True)
            mon.conn = None
            print("disconnected", flush=True)
    finally:
        if not path.startswith("@"):
            os.unlink(path)


if __name__ == "__main__":
    main()
