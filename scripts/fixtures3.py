#!/usr/bin/python3
"""fixtures3.py - offline steps of scripts/make-fixtures-3.sh (needs scapy: Debian python3-scapy).

    fixtures3.py keep-quic IN OUT COUNT     keep the first COUNT client Initials of the first QUIC
                                            connection (by destination connection ID)
    fixtures3.py encapsulate INNER OUT      wrap the inner DNS query/answer, TLS ClientHello and HTTP
                                            GET of the VXLAN fixture INNER in GRE (key), ERSPAN II,
                                            ERSPAN III, Geneve, MPLS and QinQ
    fixtures3.py append-offline-dns PCAP    append DNS queries from the lab client to public resolvers
                                            (8.8.8.8, 1.1.1.1), built here, never sent
    fixtures3.py expected NAME PCAP OUT     check PCAP against what fixture NAME must contain and write
                                            its expected JSON to OUT

Frames are written as classic pcap, Ethernet link type, microsecond timestamps.
"""
import json
import sys

from scapy.all import DNS, DNSQR, IP, IPv6, TCP, UDP, Ether, Raw, rdpcap, wrpcap
from scapy.contrib.erspan import ERSPAN_II, ERSPAN_III
from scapy.contrib.geneve import GENEVE
from scapy.contrib.mpls import MPLS
from scapy.layers.inet import GRE
from scapy.layers.l2 import Dot1AD, Dot1Q
from scapy.layers.vxlan import VXLAN

LAB_SERVER = "10.77.0.1"
LAB_CLIENT = "10.77.0.2"
OUTER_SRC_MAC = "02:77:00:00:00:02"
OUTER_DST_MAC = "02:77:00:00:00:01"
# Outer (underlay) addresses of the built tunnels: lab addresses that no lab host uses.
OUTER_SRC = "10.77.0.21"
OUTER_DST = "10.77.0.22"
GRE_KEY = 1234
ERSPAN_II_SESSION = 10
ERSPAN_III_SESSION = 20
GENEVE_VNI = 77
MPLS_LABELS = (1100, 1200)
QINQ_OUTER_VLAN = 100
QINQ_INNER_VLAN = 200
# Each wrapping gets its own inner client ports (base + 1 DNS, + 2 TLS, + 3 HTTP), so that the six
# copies of the same conversation are six flows and not retransmissions of one.
INNER_PORT_BASE = 41000
INNER_PORT_STEP = 100
PUBLIC_RESOLVERS = ("8.8.8.8", "1.1.1.1")
OFFLINE_QUERY_NAME = "dnl-01.geo.kaspersky.com"
OFFLINE_QUERY_IDS = (0x4242, 0x4243)


def fail(message):
    sys.stderr.write(f"fixtures3: {message}\n")
    sys.exit(1)


def quic_dcid(udp_payload):
    """Destination connection ID of a QUIC long-header packet (RFC 9000 s17.2), or None."""
    if len(udp_payload) < 6 or not udp_payload[0] & 0x80:
        return None
    length = udp_payload[5]
    return bytes(udp_payload[6 : 6 + length])


def keep_quic(src, dst, count):
    kept, dcid = [], None
    for pkt in rdpcap(src):
        if UDP not in pkt or pkt[UDP].dport != 443:
            continue
        this = quic_dcid(bytes(pkt[UDP].payload))
        if this is None:
            continue
        dcid = dcid if dcid is not None else this
        if this == dcid:
            kept.append(pkt)
        if len(kept) == count:
            break
    if len(kept) < count:
        fail(f"{src}: only {len(kept)} client Initials of the first connection, wanted {count}")
    wrpcap(dst, kept)


