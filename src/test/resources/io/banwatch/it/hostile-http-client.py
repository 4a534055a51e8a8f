#!/usr/bin/env python3
"""Hostile HTTP clients for HttpHardeningIT, run inside a network namespace: each mode prints one result line."""
import socket
import sys
import time

host, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]


def connect():
    return socket.create_connection((host, port), timeout=30)


def status(sock):
    """The status code of the answer, or 'closed' when the server closed without one."""
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return "closed" if not data else data.decode("latin-1")
        data += chunk
    return data.split(b" ")[1].decode()


def closed_after(sock, started):
    """Seconds until the server closed the connection (recv returns nothing or fails)."""
    try:
        while sock.recv(4096):
            pass
    except OSError:
        pass
    return round(time.monotonic() - started, 1)


if mode == "slowloris":
    # n connections, each sending a request head one byte every half second: it never ends.
    n = int(sys.argv[4])
    socks = [connect() for _ in range(n)]
    started = time.monotonic()
    head = b"GET /metrics HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 200
    open_ = set(range(n))
    i = 0
    while open_ and time.monotonic() - started < 60:
        for k in list(open_):
            try:
                socks[k].send(head[i % len(head):i % len(head) + 1])
            except OSError:
                open_.discard(k)
        i += 1
        time.sleep(0.5)
        for k in list(open_):
            socks[k].setblocking(False)
            try:
                if socks[k].recv(4096) == b"":
                    open_.discard(k)
            except BlockingIOError:
                pass
            except OSError:
                open_.discard(k)
            socks[k].setblocking(True)
    print("slowloris closed %d of %d after %.1f s" % (n - len(open_), n, time.monotonic() - started))
elif mode == "hold":
    # n idle connections held open; prints the answer each got within a second: 503 when refused, 'open' else.
    n = int(sys.argv[4])
    results = []
    socks = []
    for _ in range(n):
        socks.append(connect())
        time.sleep(0.05)  # in order, so that the last ones are those past the limit
    for s in socks:
        s.settimeout(0.3)
        try:
            results.append(status(s))
        except socket.timeout:
            results.append("open")
    print("hold " + " ".join(results))
    sys.stdout.flush()
    started = time.monotonic()
    for s in socks:
        s.settimeout(30)
    print("hold closed after %.1f s" % max(closed_after(s, started) for s in socks))
elif mode == "headers":
    count = int(sys.argv[4])
    s = connect()
    s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(count)) + b"\r\n")
    print("headers %d %s" % (count, status(s)))
elif mode == "bighead":
    s = connect()
    s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n")
    print("bighead " + status(s))
elif mode == "longline":
    s = connect()
    s.sendall(b"GET /metrics?" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    print("longline " + status(s))
elif mode == "bigbody":
    s = connect()
    s.sendall(b"POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 20000\r\n\r\n" + b"a" * 20000)
    print("bigbody " + status(s))
