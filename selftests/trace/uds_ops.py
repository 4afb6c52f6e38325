#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A client of monitored unix sockets, with known calls, for uds_test.sh.

uds_ops.py DIR ABSTRACT PIDFILE

Serves DIR/rpc.sock (stream) and the abstract name ABSTRACT (datagram),
binds DIR/idle.sock without listening and serves DIR/other.sock, and
talks to them as a client, in this order: connect, send 5 bytes, receive
6, a non-blocking receive with nothing to read (EAGAIN), send 5000
bytes; connect to idle.sock (ECONNREFUSED); connect to ABSTRACT and send
4 bytes; connect to other.sock and send.  Writes its pid to PIDFILE
first, and prints the inode numbers of the stream and datagram client
sockets.
"""

import os
import socket
import sys


def main():
    d, abstract, pidfile = sys.argv[1:4]
    with open(pidfile, "w") as f:
        f.write("%d\n" % os.getpid())
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(d + "/rpc.sock")
    srv.listen()
    idle = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    idle.bind(d + "/idle.sock")
    other = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    other.bind(d + "/other.sock")
    other.listen()
    dsrv = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    dsrv.bind("\0" + abstract)

    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.connect(d + "/rpc.sock")
    a, _ = srv.accept()
    c.sendall(b"hello")
    assert a.recv(64) == b"hello"
    a.sendall(b"world!")
    assert c.recv(64) == b"world!"
    c.setblocking(False)
    try:
        c.recv(64)
        sys.exit("a receive with nothing sent returned")
    except BlockingIOError:
        pass
    c.setblocking(True)
    c.send(b"x" * 5000)
    got = b""
    while len(got) < 5000:
        got += a.recv(8192)

    r = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        r.connect(d + "/idle.sock")
        sys.exit("a connect to a socket that does not listen succeeded")
    except ConnectionRefusedError:
        pass

    g = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    g.connect("\0" + abstract)
    g.send(b"ping")
    assert dsrv.recv(64) == b"ping"

    o = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    o.connect(d + "/other.sock")
    o.sendall(b"unmonitored")
    print(os.fstat(c.fileno()).st_ino, os.fstat(r.fileno()).st_ino,
          os.fstat(g.fileno()).st_ino)


if __name__ == "__main__":
    main()