def inner_conversations(path):
    """The inner frames of the VXLAN fixture: DNS query + answer, then SYN/SYN-ACK/ACK/first data of
    the TLS (443) and the HTTP (80) connection."""
    inner = [(pkt.time, pkt[VXLAN].payload) for pkt in rdpcap(path) if VXLAN in pkt]
    picked = []
    query = next((i for i in inner if UDP in i[1] and i[1][UDP].dport == 53), None)
    if query is None:
        fail(f"{path}: no inner DNS query")
    answer = next(
        (i for i in inner if UDP in i[1] and i[1][UDP].sport == 53 and i[1][DNS].id == query[1][DNS].id), None
    )
    if answer is None:
        fail(f"{path}: no inner DNS answer")
    picked.append(("dns", [query, answer]))
    for kind, port in (("tls", 443), ("http", 80)):
        syn = next((i for i in inner if TCP in i[1] and i[1][TCP].dport == port and i[1][TCP].flags == "S"), None)
        if syn is None:
            fail(f"{path}: no inner SYN to port {port}")
        client_port = syn[1][TCP].sport
        flow = [
            i for i in inner if TCP in i[1] and client_port in (i[1][TCP].sport, i[1][TCP].dport)
        ]
        synack = next(i for i in flow if i[1][TCP].flags == "SA")
        ack = next(i for i in flow if i[1][TCP].sport == client_port and i[1][TCP].flags == "A")
        data = next(i for i in flow if i[1][TCP].sport == client_port and len(i[1][TCP].payload) > 0)
        picked.append((kind, [syn, synack, ack, data]))
    return picked


def with_client_port(frame, kind, port):
    """A copy of an inner Ethernet frame with the client's port replaced and checksums recomputed."""
    copy = Ether(bytes(frame))
    layer = copy[UDP] if kind == "dns" else copy[TCP]
    if copy[IP].src == LAB_SERVER:
        layer.dport = port
    else:
        layer.sport = port
    del layer.chksum
    return Ether(bytes(copy))


def wrap(index, inner):
    """Wrapping number index around one inner Ethernet frame."""
    ip_packet = inner[IP]
    outer_ip = IP(src=OUTER_SRC, dst=OUTER_DST, ttl=64, id=0x7700 + index)
    eth = Ether(src=OUTER_SRC_MAC, dst=OUTER_DST_MAC)
    if index == 0:  # GRE with key, IPv4 payload (RFC 2890 s2.1)
        return eth / outer_ip / GRE(key_present=1, key=GRE_KEY, proto=0x0800) / ip_packet
    if index == 1:  # ERSPAN type II: GRE with sequence number, protocol 0x88be
        return (
            eth
            / outer_ip
            / GRE(seqnum_present=1, proto=0x88BE)
            / ERSPAN_II(ver=1, session_id=ERSPAN_II_SESSION, index=1)
            / inner
        )
    if index == 2:  # ERSPAN type III: protocol 0x22eb
        return (
            eth
            / outer_ip
            / GRE(seqnum_present=1, proto=0x22EB)
            / ERSPAN_III(ver=2, session_id=ERSPAN_III_SESSION, timestamp=0, o=0)
            / inner
        )
    if index == 3:  # Geneve (RFC 8926 s3.4) carrying Ethernet (protocol 0x6558)
        return eth / outer_ip / UDP(sport=49152, dport=6081) / GENEVE(vni=GENEVE_VNI, proto=0x6558) / inner
    if index == 4:  # MPLS, two labels, bottom of stack on the second (RFC 3032 s2.1)
        return (
            Ether(src=OUTER_SRC_MAC, dst=OUTER_DST_MAC, type=0x8847)
            / MPLS(label=MPLS_LABELS[0], s=0, ttl=64)
            / MPLS(label=MPLS_LABELS[1], s=1, ttl=64)
            / ip_packet
        )
    # QinQ: 802.1ad service tag, then 802.1Q customer tag
    return (
        Ether(src=OUTER_SRC_MAC, dst=OUTER_DST_MAC, type=0x88A8)
        / Dot1AD(vlan=QINQ_OUTER_VLAN, type=0x8100)
        / Dot1Q(vlan=QINQ_INNER_VLAN)
        / ip_packet
    )


