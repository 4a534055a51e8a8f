#!/usr/bin/env python3
"""lab-listener.py - small TCP and UDP listeners for the namespace lab (run inside bw-srv).

    lab-listener.py ADDRESS PROTO:PORT:MODE...

PROTO is tcp or udp. MODE says how a listener answers what a client sends:
  sink    read and discard (UDP: no ICMP port unreachable goes back, so a QUIC client keeps sending)
  ok      answer the first read of a connection (or each datagram) with b"ok\\n"
  native  answer like a Kaspersky native-protocol server (libprotoident's match_kaspersky): a
          payload starting KS\\0\\0 or KE\\0\\0 gets the same 4-byte prefix and 4 bytes back, the
          2-byte payload b"PI" gets b"PI"; anything else gets nothing

Runs until it is sent SIGTERM or SIGINT. Only the standard library.
"""
import selectors
import signal
import socket
import sys

# A lab listener serves a handful of test connections; more pending ones mean something is wrong.
LISTEN_BACKLOG = 16
# Client payloads in the lab are single small messages; one read of this size takes any of them.
READ_SIZE = 65535
NATIVE_REPLY_TAIL = b"\x00\x01\x00\x00"


def native_reply(data):
    if data[:4] in (b"KS\x00\x00", b"KE\x00\x00"):
        return data[:4] + NATIVE_REPLY_TAIL
    if data == b"PI":
        return b"PI"
    return b""


def reply_for(mode, data):
    if mode == "ok":
        return b"ok\n"
    if mode == "native":
        return native_reply(data)
    return b""


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    address = argv[1]
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sel = selectors.DefaultSelector()
    for spec in argv[2:]:
        proto, port, mode = spec.split(":")
        if mode not in ("sink", "ok", "native"):
            raise SystemExit(f"unknown mode {mode}")
        kind = socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM
        sock = socket.socket(family, kind)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, int(port)))
        if proto == "tcp":
            sock.listen(LISTEN_BACKLOG)
            sel.register(sock, selectors.EVENT_READ, ("accept", mode))
        else:
            sel.register(sock, selectors.EVENT_READ, ("datagram", mode))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        for key, _ in sel.select():
            sock = key.fileobj
            role, mode = key.data
            if role == "accept":
                conn, _ = sock.accept()
                sel.register(conn, selectors.EVENT_READ, ("stream", mode))
            elif role == "datagram":
                data, peer = sock.recvfrom(READ_SIZE)
                answer = reply_for(mode, data)
                if answer:
                    sock.sendto(answer, peer)
            else:
                try:
                    data = sock.recv(READ_SIZE)
                except OSError:
                    data = b""
                if not data:
                    sel.unregister(sock)
                    sock.close()
                    continue
                answer = reply_for(mode, data)
                if answer:
                    sock.sendall(answer)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except KeyboardInterrupt:
        sys.exit(0)
