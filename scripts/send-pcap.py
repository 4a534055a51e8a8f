#!/usr/bin/env python3
"""Sends the Ethernet frames of a classic pcap file out of an interface, in order, as fast as the socket takes them:
a capture replayed onto a veth so that a sensor on its peer sees real traffic. Needs CAP_NET_RAW.
Usage: send-pcap.py IFACE FILE.pcap [REPEAT]"""
import socket
import struct
import sys

LINKTYPE_ETHERNET = 1


def frames(path):
    with open(path, "rb") as f:
        header = f.read(24)
        magic = header[:4]
        # Microsecond and nanosecond pcap, either byte order (pcap-savefile(5)).
        if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
            endian = "<"
        elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
            endian = ">"
        else:
            raise SystemExit(f"{path}: not a classic pcap file")
        linktype = struct.unpack(endian + "I", header[20:24])[0] & 0x0FFFFFFF
        if linktype != LINKTYPE_ETHERNET:
            raise SystemExit(f"{path}: link type {linktype}, only Ethernet (1) can be sent")
        while True:
            record = f.read(16)
            if len(record) < 16:
                return
            caplen = struct.unpack(endian + "IIII", record)[2]
            yield f.read(caplen)


def main():
    iface, path = sys.argv[1], sys.argv[2]
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((iface, 0))
    sent = 0
    for _ in range(repeat):
        for frame in frames(path):
            sock.send(frame)
            sent += 1
    print(f"sent {sent} frames on {iface}")


if __name__ == "__main__":
    main()
