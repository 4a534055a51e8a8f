#!/usr/bin/env python3
"""Writes the DNS compression-pointer fixtures (python3 standard library only): DNS messages whose names use forward
pointers, pointer chains and pointer loops, each in a classic pcap file (Ethernet, IPv4, UDP port 53), under
src/test/resources/io/banwatch/fixtures/dns-pointers/. Their tshark oracle is made by
/work/shared/tools/oracle.sh FILE (FILE.oracle.tsv beside it).

    scripts/make-dns-pointer-fixtures.py
"""
import os
import struct

OUT = os.path.join(os.path.dirname(__file__), "..", "src/test/resources/io/banwatch/fixtures/dns-pointers")
RESOLVER, CLIENT = bytes([10, 0, 0, 53]), bytes([10, 0, 0, 7])
T0 = 1_727_776_800  # 2024-10-01T10:00:00Z


def labels(name):
    """A name as uncompressed labels, without the root label."""
    return b"".join(bytes([len(l)]) + l.encode() for l in name.split(".") if l)


def name(n):
    return labels(n) + b"\x00"


def ptr(offset):
    return struct.pack("!H", 0xC000 | offset)


def header(ident, response, qd, an):
    flags = 0x8180 if response else 0x0100
    return struct.pack("!HHHHHH", ident, flags, qd, an, 0, 0)


def question(qname_wire, qtype=1):
    return qname_wire + struct.pack("!HH", qtype, 1)


def record(owner_wire, rtype, rdata, ttl=300):
    return owner_wire + struct.pack("!HHIH", rtype, 1, ttl, len(rdata)) + rdata


def a(address):
    return bytes(int(x) for x in address.split("."))


def checksum(data):
    if len(data) % 2:
        data += b"\x00"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def frame(message, response):
    src, dst = (RESOLVER, CLIENT) if response else (CLIENT, RESOLVER)
    sport, dport = (53, 40000) if response else (40000, 53)
    udp = struct.pack("!HHHH", sport, dport, 8 + len(message), 0) + message
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0x4000, 64, 17, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00" + ip + udp


def write(filename, messages):
    """messages: (message bytes, is_response) in order, one per frame, a second apart."""
    with open(os.path.join(OUT, filename), "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, (message, response) in enumerate(messages):
            data = frame(message, response)
            f.write(struct.pack("<IIII", T0 + i, 0, len(data), len(data)))
            f.write(data)


def forward_pointers():
    msgs = []
    # A query whose question name is a pointer to a name placed after the question (offset 12 + 2 + 4 = 18).
    msgs.append((header(1, False, 1, 0) + question(ptr(18)) + name("dnl-01.geo.kaspersky.com"), False))
    # A response whose CNAME target points forward to the owner name of the next record, written out there.
    q = question(name("updates.example.com"))
    owner2_at = 12 + len(q) + len(record(ptr(12), 5, ptr(0)))
    cname = record(ptr(12), 5, ptr(owner2_at))
    msgs.append((header(2, True, 1, 2) + q + cname + record(name("dnl-02.geo.kaspersky.com"), 1, a("192.0.2.2")),
                 True))
    # A response whose question is a pointer forward to the answer's owner, which is written out in full.
    body = header(3, True, 1, 1)
    q = question(ptr(12 + 6))
    msgs.append((body + q + record(name("ksn-url-geo.kaspersky-labs.com"), 1, a("192.0.2.3")), True))
    # A name made of labels, then a forward pointer to a suffix written later.
    q = question(labels("www") + ptr(12 + 4 + 2 + 4))
    msgs.append((header(4, False, 1, 0) + q + name("example.net"), False))
    return msgs


def pointer_chains():
    msgs = []
    # Question "example.org", then a query-like response whose answers chain pointers backwards, 1 to 5 hops.
    q = question(name("chain.example.org"))
    body = header(5, True, 1, 3)
    at = 12 + len(q)
    answers = b""
    # owner: pointer to a pointer (at the CNAME's RDATA) to the question name
    r1 = record(ptr(12), 5, ptr(12))  # CNAME chain.example.org -> chain.example.org (via 1 hop)
    answers += r1
    r1_rdata = at + len(r1) - 2
    r2 = record(ptr(r1_rdata), 1, a("192.0.2.5"))  # owner: pointer -> pointer -> name (2 hops)
    answers += r2
    r2_owner = at + len(r1)
    r3 = record(labels("edge") + ptr(r2_owner), 1, a("192.0.2.6"))  # edge + 3 hops
    answers += r3
    msgs.append((body + q + answers, True))
    # A long chain: 40 pointers, each to the one before it, the first to the question name; a query names the last.
    q = question(name("long.example.org"))
    chain = b""
    prev = 12
    base = 12 + len(q)
    for i in range(40):
        chain += ptr(prev)
        prev = base + 2 * i
    # the last pointer, placed after the questions, is read as the name of a second question (QDCOUNT 2): the first
    # hop goes forwards, the other 39 backwards
    msg = header(6, False, 2, 0) + q + question(ptr(prev)) + chain
    msgs.append((msg, False))
    # A chain that alternates forward and backward jumps: question -> fwd -> back -> fwd -> labels.
    # layout after the header: [q: ptr A][qtype/class] [A: ptr C] [B: "kaspersky" + ptr D] [C: "dnl-03.geo" ptr B]
    #                          [D: "com" 0]
    q_at = 12
    a_at = q_at + 6
    b_at = a_at + 2
    b = labels("kaspersky")
    d_at = b_at + len(b) + 2
    d = name("com")
    c_at = d_at + len(d)
    c = labels("dnl-03.geo") + ptr(b_at)
    msg = header(7, False, 1, 0) + question(ptr(a_at)) + ptr(c_at) + b + ptr(d_at) + d + c
    msgs.append((msg, False))
    return msgs


def pointer_loops():
    msgs = []
    msgs.append((header(8, False, 1, 0) + question(ptr(12)), False))  # question points at itself
    # two pointers pointing at each other: question at 12 -> 18, 18 -> 12
    msgs.append((header(9, False, 1, 0) + question(ptr(18)) + ptr(12), False))
    # a label and a pointer back to that label: "a.a.a...." for ever
    msgs.append((header(10, False, 1, 0) + question(labels("loop") + ptr(12)), False))
    # a response: good question, a CNAME whose target loops, then a good A record, which is still read
    q = question(name("looped.example.com"))
    at = 12 + len(q)
    loop_rdata_at = at + 2 + 10
    r1 = record(ptr(12), 5, labels("x") + ptr(loop_rdata_at))
    r2 = record(ptr(12), 1, a("192.0.2.10"))
    msgs.append((header(11, True, 1, 2) + q + r1 + r2, True))
    # after the loops, an ordinary query still reads
    msgs.append((header(12, False, 1, 0) + question(name("dnl-04.geo.kaspersky.com")), False))
    return msgs


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write("forward-pointers.pcap", forward_pointers())
    write("pointer-chains.pcap", pointer_chains())
    write("pointer-loops.pcap", pointer_loops())