def encapsulate(src, dst):
    conversations = inner_conversations(src)
    out, time = [], None
    for index in range(6):
        base = INNER_PORT_BASE + INNER_PORT_STEP * index
        for offset, (kind, frames) in enumerate(conversations, start=1):
            for when, frame in frames:
                time = when if time is None else max(time + 0.000001, when + index)
                pkt = Ether(bytes(wrap(index, with_client_port(frame, kind, base + offset))))
                pkt.time = time
                out.append(pkt)
    wrpcap(dst, out)


def append_offline_dns(path):
    frames = rdpcap(path)
    template = next(p for p in frames if IP in p and p[IP].src == LAB_CLIENT)
    time = frames[-1].time
    for n, (resolver, qid) in enumerate(zip(PUBLIC_RESOLVERS, OFFLINE_QUERY_IDS)):
        pkt = Ether(
            bytes(
                Ether(src=template[Ether].src, dst=template[Ether].dst)
                / IP(src=LAB_CLIENT, dst=resolver, ttl=64, id=0x5300 + n)
                / UDP(sport=53000 + n, dport=53)
                / DNS(id=qid, rd=1, qd=DNSQR(qname=OFFLINE_QUERY_NAME, qtype="A"))
            )
        )
        time += 0.01
        pkt.time = time
        frames.append(pkt)
    wrpcap(path, frames)


def payloads(frames, proto, dst, dport):
    """Client payloads (non-empty) sent to dst:dport over proto, in frame order."""
    layer = TCP if proto == "tcp" else UDP
    return [
        bytes(p[layer].payload)
        for p in frames
        if IP in p and p[IP].dst == dst and layer in p and p[layer].dport == dport and len(p[layer].payload)
    ]


def client_hello_has_sni(data):
    """True when a TLS record holding a ClientHello carries a server_name extension (RFC 6066 s3)."""
    if len(data) < 44 or data[0] != 0x16 or data[5] != 0x01:
        return None
    pos = 9 + 2 + 32
    pos += 1 + data[pos]
    pos += 2 + int.from_bytes(data[pos : pos + 2], "big")
    pos += 1 + data[pos]
    end = pos + 2 + int.from_bytes(data[pos : pos + 2], "big")
    pos += 2
    while pos + 4 <= end:
        ext_type = int.from_bytes(data[pos : pos + 2], "big")
        if ext_type == 0:
            return True
        pos += 4 + int.from_bytes(data[pos + 2 : pos + 4], "big")
    return False


def check(condition, message):
    if not condition:
        fail(message)


def expected(name, path):
    frames = rdpcap(path)
    builder = EXPECTED.get(name)
    if builder is None:
        fail(f"no expectations for {name}")
    return builder(frames)


def expect_quic(frames):
    check(all(UDP in p and p[UDP].dport == 443 for p in frames), "quic: a frame that is not a client Initial")
    dcids = {quic_dcid(bytes(p[UDP].payload)) for p in frames}
    check(len(dcids) == 1, "quic: more than one connection")
    return {
        "quic_sni": ["s07.upd.kaspersky.com"],
        "quic": {"version": "0x00000001", "client_initials": len(frames), "hello_initials": 2},
    }


def expect_dns_tcp(frames):
    streams = {}
    for p in frames:
        if TCP in p and p[TCP].dport == 53 and len(p[TCP].payload):
            streams.setdefault(p[TCP].sport, []).append(p)
    check(len(streams) == 4, f"dns-over-tcp: {len(streams)} client connections, wanted 4")
    return {
        "dns_tcp": {
            "connections": 4,
            "queries": [
                {"name": "s07.upd.kaspersky.com", "type": "A", "answers": 1},
                {"name": "dnl-pool.geo.kaspersky.com", "type": "A", "answers": 100, "answer_segments_min": 2},
                {"name": "dnl-01.geo.kaspersky.com", "type": "AAAA", "answers": 1},
                {"name": "ksn-url-geo.kaspersky-labs.com", "type": "A", "answers": 1, "connection": "shared"},
                {"name": "activation-v2.kaspersky.com", "type": "A", "answers": 1, "connection": "shared"},
                {"name": "touch.kaspersky.com", "type": "A", "answers": 1, "connection": "shared"},
            ],
            "queries_on_shared_connection": 3,
        }
    }


