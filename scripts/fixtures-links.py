#!/usr/bin/python3
"""fixtures-links.py - build the link-type and tunnel fixtures offline (needs scapy: Debian python3-scapy).

    fixtures-links.py INNER OUTDIR

INNER is the VXLAN fixture (src/test/resources/io/banwatch/fixtures/vxlan.pcap). Its inner DNS query and
answer, TLS ClientHello and HTTP GET (recorded from real clients) are wrapped:
  - in one Ethernet capture, tunnels-mobile.pcap: GTP-U over IPv4 and over IPv6 (with a sequence number and
    a PDU session container extension header), GTP-U carrying IPv6, GTP-U in a VLAN and in QinQ, Teredo with
    and without an origin indication, IEEE 802.1ah PBB, VN-Tag, an RFC 8300 network service header and
    IEEE 802.3 framing with LLC/SNAP;
  - in one capture per link type, link-<name>.pcap: FDDI, Token Ring, IEEE 802.11 (bare, radiotap, Prism,
    AVS, PPI), IP over Fibre Channel, LLC-encapsulated ATM, SunATM, Cisco HDLC, PPP in HDLC framing, Frame
    Relay, pflog, enc, Solaris ipnet, IP over IEEE 1394, ERF and PKTAP;
  - in tunnels-ayiya.pcap: AYIYA (UDP port 5072) carrying IPv4 and carrying IPv6, client to tunnel server and back.
Each wrapping gets its own inner client ports (base + 1 DNS, + 2 TLS, + 3 HTTP). scripts/make-fixtures-links.sh
runs this and writes each capture's tshark oracle beside it.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixtures3 import LAB_SERVER, inner_conversations, with_client_port  # noqa: E402
from scapy.all import IP, IPv6, TCP, UDP, Ether  # noqa: E402

PORT_BASE = 43000
PORT_STEP = 100
OUTER4 = ("10.77.0.31", "10.77.0.32")
OUTER6 = ("fd77::31", "fd77::32")
MAC_A = bytes.fromhex("027700000031")
MAC_B = bytes.fromhex("027700000032")
TEID = 0x00C0FFEE
PBB_ISID = 5000
SNAP_IP = bytes.fromhex("aaaa03000000")  # RFC 1042 LLC/SNAP header; the EtherType follows


def ip_packets(conversations, index):
    """The inner IP packets (bytes) of every conversation, with this wrapping's client ports, in order."""
    base = PORT_BASE + PORT_STEP * index
    out = []
    for offset, (kind, frames) in enumerate(conversations, start=1):
        for when, frame in frames:
            out.append((when, bytes(with_client_port(frame, kind, base + offset)[IP])))
    return out


def as_ipv6(packet):
    """The same TCP or UDP segment in IPv6 (fd77::/64 for the lab's 10.77.0.0/24), checksums recomputed."""
    ip = IP(packet)
    src = "fd77::" + ip.src.split(".")[-1]
    dst = "fd77::" + ip.dst.split(".")[-1]
    inner = ip.payload.copy()
    del inner.chksum
    return bytes(IPv6(src=src, dst=dst, hlim=64) / inner)


def udp_outer(payload, sport, dport, v6=False):
    if v6:
        return bytes(IPv6(src=OUTER6[0], dst=OUTER6[1], hlim=64) / UDP(sport=sport, dport=dport) / payload)
    return bytes(IP(src=OUTER4[0], dst=OUTER4[1], ttl=64, id=0x3131) / UDP(sport=sport, dport=dport) / payload)


def ether(payload, ethertype):
    return MAC_B + MAC_A + struct.pack("!H", ethertype) + payload


def gtpu(inner, extension=False):
    """3GPP TS 29.281 section 5.1 G-PDU; with E and S set: sequence 7, N-PDU 0, one PDU session container."""
    if not extension:
        return struct.pack("!BBHI", 0x30, 255, len(inner), TEID) + inner
    # TS 38.415 PDU session container (type 0x85): length 1 (4 octets): PDU type 1 (UL), QFI 9, next type 0.
    optional = struct.pack("!HBB", 7, 0, 0x85) + bytes([1, 0x10, 9, 0])
    return struct.pack("!BBHI", 0x36, 255, len(optional) + len(inner), TEID) + optional + inner


def teredo(inner6, origin):
    prefix = bytes([0, 0]) + struct.pack("!H", 0xFFFF ^ 40000) + bytes([0xFF ^ 192, 0xFF ^ 0, 0xFF ^ 2, 0xFF ^ 1])
    return (prefix if origin else b"") + inner6


