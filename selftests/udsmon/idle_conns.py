#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Idle connections against pathstatsctl serve, for serve_test.sh.

idle_conns.py limits|timeout PORT CAFILE USER PASSWORD PER_IP MAX TIMEOUT SCALE

serve listens on 127.0.0.1:PORT with TLS (CAFILE: its certificate),
basic auth, --max-connections-per-ip PER_IP, --max-connections MAX and
--timeout TIMEOUT.  Prints one "name value" line per step.

limits, against a serve whose timeout no step can reach (the connections
it must keep are then kept whatever the machine's load):

  per_ip_extra_closed  1 if serve closed one of PER_IP + 1 idle
                       connections from 127.0.0.2 at once
  per_ip_held N       how many of the others serve kept
  scrape_per_ip       the HTTP status of a scrape from 127.0.0.1 then

timeout:

  idle_closed N       how many of PER_IP idle connections serve closed
                      within the timeout and a margin
  scrape_at_limit     the HTTP status of a scrape while MAX idle
                      connections from other addresses hold every slot
                      (served once the timeout frees them)

Every wait is bounded (times SCALE) and fails with a status of 0.
"""

import base64
import select
import socket
import ssl
import sys
import time
import urllib.request

mode = sys.argv[1]
port, cafile, user, password = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
per_ip, limit, timeout, scale = (int(a) for a in sys.argv[6:10])
port = int(port)


def idle(source):
    """A TCP connection from SOURCE that sends nothing."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


def closed_within(s, seconds):
    """Whether the server closes S within SECONDS (after a TLS alert)."""
    deadline = time.monotonic() + seconds
    try:
        while True:
            s.settimeout(max(deadline - time.monotonic(), 0.001))
            if s.recv(4096) == b"":
                return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def scrape(seconds):
    """The status of a scrape, retried until SECONDS have passed."""
    ctx = ssl.create_default_context(cafile=cafile)
    auth = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    req = urllib.request.Request("https://127.0.0.1:%d/metrics" % port,
                                 headers={"Authorization": "Basic " + auth})
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return 0
        try:
            with urllib.request.urlopen(req, context=ctx,
                                        timeout=left) as r:
                r.read()
                return r.status
        except (OSError, ssl.SSLError):
            time.sleep(0.1)


def first_closed(conns, seconds):
    """The first of CONNS the server closes within SECONDS, or None."""
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        readable, _, _ = select.select(conns, [], [], left)
        for s in readable:
            if closed_within(s, 0.001):
                return s


def limits():
    # serve's worker threads each accept from the queue, so which of
    # PER_IP + 1 connections it refuses is not the last one connected:
    # what it promises is that one is refused and PER_IP are kept.
    conns = [idle("127.0.0.2") for _ in range(per_ip + 1)]
    extra = first_closed(conns, 10 * scale)
    print("per_ip_extra_closed", int(extra is not None))
    held = [s for s in conns if s is not extra]
    if extra is not None:
        extra.close()
    # Still open: none was closed with the extra one.
    print("per_ip_held", sum(not closed_within(s, 0.01) for s in held))
    print("scrape_per_ip", scrape(10 * scale), flush=True)
    for s in held:
        s.close()


def idle_timeout():
    # The timeout is of idleness: each is closed TIMEOUT after it connected.
    held = [idle("127.0.0.2") for _ in range(per_ip)]
    deadline = time.monotonic() + (timeout + 10) * scale
    print("idle_closed", sum(closed_within(s, max(deadline - time.monotonic(),
                                                   0.01)) for s in held))
    for s in held:
        s.close()

    # Every slot taken, PER_IP from each of several other addresses.
    sources = ["127.0.0.%d" % (3 + i // per_ip) for i in range(limit)]
    held = [idle(src) for src in sources]
    print("scrape_at_limit", scrape((timeout + 10) * scale), flush=True)
    for s in held:
        s.close()


if mode == "limits":
    limits()
elif mode == "timeout":
    idle_timeout()
else:
    sys.exit("idle_conns.py: unknown mode '%s'" % mode)