def expect_fragments(frames):
    v4 = [p for p in frames if IP in p and (p[IP].flags.MF or p[IP].frag)]
    v6 = [p for p in frames if IPv6 in p and p[IPv6].nh == 44]
    v4_tcp = [p for p in v4 if p[IP].proto == 6]
    v4_udp = [p for p in v4 if p[IP].proto == 17]
    check(len(v4_udp) >= 2 and len(v6) >= 2 and len(v4_tcp) >= 2, "ip-fragments: fragments missing")
    first_tcp = [bytes(p[IP].payload) for p in v4_tcp if p[IP].frag == 0]
    check(first_tcp and b"\r\nHost:" not in first_tcp[0], "ip-fragments: Host header in the first TCP fragment")
    return {
        "fragments": {
            "ipv4_udp_dns_answer": {
                "src": LAB_SERVER,
                "dst": LAB_CLIENT,
                "name": "dnl-pool.geo.kaspersky.com",
                "type": "A",
                "answers": 100,
                "fragments": len(v4_udp),
            },
            "ipv6_udp_dns_answer": {
                "src": "fd77::1",
                "dst": "fd77::2",
                "name": "dnl-pool.geo.kaspersky.com",
                "type": "AAAA",
                "answers": 100,
                "fragments": len(v6),
            },
            "ipv4_tcp_http_request": {
                "src": "10.77.0.66",
                "dst": LAB_SERVER,
                "dst_port": 80,
                "host": "dnl-01.geo.kaspersky.com",
                "fragments": len(v4_tcp),
                "host_in_fragment": "last",
            },
        }
    }


def expect_vxlan(frames):
    inner = [p[VXLAN] for p in frames if VXLAN in p]
    check(inner and all(v.vni == 42 for v in inner), "vxlan: no frames with VNI 42")
    return {
        "tunnel": {"type": "vxlan", "vni": 42, "udp_port": 4789, "outer_src": LAB_CLIENT, "outer_dst": "10.77.0.11"},
        "inner": {"client": "10.77.0.202", "server": LAB_SERVER},
        "dns_query": ["s07.upd.kaspersky.com"],
        "tls_sni": ["s07.upd.kaspersky.com"],
        "http": [{"host": "dnl-01.geo.kaspersky.com", "path": "/updaters/updater.xml.klz"}],
    }


def expect_encapsulated(frames):
    check(len(frames) == 6 * 10, f"gre-erspan-geneve-mpls: {len(frames)} frames, wanted 60")
    wrappings = [
        {"type": "gre", "gre_key": GRE_KEY, "inner": "ipv4"},
        {"type": "erspan_ii", "session_id": ERSPAN_II_SESSION, "inner": "ethernet"},
        {"type": "erspan_iii", "session_id": ERSPAN_III_SESSION, "inner": "ethernet"},
        {"type": "geneve", "vni": GENEVE_VNI, "udp_port": 6081, "inner": "ethernet"},
        {"type": "mpls", "labels": list(MPLS_LABELS), "inner": "ipv4"},
        {"type": "qinq", "vlan_outer": QINQ_OUTER_VLAN, "vlan_inner": QINQ_INNER_VLAN, "inner": "ipv4"},
    ]
    for index, wrapping in enumerate(wrappings):
        base = INNER_PORT_BASE + INNER_PORT_STEP * index
        wrapping.update(
            {
                "frames": [index * 10 + 1, index * 10 + 10],
                "dns_query": {"name": "s07.upd.kaspersky.com", "src_port": base + 1},
                "tls_sni": {"name": "s07.upd.kaspersky.com", "src_port": base + 2},
                "http": {"host": "dnl-01.geo.kaspersky.com", "path": "/updaters/updater.xml.klz", "src_port": base + 3},
            }
        )
    return {
        "outer": {"src": OUTER_SRC, "dst": OUTER_DST},
        "inner": {"client": "10.77.0.202", "server": LAB_SERVER},
        "encapsulations": wrappings,
        "vlan": QINQ_OUTER_VLAN,  # network.vlan.id is the outermost tag
    }