def ayiya(inner, next_header):
    """draft-massar-v6ops-ayiya-02 "forward": a 16-octet IPv6 identity, a 20-octet SHA-1 signature, epoch time."""
    header = bytes([(4 << 4) | 1, (5 << 4) | 2, (2 << 4) | 1, next_header]) + struct.pack("!I", 1_700_000_000)
    return header + bytes.fromhex("20010db8000000000000000000000202") + bytes(range(20)) + inner


def ayiya_frame(inner, next_header):
    """Client to tunnel server from port 40002 to 5072; the server's replies come back from 5072."""
    to_server = IP(inner).src != LAB_SERVER if next_header == 4 else IPv6(inner).src != "fd77::1"
    sport, dport = (40002, 5072) if to_server else (5072, 40002)
    outer = IP(src=OUTER4[0], dst=OUTER4[1]) if to_server else IP(src=OUTER4[1], dst=OUTER4[0])
    outer.ttl, outer.id = 64, 0x3131
    return ether(bytes(outer / UDP(sport=sport, dport=dport) / ayiya(inner, next_header)), 0x0800)


AYIYA = [
    ("ayiya-ipv4", lambda p: ayiya_frame(p, 4)),
    ("ayiya-ipv6", lambda p: ayiya_frame(as_ipv6(p), 41)),
]


def tunnels(conversations):
    """(name, function of an inner IPv4 packet -> Ethernet frame) for tunnels-mobile.pcap."""
    vlan = lambda vid, et: struct.pack("!HH", vid, et)  # noqa: E731
    return [
        ("gtpu-ipv4", lambda p: ether(udp_outer(gtpu(p), 2152, 2152), 0x0800)),
        ("gtpu-ipv6-extension", lambda p: ether(udp_outer(gtpu(p, True), 2152, 2152, v6=True), 0x86DD)),
        ("gtpu-inner-ipv6", lambda p: ether(udp_outer(gtpu(as_ipv6(p)), 2152, 2152), 0x0800)),
        ("gtpu-vlan", lambda p: ether(vlan(300, 0x0800) + udp_outer(gtpu(p), 2152, 2152), 0x8100)),
        ("gtpu-qinq", lambda p: ether(vlan(400, 0x8100) + vlan(401, 0x0800) + udp_outer(gtpu(p), 2152, 2152), 0x88A8)),
        ("teredo-origin", lambda p: ether(udp_outer(teredo(as_ipv6(p), True), 3544, 40000), 0x0800)),
        ("teredo", lambda p: ether(udp_outer(teredo(as_ipv6(p), False), 40001, 3544), 0x0800)),
        ("pbb", lambda p: ether(struct.pack("!I", PBB_ISID) + MAC_B + MAC_A + struct.pack("!H", 0x0800) + p, 0x88E7)),
        ("vntag", lambda p: ether(struct.pack("!I", 0x00010002) + struct.pack("!H", 0x0800) + p, 0x8926)),
        # RFC 8300: version 0, TTL 63, length 2 words (MD type 2, no context), next protocol 1 (IPv4), SPI 10, SI 255
        ("nsh", lambda p: ether(struct.pack("!HBB", (63 << 6) | 2, 0x02, 0x01) + struct.pack("!I", (10 << 8) | 255) + p, 0x894F)),
        ("ieee802-3-snap", lambda p: ether(SNAP_IP + struct.pack("!H", 0x0800) + p, 8 + len(p))),
    ]


def dot11(p, qos=False):
    """An IEEE 802.11 data frame from a station to its access point (ToDS), unprotected, with LLC/SNAP."""
    fc = bytes([0x88 if qos else 0x08, 0x01])
    header = fc + b"\x00\x00" + MAC_A + MAC_B + MAC_A + b"\x10\x00"
    if qos:
        header += b"\x00\x00"
    return header + SNAP_IP + struct.pack("!H", 0x0800) + p


def radiotap(frame):
    # version 0, pad, length 12, present: Flags (bit 1) and Rate (bit 2); flags 0, rate 2 (1 Mb/s), 2 bytes pad
    return struct.pack("<BBHI", 0, 0, 12, 0x00000006) + bytes([0, 2, 0, 0]) + frame


def prism(frame):
    return struct.pack("<II", 0x00000041, 144) + b"wlan0".ljust(16, b"\0") + bytes(144 - 24) + frame


