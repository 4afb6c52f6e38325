#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A send whose bytes come from a FUSE file, for rmmod_test.sh.

fuse_send.py PATH FILE

Binds a stream server at PATH and forks a client that connects and sends
the first 4096 bytes of FILE from a shared mapping of it, so that the
kernel faults the page in, from the FUSE server, in the middle of the
send.  Prints "sending PID", PID the client's, just before the send;
exits 0 once the server got all the bytes of FILE's page, 1 otherwise.
"""

import mmap
import os
import socket
import sys

SIZE = 4096


def client(path, file):
    fd = os.open(file, os.O_RDONLY)
    page = mmap.mmap(fd, SIZE, mmap.MAP_SHARED, mmap.PROT_READ)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
        print("sending", os.getpid(), flush=True)
        # The buffer is the mapping itself, untouched until the kernel
        # copies from it.
        sock.sendall(memoryview(page))


def main():
    path, file = sys.argv[1:3]
    if os.path.exists(path):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    pid = os.fork()
    if pid == 0:
        listener.close()
        try:
            client(path, file)
        finally:
            os._exit(0)
    conn, _ = listener.accept()
    got = b""
    with conn:
        while len(got) < SIZE:
            data = conn.recv(SIZE - len(got))
            if not data:
                break
            got += data
    os.waitpid(pid, 0)
    print("received", len(got), flush=True)
    sys.exit(0 if got == b"x" * SIZE else 1)


if __name__ == "__main__":
    main()