def expect_native(frames):
    tcp = payloads(frames, "tcp", LAB_SERVER, 443)
    udp = payloads(frames, "udp", LAB_SERVER, 2001)
    check([d[:4] for d in tcp] == [b"KS\x00\x00", b"KE\x00\x00", b"PI"], f"kaspersky-native: TCP payloads {tcp}")
    check([d[:4] for d in udp] == [b"KS\x00\x00"] * 2, f"kaspersky-native: UDP payloads {udp}")
    answers = [bytes(p[TCP].payload) for p in frames if TCP in p and p[TCP].sport == 443 and len(p[TCP].payload)]
    check([a[:4] for a in answers] == [b"KS\x00\x00", b"KE\x00\x00", b"PI"], f"kaspersky-native: answers {answers}")
    entry = lambda transport, port, sig, data: {  # noqa: E731
        "transport": transport,
        "dst": LAB_SERVER,
        "dst_port": port,
        "signature": sig,
        "client_payload_len": len(data),
        "server_answers": True,
    }
    return {
        "kaspersky_native": [
            entry("tcp", 443, "KS", tcp[0]),
            entry("tcp", 443, "KE", tcp[1]),
            entry("tcp", 443, "PI", tcp[2]),
            entry("udp", 2001, "KS", udp[0]),
            entry("udp", 2001, "KS", udp[1]),
        ],
        "tls_sni": [],
    }


KSC_PORTS = (
    ("tcp", 13000, "klserver: Network Agent connections (TLS)", True),
    ("tcp", 14000, "klserver: legacy Network Agent connections", False),
    ("tcp", 13291, "klserver: Administration Console", False),
    ("tcp", 13111, "ksnproxy: KSN proxy", False),
    ("tcp", 17000, "klactprx: Activation Proxy", False),
    ("udp", 15000, "klnagent: connection requests", False),
    ("udp", 15111, "ksnproxy: KSN proxy (UDP)", False),
)


def answered(frames, proto, server, port):
    """Whether the service answered from its port: a SYN-ACK for TCP, any datagram back for UDP."""
    layer = TCP if proto == "tcp" else UDP
    for p in frames:
        if IP in p and p[IP].src == server and layer in p and p[layer].sport == port:
            if proto == "udp" or (int(p[TCP].flags) & 0x12) == 0x12:
                return True
    return False


def expect_ksc(frames):
    out = []
    for transport, port, service, tls in KSC_PORTS:
        data = payloads(frames, transport, LAB_SERVER, port)
        check(data, f"ksc-ports: nothing sent to {transport}/{port}")
        if tls:
            check(client_hello_has_sni(data[0]) is False, "ksc-ports: 13000 hello missing or with SNI")
        out.append({"transport": transport, "dst": LAB_SERVER, "dst_port": port, "service": service, "tls": tls,
                    "answered": answered(frames, transport, LAB_SERVER, port)})
    return {"ksc": out, "tls_sni": []}


