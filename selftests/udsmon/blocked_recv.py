#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A client blocked in recv() on a monitored socket, for rmmod_test.sh.

blocked_recv.py PATH

Binds a stream server at PATH and forks a client that connects, sends a
request and blocks in recv() for the reply.  The server replies on
SIGUSR1.  Prints "blocked" once the client is waiting; exits 0 if the
client got the whole reply, 1 otherwise.
"""

import os
import signal
import socket
import sys
import time

REQUEST = b'{"jsonrpc":"2.0","id":1,"method":"wait"}\n'
REPLY = b'{"jsonrpc":"2.0","id":1,"result":"done"}\n'


def client(path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    sock.sendall(REQUEST)
    got = b""
    while len(got) < len(REPLY):
        data = sock.recv(len(REPLY) - len(got))
        if not data:
            break
        got += data
    os._exit(0 if got == REPLY else 1)


def main():
    path = sys.argv[1]
    if os.path.exists(path):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
    pid = os.fork()
    if pid == 0:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])
        client(path)
    conn, _ = listener.accept()
    request = b""
    while len(request) < len(REQUEST):
        request += conn.recv(len(REQUEST) - len(request))
    # Python's recv() is the recvfrom syscall, 45 on x86-64.
    for _ in range(200 * int(os.environ.get("PATHSTATS_TIME_SCALE", "1"))):
        with open(f"/proc/{pid}/syscall") as f:
            if f.read().split()[0] == "45":
                break
        time.sleep(0.05)
    else:
        sys.exit("the client never blocked in recv()")
    print("blocked", flush=True)
    signal.sigwait([signal.SIGUSR1])
    conn.sendall(REPLY)
    _, status = os.waitpid(pid, 0)
    sys.exit(0 if os.waitstatus_to_exitcode(status) == 0 else 1)


if __name__ == "__main__":
    main()