def avs(frame):
    return struct.pack("!II", 0x80211001, 64) + bytes(56) + frame


def ppi(frame):
    return struct.pack("<BBHI", 0, 0, 8, 105) + frame


def erf(p):
    # ERF record header: timestamp, type 2 (Ethernet), flags 4 (varying length), rlen, lctr, wlen, then 2 pad bytes
    frame = ether(p, 0x0800)
    rlen = 16 + 2 + len(frame)
    return struct.pack("<Q", 0) + struct.pack("!BBHHH", 2, 4, rlen, 0, len(frame)) + b"\0\0" + frame


LINK_TYPES = [
    # name, LINKTYPE_ value, wrapper of an inner IPv4 packet
    ("fddi", 10, lambda p: bytes([0x50]) + MAC_B + MAC_A + SNAP_IP + struct.pack("!H", 0x0800) + p),
    ("token-ring", 6, lambda p: bytes([0x10, 0x40]) + MAC_B + MAC_A + SNAP_IP + struct.pack("!H", 0x0800) + p),
    ("ieee802-11", 105, lambda p: dot11(p)),
    ("ieee802-11-radiotap", 127, lambda p: radiotap(dot11(p, qos=True))),
    ("ieee802-11-prism", 119, lambda p: prism(dot11(p))),
    ("ieee802-11-avs", 163, lambda p: avs(dot11(p))),
    ("ppi", 192, lambda p: ppi(dot11(p))),
    ("ip-over-fc", 122, lambda p: bytes(16) + SNAP_IP + struct.pack("!H", 0x0800) + p),
    ("atm-rfc1483", 100, lambda p: SNAP_IP + struct.pack("!H", 0x0800) + p),
    ("sunatm", 123, lambda p: bytes([0x02, 0, 0, 32]) + SNAP_IP + struct.pack("!H", 0x0800) + p),
    ("c-hdlc", 104, lambda p: bytes([0x0F, 0x00]) + struct.pack("!H", 0x0800) + p),
    ("ppp-hdlc", 50, lambda p: bytes([0xFF, 0x03, 0x00, 0x21]) + p),
    ("frame-relay", 107, lambda p: bytes([0x18, 0x41, 0x03, 0xCC]) + p),
    ("pflog", 117, lambda p: bytes([61, 2]) + bytes(62) + p),
    ("enc", 109, lambda p: struct.pack("<III", 2, 0x1000, 0) + p),
    ("ipnet", 226, lambda p: struct.pack("!BBHIIIII", 2, 2, 0, len(p), 1, 0, 0, 0) + p),
    ("ieee1394", 138, lambda p: bytes(16) + struct.pack("!H", 0x0800) + p),
    ("erf", 197, erf),
    # PKTAP: pth_length 108, pth_type_next 1 (a packet), pth_dlt 1 (Ethernet), the rest zeros
    ("pktap", 258, lambda p: struct.pack("<III", 108, 1, 1) + bytes(96) + ether(p, 0x0800)),
]


def write_pcap(path, linktype, records):
    with open(path, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, linktype))
        for when, frame in records:
            seconds = int(when)
            micros = int(round((when - seconds) * 1_000_000))
            out.write(struct.pack("<IIII", seconds, micros, len(frame), len(frame)) + frame)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        sys.exit(2)
    inner, outdir = sys.argv[1], sys.argv[2]
    conversations = inner_conversations(inner)
    records, time = [], None
    for index, (_name, wrap) in enumerate(tunnels(conversations)):
        for when, packet in ip_packets(conversations, index):
            time = float(when) if time is None else max(time + 0.000001, float(when) + index)
            records.append((time, wrap(packet)))
    write_pcap(os.path.join(outdir, "tunnels-mobile.pcap"), 1, records)
    for index, (name, linktype, wrap) in enumerate(LINK_TYPES, start=len(tunnels(conversations))):
        records = [(float(when), wrap(packet)) for when, packet in ip_packets(conversations, index)]
        write_pcap(os.path.join(outdir, f"link-{name}.pcap"), linktype, records)
    first = len(tunnels(conversations)) + len(LINK_TYPES)
    records, time = [], None
    for index, (_name, wrap) in enumerate(AYIYA, start=first):
        for when, packet in ip_packets(conversations, index):
            time = float(when) if time is None else max(time + 0.000001, float(when) + index)
            records.append((time, wrap(packet)))
    write_pcap(os.path.join(outdir, "tunnels-ayiya.pcap"), 1, records)


if __name__ == "__main__":
    main()