def expect_nameless(frames):
    hello = payloads(frames, "tcp", LAB_SERVER, 443)
    check(hello and client_hello_has_sni(hello[0]) is False, "nameless-attributed: no hello without SNI on 443")
    check(payloads(frames, "tcp", LAB_SERVER, 8443), "nameless-attributed: nothing on 8443")
    check(payloads(frames, "udp", LAB_SERVER, 7000), "nameless-attributed: nothing on udp/7000")
    name = "ksn-url-geo.kaspersky-labs.com"
    return {
        "dns_answer": [{"name": name, "type": "A", "data": LAB_SERVER}],
        "attributed": [
            {"transport": "tcp", "dst": LAB_SERVER, "port": 443, "protocol": "tls", "name": name},
            {"transport": "tcp", "dst": LAB_SERVER, "port": 8443, "protocol": "unknown", "name": name},
            {"transport": "udp", "dst": LAB_SERVER, "port": 7000, "protocol": "unknown", "name": name},
        ],
        "tls_sni": [],
    }


def expect_blind(frames):
    check(payloads(frames, "tcp", LAB_SERVER, 853), "blind-spots: no DoT bytes on 853")
    check(payloads(frames, "udp", "10.77.0.53", 53), "blind-spots: no query to 10.77.0.53")
    for resolver in PUBLIC_RESOLVERS:
        check(payloads(frames, "udp", resolver, 53), f"blind-spots: no query to {resolver}")
    hellos = [d for d in payloads(frames, "tcp", LAB_SERVER, 443) if d[:1] == b"\x16"]
    check(any(b"\xfe\x0d" in d and b"cloudflare-ech.com" in d for d in hellos), "blind-spots: no ECH hello")
    doh = [d for d in hellos if b"dns.google" in d]
    check(len(doh) == 1, f"blind-spots: {len(doh)} DoH hellos, wanted 1")
    return {
        "internal_resolvers": [LAB_SERVER, "fd77::1"],
        "blind_spots": {"dns_over_tls": 1, "dns_over_https": 2, "ech": 1, "external_resolver": 3},
        "dns_over_tls": [{"dst": LAB_SERVER, "dst_port": 853}],
        "dns_over_https": [
            {"via": "tls", "dst": LAB_SERVER, "dst_port": 443, "sni": "dns.google"},
            {"via": "http", "dst": LAB_SERVER, "dst_port": 80, "host": "dns.google", "path": "/dns-query",
             "query_name": "s07.upd.kaspersky.com"},
        ],
        "ech": [{"dst": LAB_SERVER, "dst_port": 443, "outer_sni": "cloudflare-ech.com", "ech_type": "outer"}],
        "external_resolver": [
            {"dst": "10.77.0.53", "query_name": "s07.upd.kaspersky.com", "recorded": True},
            {"dst": "8.8.8.8", "query_name": OFFLINE_QUERY_NAME, "recorded": False},
            {"dst": "1.1.1.1", "query_name": OFFLINE_QUERY_NAME, "recorded": False},
        ],
    }


EXPECTED = {
    "quic-chromium": expect_quic,
    "dns-over-tcp": expect_dns_tcp,
    "ip-fragments": expect_fragments,
    "vxlan": expect_vxlan,
    "gre-erspan-geneve-mpls": expect_encapsulated,
    "kaspersky-native": expect_native,
    "ksc-ports": expect_ksc,
    "nameless-attributed": expect_nameless,
    "blind-spots": expect_blind,
}


def main(argv):
    if len(argv) == 5 and argv[1] == "keep-quic":
        keep_quic(argv[2], argv[3], int(argv[4]))
    elif len(argv) == 4 and argv[1] == "encapsulate":
        encapsulate(argv[2], argv[3])
    elif len(argv) == 3 and argv[1] == "append-offline-dns":
        append_offline_dns(argv[2])
    elif len(argv) == 5 and argv[1] == "expected":
        result = {"fixture": argv[2] + ".pcap"}
        result.update(expected(argv[2], argv[3]))
        with open(argv[4], "w") as out:
            json.dump(result, out, indent=2)
            out.write("\n")
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
