#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Known JSON-RPC traffic over unix sockets, for the udsmon CLI tests.

rpc_traffic.py STREAM_PATH ABSTRACT_NAME [ROUNDS]

Serves newline-delimited JSON-RPC on a stream socket bound at STREAM_PATH
and on a datagram socket bound at the abstract ABSTRACT_NAME, and sends
them, ROUNDS times (default 1): 5 eth_call, 3 eth_blockNumber, a batch of
net_version and eth_chainId, an eth_getBalance split over two sends, one
notification and one line that is not JSON over the stream; 2
eth_sendRawTransaction datagrams.  Prints, as JSON, the bytes each
method's sends carried, for the test to compare.
"""

import json
import os
import socket
import sys
import threading


def serve_stream(listener):
    conn, _ = listener.accept()
    buf = b""
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                return
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                try:
                    msg = json.loads(line)
                except ValueError:
                    continue
                reqs = msg if isinstance(msg, list) else [msg]
                out = [{"jsonrpc": "2.0", "result": "0x1", "id": r["id"]}
                       for r in reqs if "id" in r]
                if out:
                    reply = out if isinstance(msg, list) else out[0]
                    conn.sendall(json.dumps(reply).encode() + b"\n")


def serve_dgram(sock, count):
    for _ in range(count):
        data, addr = sock.recvfrom(65536)
        req = json.loads(data)
        sock.sendto(json.dumps({"jsonrpc": "2.0", "result": "0xabc",
                                "id": req["id"]}).encode(), addr)


def request(method, ident, params=None):
    return json.dumps({"jsonrpc": "2.0", "id": ident, "method": method,
                       "params": params or []}).encode() + b"\n"


def main():
    path, abstract = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    if os.path.exists(path):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    dserver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    dserver.bind("\0" + abstract)
    threads = [threading.Thread(target=serve_stream, args=(listener,)),
               threading.Thread(target=serve_dgram,
                                args=(dserver, 2 * rounds))]
    for t in threads:
        t.start()

    sent = {}
    ident = 0

    def count(method, nbytes):
        sent[method] = sent.get(method, 0) + nbytes

    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(path)
    reader = client.makefile("rb")
    for _ in range(rounds):
        for method, times in (("eth_call", 5), ("eth_blockNumber", 3)):
            for _ in range(times):
                ident += 1
                msg = request(method, ident, [{"to": "0x%040x" % ident}])
                client.sendall(msg)
                count(method, len(msg))
                reader.readline()
        batch = json.dumps([
            {"jsonrpc": "2.0", "id": ident + 1, "method": "net_version"},
            {"id": ident + 2, "method": "eth_chainId", "jsonrpc": "2.0"},
        ]).encode() + b"\n"
        ident += 2
        client.sendall(batch)
        count("net_version", len(batch) - len(batch) // 2)
        count("eth_chainId", len(batch) // 2)
        reader.readline()
        # The method's name ends in the second send.
        ident += 1
        msg = request("eth_getBalance", ident, ["0x1", "latest"])
        cut = msg.index(b"getBa") + 5
        client.sendall(msg[:cut])
        client.sendall(msg[cut:])
        count("eth_getBalance", len(msg) - cut)
        reader.readline()
        note = b'{"jsonrpc":"2.0","method":"note"}\n'
        client.sendall(note)
        count("note", len(note))
        client.sendall(b"PING not json\n")

        dclient = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        dclient.bind("")
        for _ in range(2):
            ident += 1
            msg = request("eth_sendRawTransaction", ident, ["0xf86c"])[:-1]
            dclient.sendto(msg, "\0" + abstract)
            count("eth_sendRawTransaction", len(msg))
            dclient.recv(65536)
        dclient.close()
    reader.close()
    client.close()
    for t in threads:
        t.join()
    listener.close()
    dserver.close()
    json.dump(sent, sys.stdout, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
