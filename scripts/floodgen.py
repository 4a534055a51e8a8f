#!/usr/bin/env python3
"""Writes pcap files of hostile traffic for banwatch's flood tests: pure Python 3, no scapy.

Usage: floodgen.py KIND PACKETS OUT.pcap [--seed N]
KIND is one of:
  syn          SYNs from random clients and ports to random servers and ports
  junk-udp     UDP datagrams of random bytes between random ports
  garbage      Ethernet frames of random bytes
  half-hello   TCP connections that each send the first 100 bytes of a 16 KB TLS ClientHello, then nothing
  quic-junk    QUIC v1 Initials with fresh connection IDs and random (undecryptable) payloads, 1200 bytes
  dns-200a     DNS responses for random names carrying 200 A records each
  cname-chain  DNS responses carrying a chain of 60 CNAMEs of long names, ending in an A record
Every packet is an Ethernet/IPv4 frame; timestamps advance 10 microseconds per packet.
"""
import random
import struct
import sys

LINKTYPE_ETHERNET = 1


def pcap_header():
    return struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, LINKTYPE_ETHERNET)


def record(frame, index):
    micros = 1_700_000_000 * 1_000_000 + index * 10
    return struct.pack("<IIII", micros // 1_000_000, micros % 1_000_000, len(frame), len(frame)) + frame


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4(src, dst, proto, payload):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0x4000, 64, proto, 0, src, dst)
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return b"\x02\0\0\0\0\x01\x02\0\0\0\0\x02\x08\x00" + header + payload


def tcp(src, sport, dst, dport, seq, flags, payload=b""):
    segment = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, 0x50, flags, 65535, 0, 0) + payload
    return ipv4(src, dst, 6, segment)


def udp(src, sport, dst, dport, payload):
    return ipv4(src, dst, 17, struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload)


def addr(rng):
    return bytes([10, rng.randrange(256), rng.randrange(256), rng.randrange(1, 255)])


def server(rng):
    return bytes([198, 51, 100, rng.randrange(1, 255)])


def name(rng, labels=3, length=12):
    return ".".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(length)) for _ in range(labels))


def dns_name(text):
    return b"".join(bytes([len(label)]) + label.encode() for label in text.split(".")) + b"\0"


def half_hello():
    # A TLS record announcing 16,000 bytes whose handshake header announces a ClientHello of 15,996: 100 bytes sent.
    body = struct.pack("!H", 0x0303) + bytes(32) + b"\0" + struct.pack("!H", 2) + b"\x13\x01" + b"\x01\0"
    start = b"\x16\x03\x01" + struct.pack("!H", 16_000) + b"\x01" + struct.pack("!I", 15_996)[1:] + body
    return (start + bytes(100))[:100]


def frames(kind, count, rng):
    index = 0
    while index < count:
        if kind == "syn":
            yield tcp(addr(rng), rng.randrange(1024, 65536), server(rng), rng.randrange(1, 65536),
                      rng.getrandbits(32), 0x02)
            index += 1
        elif kind == "junk-udp":
            yield udp(addr(rng), rng.randrange(1, 65536), server(rng), rng.randrange(1, 65536),
                      rng.randbytes(rng.randrange(8, 512)))
            index += 1
        elif kind == "garbage":
            yield rng.randbytes(rng.randrange(14, 1514))
            index += 1
        elif kind == "half-hello":
            client, port, dst, isn = addr(rng), rng.randrange(1024, 65536), server(rng), rng.getrandbits(32)
            yield tcp(client, port, dst, 443, isn, 0x02)
            yield tcp(client, port, dst, 443, (isn + 1) & 0xFFFFFFFF, 0x18, half_hello())
            index += 2
        elif kind == "quic-junk":
            dcid, scid = rng.randbytes(8), rng.randbytes(8)
            header = b"\xc3" + struct.pack("!I", 1) + b"\x08" + dcid + b"\x08" + scid + b"\x00"
            payload_length = 1200 - len(header) - 2
            packet = header + struct.pack("!H", 0x4000 | payload_length) + rng.randbytes(payload_length)
            yield udp(addr(rng), rng.randrange(1024, 65536), server(rng), 443, packet)
            index += 1
        elif kind == "dns-200a":
            question = dns_name(name(rng))
            message = struct.pack("!HHHHHH", rng.getrandbits(16), 0x8180, 1, 200, 0, 0) + question + b"\0\x01\0\x01"
            for _ in range(200):
                message += b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 300, 4) + server(rng)
            yield udp(bytes([10, 0, 0, 53]), 53, addr(rng), rng.randrange(1024, 65536), message)
            index += 1
        elif kind == "cname-chain":
            names = [name(rng, 4, 40) for _ in range(61)]
            message = struct.pack("!HHHHHH", rng.getrandbits(16), 0x8180, 1, 61, 0, 0)
            message += dns_name(names[0]) + b"\0\x01\0\x01"
            for owner, target in zip(names, names[1:]):
                data = dns_name(target)
                message += dns_name(owner) + struct.pack("!HHIH", 5, 1, 300, len(data)) + data
            message += dns_name(names[-1]) + struct.pack("!HHIH", 1, 1, 300, 4) + server(rng)
            if len(message) > 65000:
                raise SystemExit("cname-chain message too long")
            yield udp(bytes([10, 0, 0, 53]), 53, addr(rng), rng.randrange(1024, 65536), message)
            index += 1
        else:
            raise SystemExit("unknown kind %r (see --help)" % kind)


def main(argv):
    if len(argv) < 3 or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    kind, count, out = argv[0], int(argv[1]), argv[2]
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 1
    rng = random.Random(seed)
    with open(out, "wb") as f:
        f.write(pcap_header())
        for index, frame in enumerate(frames(kind, count, rng)):
            f.write(record(frame, index))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
