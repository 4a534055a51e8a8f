#!/usr/bin/env python3
"""Write a deterministic tap-like capture (classic pcap) and the list of names it carries.

banwatch's benchmark input. Python 3.9+ standard library only; the same --seed and --packets always give
the same bytes. The packet mix imitates what a sensor on an egress tap sees:

  ~85 %  bulk TCP on established flows: mostly server->client full-MSS TLS application data from port 443
         (a valid sequence of 16 KiB records), some port-80 HTTP response bodies, client pure ACKs and small
         client records
  ~5 %   DNS over UDP: queries and responses (A/AAAA, CNAME chains, NXDOMAIN with SOA, NODATA, some
         unanswered), some for Kaspersky names
  ~3 %   TLS ClientHellos to port 443 (TLS 1.2 and TLS 1.3 shapes, all with SNI); 20 % of them are ~1.8 KB
         post-quantum hellos (X25519MLKEM768 key share, ECH GREASE) split over two TCP segments with the SNI
         wholly in the second
  ~1 %   HTTP/1.1 GETs with a Host header (some Kaspersky update hosts and paths)
  rest   SYN / SYN-ACK / ACK of new flows, FIN exchanges of finished flows, a little ARP and ICMP echo
  ~10 %  of all packets are IPv6, ~12 % carry an 802.1Q tag

Timestamps increase monotonically over a window centred on --center (default 2024-09-29T04:00:00Z, the
moment Kaspersky updates became prohibited in the US), so half the traffic falls on each side of it. All
lengths are consistent; IPv4 header, TCP, UDP and ICMP checksums are correct.

Next to OUT it writes OUT.truth.tsv, one line per name a complete monitor must report:

  frame  kind  time  src  dst  sport  dport  name  detail

frame is 1-based (as tshark numbers frames); kind is dns_query, dns_answer (one line per DNS response,
name = its question name, detail = rcode and the A/AAAA/CNAME answer records), tls_sni (for a split hello,
the frame of the second segment, where the hello completes) or http_host; time is the frame's capture time
in epoch seconds with microseconds; addresses are in RFC 5952 text form; names are lower case.

Usage: tapgen.py OUT [--packets N] [--seed S] [--center ISO8601] [--window-seconds W]
"""

import argparse
import datetime
import ipaddress
import random
import struct
import sys
import time
import zlib
from array import array
from itertools import accumulate

# --------------------------------------------------------------------------------------------------------------
# wire constants
# --------------------------------------------------------------------------------------------------------------
PCAP_HEADER = struct.pack('<IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1)  # microsecond pcap, LINKTYPE_ETHERNET
RECORD = struct.Struct('<IIII')
U16 = struct.Struct('!H')
IP4_PATCH = struct.Struct('!HH')           # total length, identification (at IPv4 offset 2)
TCP_PATCH = struct.Struct('!IIBBHH')       # seq, ack, data offset, flags, window, checksum (at TCP offset 4)
TS_PATCH = struct.Struct('!II')            # timestamp option TSval, TSecr (at TCP offset 24)
DNS_HEADER = struct.Struct('!HHHHHH')
DNS_RR = struct.Struct('!HHHIH')

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10
TCP_HEADER_LEN = 32                        # 20 bytes + NOP NOP Timestamp option, as Linux sends on established flows
MAX_FRAME = 1514 + 4
BUFFER_BYTES = 32 << 20                    # write in 32 MiB blocks: few system calls, bounded memory
MASK32 = 0xFFFFFFFF
GATEWAY_MAC = bytes.fromhex('00163e5a1c01')
VLAN_IDS = (10, 20, 120)

# --------------------------------------------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------------------------------------------
KASPERSKY_UPDATE = (['dnl-%02d.geo.kaspersky.com' % i for i in range(1, 21)]
                    + ['s%02d.upd.kaspersky.com' % i for i in range(20)]
                    + ['downloads.upd.kaspersky.com', 'cm.k.kaspersky-labs.com'])
KASPERSKY_OTHER = ['ksn-url-geo.kaspersky-labs.com', 'ksn-file-geo.kaspersky-labs.com',
                   'ksn-verdict-geo.kaspersky-labs.com', 'ksn-stat-geo.kaspersky-labs.com',
                   'ksn-a-stat-geo.kaspersky-labs.com', 'ksn-info-geo.kaspersky-labs.com',
                   'activation-v2.kaspersky.com', 'click.kaspersky.com', 'touch.kaspersky.com',
                   'opentip.kaspersky.com', 'ipm-provider.kaspersky.com', 'www.kaspersky.com',
                   'my.kaspersky.com', 'usa.kaspersky.com', 'kaspersky.com', 'kaspersky-labs.com']
KASPERSKY_NAMES = KASPERSKY_UPDATE + KASPERSKY_OTHER
KASPERSKY_HTTP_HOSTS = (['dnl-%02d.geo.kaspersky.com' % i for i in range(1, 21)]
                        + ['s%02d.upd.kaspersky.com' % i for i in range(0, 20, 3)]
                        + ['downloads.upd.kaspersky.com', 'touch.kaspersky.com'])
KASPERSKY_HTTP_PATHS = ('/updaters/updater.xml.klz', '/index/u1313g.xml.klz', '/index/u1313g.xml.dif',
                        '/bases/av/kdb/i386/kdb-i386-0607g.xml.klz', '/bases/av/emu/emu-0607g.xml.klz',
                        '/bases/blst/blst-0607g.xml.klz', '/diffs/bases/av/kdb/i386/kdb-i386-0607g.xml.klz')

# Popular names, most popular first (picked with a skew), and look-alikes a label-aligned matcher must not match.
COMMON_NAMES = """www.google.com google.com fonts.gstatic.com fonts.googleapis.com www.gstatic.com
update.googleapis.com safebrowsing.googleapis.com clients4.google.com play.googleapis.com www.youtube.com
i.ytimg.com rr2---sn-q4fl6nsk.googlevideo.com www.facebook.com graph.facebook.com static.xx.fbcdn.net
login.microsoftonline.com outlook.office365.com teams.microsoft.com settings-win.data.microsoft.com
ctldl.windowsupdate.com dl.delivery.mp.microsoft.com www.bing.com edge.microsoft.com
officecdn.microsoft.com www.msftconnecttest.com gateway.icloud.com mesu.apple.com www.apple.com
s3.amazonaws.com www.amazon.com cdn.jsdelivr.net cdnjs.cloudflare.com github.com api.github.com
objects.githubusercontent.com registry.npmjs.org pypi.org files.pythonhosted.org repo.maven.apache.org
deb.debian.org security.ubuntu.com archive.ubuntu.com en.wikipedia.org upload.wikimedia.org
www.linkedin.com slack.com zoom.us www.dropbox.com ocsp.digicert.com ocsp.pki.goog crl.globalsign.com
detectportal.firefox.com incoming.telemetry.mozilla.org api.stripe.com web.whatsapp.com
notkaspersky.com kaspersky.com.evil.example.net mykaspersky-labs.com kaspersky-labs.co
kasperskylabs.com.cdn.example.org""".split()

SYLLABLES = 'ka ne mo ri ta so lu vi pe da xo ze qu an el or im ul ba co fi gu ha jo ki ly ma no pa ra se'.split()
TLDS = ('com', 'net', 'org', 'io', 'de', 'co.uk', 'fr', 'nl', 'app', 'dev', 'cloud')
PREFIXES = ('www', 'api', 'cdn', 'static', 'img', 'm', 'app', 'edge', 'login', 'assets', 'media')


def made_up_names(rng, count):
    names = set()
    while len(names) < count:
        base = ''.join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        prefix = rng.choice(PREFIXES)
        if rng.random() < 0.3:
            prefix += str(rng.randint(1, 40))
        names.add('%s.%s.%s' % (prefix, base, rng.choice(TLDS)))
    return sorted(names)


def encode_name(name):
    """RFC 1035 section 3.1: a sequence of length-prefixed labels ending with the root's zero length."""
    return b''.join(bytes([len(label)]) + label.encode() for label in name.split('.')) + b'\x00'


def ip_text(address):
    return str(ipaddress.ip_address(address))


# --------------------------------------------------------------------------------------------------------------
# Internet checksum (RFC 1071). A big-endian integer of an even number of bytes is congruent, modulo 65535, to
# the sum of its 16-bit words (65536 = 1 mod 65535), so sums are kept as plain integers and reduced once.
# --------------------------------------------------------------------------------------------------------------
def word_sum(data):
    value = int.from_bytes(data, 'big')
    return value << 8 if len(data) & 1 else value


def checksum(total):
    """The checksum field for a non-zero sum: a residue of 0 means the folded sum is 0xffff, so the field is 0."""
    residue = total % 65535
    return 65535 - residue if residue else 0


def prefix_word_sums(pattern):
    words = array('H', pattern)
    if sys.byteorder == 'little':
        words.byteswap()
    return [0] + list(accumulate(words))


# --------------------------------------------------------------------------------------------------------------
# endpoints
# --------------------------------------------------------------------------------------------------------------
class Host:
    __slots__ = ('ip', 'mac', 'vlan', 'next_port')

    def __init__(self, ip, mac, vlan, next_port):
        self.ip, self.mac, self.vlan, self.next_port = ip, mac, vlan, next_port


class Path:
    """One direction between two addresses: the Ethernet (+802.1Q) header and the fixed part of the IP header."""

    __slots__ = ('eth', 'v6', 'src', 'dst', 'src_text', 'dst_text', 'ttl', 'ipid', 'flow_label', 'pseudo', 'vlan')

    def __init__(self, src_mac, dst_mac, vlan, src, dst, ttl, rng):
        self.v6 = len(src) == 16
        ethertype = b'\x86\xdd' if self.v6 else b'\x08\x00'
        tag = b'\x81\x00' + U16.pack(vlan) if vlan else b''
        self.eth = dst_mac + src_mac + tag + ethertype
        self.vlan = vlan
        self.src, self.dst = src, dst
        self.src_text, self.dst_text = ip_text(src), ip_text(dst)
        self.ttl = ttl
        self.ipid = rng.getrandbits(16)
        self.flow_label = rng.getrandbits(20)
        self.pseudo = word_sum(src + dst)  # RFC 793 / RFC 8200 section 8.1 pseudo-header addresses

    def ip_header(self, proto, l4_length):
        if self.v6:
            return struct.pack('!IHBB', 0x60000000 | self.flow_label, l4_length, proto, self.ttl) + self.src + self.dst
        total = 20 + l4_length
        ipid = self.ipid
        self.ipid = (ipid + 1) & 0xFFFF
        head = struct.pack('!BBHHHBB', 0x45, 0, total, ipid, 0x4000, self.ttl, proto)
        return head + U16.pack(checksum(word_sum(head) + self.pseudo)) + self.src + self.dst


class TcpSide:
    """One direction of a TCP connection with a prebuilt frame template whose variable fields are patched."""

    __slots__ = ('path', 'sport', 'dport', 'seq', 'tsval', 'window', 'peer', 'peer_acked', 'stream', 'template',
                 'ip_at', 'tcp_at', 'header_len', 'ip_fixed', 'tcp_fixed', 'v6')

    def __init__(self, path, sport, dport, window, rng):
        self.path, self.sport, self.dport, self.window = path, sport, dport, window
        self.v6 = path.v6
        self.seq = rng.getrandbits(32)
        self.tsval = rng.getrandbits(32)
        self.peer = None
        self.peer_acked = -1  # the last acknowledgement number this side sent
        self.stream = 0  # bytes this side has sent, for slicing its payload pattern
        ip = path.ip_header(6, 0)
        tcp = struct.pack('!HHIIBBHHHBBBBII', sport, dport, 0, 0, 0x80, 0, window, 0, 0, 1, 1, 8, 10, 0, 0)
        self.template = path.eth + ip + tcp
        self.ip_at = len(path.eth)
        self.tcp_at = self.ip_at + len(ip)
        self.header_len = len(self.template)
        # IPv4 header words that never change: version/IHL/TOS, flags/fragment offset, TTL/protocol, addresses
        self.ip_fixed = 0x4500 + 0x4000 + (path.ttl << 8 | 6) + path.pseudo
        # TCP words that never change, with the pseudo-header's addresses and protocol; the data offset byte
        # (0x80) is added with the flags
        self.tcp_fixed = path.pseudo + 6 + sport + dport + window + 0x0101 + 0x080A + 0x8000


class Flow:
    __slots__ = ('client', 'server', 'port')


# --------------------------------------------------------------------------------------------------------------
# generator
# --------------------------------------------------------------------------------------------------------------
class TapGenerator:
    TLS_POOL, TLS_ELEPHANTS = 1500, 40     # established flows; elephants carry half of all bulk data
    HTTP_POOL, HTTP_ELEPHANTS = 150, 4

    def __init__(self, out, packets, seed, center, window_seconds):
        self.rng = rng = random.Random(seed)
        self.target = packets
        self.frames = 0
        self.file = open(out, 'wb')
        self.buf = bytearray(BUFFER_BYTES + 2 * MAX_FRAME)
        self.buf[0:len(PCAP_HEADER)] = PCAP_HEADER
        self.pos = len(PCAP_HEADER)
        self.truth = open(out + '.truth.tsv', 'w', buffering=1 << 20)
        self.truth.write('frame\tkind\ttime\tsrc\tdst\tsport\tdport\tname\tdetail\n')
        self.stats = {}
        self.v6_frames = self.vlan_frames = self.frame_bytes = 0
        window_us = int(window_seconds * 1e6)
        self.t0 = int(center.timestamp()) * 1_000_000 - window_us // 2
        self.step = max(1, window_us // packets)
        self.last_us = self.t0

        self.names = made_up_names(rng, 3000)
        self.hosts4 = [self.new_host(bytes([10, 20, 1 + i // 200, 10 + i % 200]), rng) for i in range(400)]
        self.hosts6 = [self.new_host(bytes.fromhex('fd000020000000010000') + rng.randbytes(6), rng)
                       for i in range(60)]
        self.resolvers4 = [bytes([10, 20, 0, 53]), bytes([10, 20, 0, 54])]
        self.resolvers6 = [bytes.fromhex('fd000020000000000000000000000053')]

        # Server byte streams. TLS: back-to-back 16 KiB application_data records (RFC 8446 section 5.1), so a
        # dissector that follows records stays in step. HTTP: back-to-back keep-alive responses. Both patterns
        # have an even length and every segment an even size, so payload checksums come from prefix sums.
        record = b'\x17\x03\x03' + U16.pack(16401) + rng.randbytes(16401)
        head = (b'HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: application/octet-stream\r\n'
                b'Connection: keep-alive\r\nContent-Length: %d\r\n\r\n')
        body_len = 131072
        response = head % body_len
        if (len(response) + body_len) & 1:
            body_len += 1
            response = head % body_len
        response += rng.randbytes(body_len)
        self.tls_pattern = self.pattern(record)
        self.http_pattern = self.pattern(response)
        self.client_bytes = rng.randbytes(1 << 16)

        self.tls_pool = [self.new_flow(443, i % 10 == 3, None, i % 8 == 5) for i in range(self.TLS_ELEPHANTS)]
        self.tls_pool += [self.new_flow(443, rng.random() < 0.10, None)
                          for _ in range(self.TLS_POOL - self.TLS_ELEPHANTS)]
        self.http_pool = [self.new_flow(80, False, None, False) for _ in range(self.HTTP_ELEPHANTS)]
        self.http_pool += [self.new_flow(80, rng.random() < 0.10, None)
                           for _ in range(self.HTTP_POOL - self.HTTP_ELEPHANTS)]

    @staticmethod
    def pattern(unit):
        assert len(unit) % 2 == 0
        data = unit + unit[:2048]
        return memoryview(data), prefix_word_sums(data), len(unit)

    def new_host(self, ip, rng):
        mac = b'\x02' + rng.randbytes(5)
        vlan = rng.choice(VLAN_IDS) if rng.random() < 0.14 else 0
        return Host(ip, mac, vlan, rng.randint(32768, 40000))

    # ---------------- addresses (stable per name, so DNS answers and later flows agree) ----------------
    @staticmethod
    def server_ip4(name, k=0):
        h = zlib.crc32(('%s#%d' % (name, k)).encode())
        first = (23, 34, 45, 52, 77, 81, 91, 93, 104, 142, 151, 185, 195, 203)[h % 14]
        return bytes([first, (h >> 8) & 255, (h >> 16) & 255, 1 + (h >> 24) % 253])

    @staticmethod
    def server_ip6(name, k=0):
        h = zlib.crc32(('%s#%d' % (name, k)).encode())
        return bytes.fromhex('2a0200a0') + h.to_bytes(4, 'big') + bytes(6) + (k + 1).to_bytes(2, 'big')

    def pick_host(self, v6, vlan=None):
        """A random client; vlan True/False asks for a tagged/untagged one (the elephants get a fixed share)."""
        hosts = self.hosts6 if v6 else self.hosts4
        if vlan is not None:
            hosts = [h for h in hosts if bool(h.vlan) == vlan] or hosts
        return self.rng.choice(hosts)

    def new_flow(self, port, v6, name, vlan=None):
        rng = self.rng
        host = self.pick_host(v6, vlan)
        if name is None:
            name = 'bulk-%d.example.net' % rng.getrandbits(24)
        server = self.server_ip6(name) if v6 else self.server_ip4(name)
        cport = host.next_port
        host.next_port = cport + 1 if cport < 60999 else 32768
        flow = Flow()
        flow.port = port
        flow.client = TcpSide(Path(host.mac, GATEWAY_MAC, host.vlan, host.ip, server, 64, rng), cport, port,
                              rng.choice((501, 502, 1026, 2053)), rng)
        flow.server = TcpSide(Path(GATEWAY_MAC, host.mac, host.vlan, server, host.ip, rng.choice((52, 56, 58)),
                                   rng), port, cport, rng.choice((131, 235, 501, 8192)), rng)
        flow.client.peer, flow.server.peer = flow.server, flow.client
        return flow

    # ---------------- frames ----------------
    def next_time(self):
        us = self.t0 + self.frames * self.step + self.rng.randrange(self.step)
        if us <= self.last_us:
            us = self.last_us + 1
        self.last_us = us
        return us

    def count(self, category, path, length):
        self.frames += 1
        self.frame_bytes += length
        self.stats[category] = self.stats.get(category, 0) + 1
        if path is not None:
            if path.v6:
                self.v6_frames += 1
            if path.vlan:
                self.vlan_frames += 1
        if self.pos >= BUFFER_BYTES:
            self.file.write(memoryview(self.buf)[:self.pos])
            self.pos = 0
        return self.frames

    def emit(self, frame, category, path):
        """Appends a prebuilt frame (padded to Ethernet's 60-byte minimum); returns its frame number."""
        length = len(frame)
        if length < 60:
            frame += bytes(60 - length)
            length = 60
        us = self.next_time()
        pos = self.pos
        RECORD.pack_into(self.buf, pos, us // 1_000_000, us % 1_000_000, length, length)
        self.buf[pos + 16:pos + 16 + length] = frame
        self.pos = pos + 16 + length
        return self.count(category, path, length)

    def tcp(self, side, flags, payload, payload_sum, category):
        """One TCP segment from side: copies the side's template and patches lengths, numbers and checksums."""
        peer = side.peer
        size = len(payload)
        seq, tsval, tsecr = side.seq, side.tsval, peer.tsval
        ack = peer.seq if flags & ACK else 0
        side.peer_acked = ack
        tcp_len = TCP_HEADER_LEN + size
        # words congruent mod 65535: a 32-bit value stands for the sum of its two halves
        tcp_sum = side.tcp_fixed + tcp_len + seq + ack + flags + tsval + tsecr + payload_sum
        header_len = side.header_len
        length = header_len + size
        us = self.next_time()
        buf, pos = self.buf, self.pos
        RECORD.pack_into(buf, pos, us // 1_000_000, us % 1_000_000, length, length)
        at = pos + 16
        buf[at:at + header_len] = side.template
        ip_at = at + side.ip_at
        if side.v6:
            U16.pack_into(buf, ip_at + 4, tcp_len)
        else:
            path = side.path
            total, ipid = 20 + tcp_len, path.ipid
            path.ipid = (ipid + 1) & 0xFFFF
            IP4_PATCH.pack_into(buf, ip_at + 2, total, ipid)
            U16.pack_into(buf, ip_at + 10, checksum(side.ip_fixed + total + ipid))
        tcp_at = at + side.tcp_at
        TCP_PATCH.pack_into(buf, tcp_at + 4, seq, ack, 0x80, flags, side.window, checksum(tcp_sum))
        TS_PATCH.pack_into(buf, tcp_at + 24, tsval, tsecr)
        if size:
            buf[at + header_len:at + length] = payload
        self.pos = at + length
        side.seq = (seq + size + (1 if flags & FIN else 0)) & MASK32
        side.tsval = (tsval + 1) & MASK32
        return self.count(category, side.path, length)

    def tcp_bytes(self, side, flags, payload, category):
        return self.tcp(side, flags, payload, word_sum(payload), category)

    def syn(self, side, synack, category):
        """SYN or SYN-ACK with MSS, SACK-permitted, timestamps and window scale, as Linux sends them."""
        path, peer = side.path, side.peer
        flags = SYN | ACK if synack else SYN
        ack = peer.seq if synack else 0
        isn = (side.seq - 1) & MASK32  # the SYN consumes one sequence number (RFC 9293 section 3.4)
        mss = 1440 if path.v6 else 1460
        fields = [side.sport, side.dport, isn, ack, 0xA0, flags, 64240, 0, 0, 2, 4, mss, 4, 2, 8, 10, side.tsval,
                  peer.tsval if synack else 0, 1, 3, 3, 7]
        layout = struct.Struct('!HHIIBBHHHBBHBBBBIIBBBB')
        fields[7] = checksum(path.pseudo + 6 + 40 + word_sum(layout.pack(*fields)))
        side.tsval = (side.tsval + 1) & MASK32
        return self.emit(path.eth + path.ip_header(6, 40) + layout.pack(*fields), category, path)

    def udp(self, path, sport, dport, payload, category):
        length = 8 + len(payload)
        # RFC 768: a computed checksum of zero is sent as all ones, zero meaning "none"
        total = path.pseudo + 17 + length + sport + dport + length + word_sum(payload)
        field = 65535 - total % 65535
        header = struct.pack('!HHHH', sport, dport, length, field)
        return self.emit(path.eth + path.ip_header(17, length) + header + payload, category, path)

    def truth_row(self, frame, kind, path, sport, dport, name, detail):
        us = self.last_us
        self.truth.write('%d\t%s\t%d.%06d\t%s\t%s\t%d\t%d\t%s\t%s\n' % (
            frame, kind, us // 1_000_000, us % 1_000_000, path.src_text, path.dst_text, sport, dport, name,
            detail))

    # ---------------- names ----------------
    def pick_name(self, kaspersky_share, kaspersky_names):
        rng = self.rng
        r = rng.random()
        if r < kaspersky_share:
            return rng.choice(kaspersky_names)
        if r < kaspersky_share + (1 - kaspersky_share) * 0.55:
            return COMMON_NAMES[int(len(COMMON_NAMES) * rng.random() ** 2)]
        return rng.choice(self.names)

    # ---------------- events ----------------
    def bulk(self):
        rng = self.rng
        if rng.random() < 0.10:
            pool, elephants, (view, sums, period) = self.http_pool, self.HTTP_ELEPHANTS, self.http_pattern
        else:
            pool, elephants, (view, sums, period) = self.tls_pool, self.TLS_ELEPHANTS, self.tls_pattern
        if rng.random() < 0.5:
            flow = pool[rng.randrange(elephants)]
        else:
            flow = pool[rng.randrange(elephants, len(pool))]
        r = rng.random()
        if 0.78 <= r < 0.97 and flow.client.peer_acked == flow.server.seq:
            r = 0.0                                     # nothing new to acknowledge: the server sends instead
        if r < 0.74:                                    # server -> client, full MSS
            server = flow.server
            size = 1428 if server.v6 else 1448
            flags = ACK
        elif r < 0.78:                                  # server -> client, end of a burst
            server = flow.server
            size = rng.randrange(30, 700) * 2
            flags = ACK | PSH
        elif r < 0.97 or flow.port == 80:               # client pure ACK
            self.tcp(flow.client, ACK, b'', 0, 'bulk_ack')
            return
        else:                                           # client -> server small TLS record
            size = rng.randint(24, 600)
            at = rng.randrange(60000)
            record = b'\x17\x03\x03' + U16.pack(size) + self.client_bytes[at:at + size]
            self.tcp_bytes(flow.client, ACK | PSH, record, 'bulk_client')
            return
        at = server.stream % period
        server.stream += size
        self.tcp(server, flags, view[at:at + size], sums[(at + size) >> 1] - sums[at >> 1], 'bulk_data')

    def open_flow(self, flow):
        """The three-way handshake, which a tap sees for flows that start while it watches."""
        if self.rng.random() < 0.4:
            self.syn(flow.client, False, 'tcp_syn')
            self.syn(flow.server, True, 'tcp_syn')
            self.tcp(flow.client, ACK, b'', 0, 'tcp_syn')

    def retire(self, pool, elephants, flow):
        """Replaces a finished pool flow with flow; some finished flows close with a FIN exchange."""
        i = self.rng.randrange(elephants, len(pool))
        old = pool[i]
        pool[i] = flow
        if self.rng.random() < 0.25:
            self.tcp(old.client, FIN | ACK, b'', 0, 'tcp_fin')
            self.tcp(old.server, FIN | ACK, b'', 0, 'tcp_fin')

    def tls(self):
        rng = self.rng
        name = self.pick_name(0.15, KASPERSKY_NAMES)
        flow = self.new_flow(443, rng.random() < 0.10, name)
        self.open_flow(flow)
        client = flow.client
        big = rng.random() < 0.20
        style = 'tls13pq' if big else ('tls13' if rng.random() < 0.7 else 'tls12')
        hello, sni_at = client_hello(rng, name, style)
        if big:
            mss = 1428 if client.v6 else 1448
            assert sni_at >= mss, (sni_at, mss)
            first = self.tcp_bytes(client, ACK, hello[:mss], 'tls_hello')
            frame = self.tcp_bytes(client, ACK | PSH, hello[mss:], 'tls_hello')
            detail = '%s;len=%d;segments=%d+%d;first_frame=%d' % (style, len(hello), mss, len(hello) - mss, first)
        else:
            frame = self.tcp_bytes(client, ACK | PSH, hello, 'tls_hello')
            detail = '%s;len=%d' % (style, len(hello))
        self.truth_row(frame, 'tls_sni', client.path, client.sport, client.dport, name, detail)
        self.retire(self.tls_pool, self.TLS_ELEPHANTS, flow)

    def http(self):
        rng = self.rng
        if rng.random() < 0.30:
            host = rng.choice(KASPERSKY_HTTP_HOSTS)
            path = rng.choice(KASPERSKY_HTTP_PATHS)
            agent = 'Kaspersky Updater/11.0'
        else:
            host = self.pick_name(0.0, None)
            path = rng.choice(('/', '/index.html', '/favicon.ico', '/connecttest.txt', '/success.txt',
                               '/ubuntu/dists/noble/InRelease', '/static/app.js', '/api/v1/status'))
            agent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)'
        flow = self.new_flow(80, rng.random() < 0.10, host)
        self.open_flow(flow)
        request = ('GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n'
                   % (path, host, agent)).encode()
        client = flow.client
        frame = self.tcp_bytes(client, ACK | PSH, request, 'http_get')
        self.truth_row(frame, 'http_host', client.path, client.sport, client.dport, host, path)
        self.retire(self.http_pool, self.HTTP_ELEPHANTS, flow)

    def dns(self):
        rng = self.rng
        name = self.pick_name(0.15, KASPERSKY_NAMES)
        v6 = rng.random() < 0.10
        host = self.pick_host(v6)
        resolver = rng.choice(self.resolvers6 if v6 else self.resolvers4)
        sport = rng.randint(1024, 65535)
        ask = Path(host.mac, GATEWAY_MAC, host.vlan, host.ip, resolver, 64, rng)
        reply = Path(GATEWAY_MAC, host.mac, host.vlan, resolver, host.ip, 64, rng)
        r = rng.random()
        nxdomain = r < 0.05
        if nxdomain:
            name += '.corp.example.net'  # a search-list suffix the stub resolver tried first
        qtype = 1 if rng.random() < 0.6 else 28
        qid = rng.getrandbits(16)
        edns = b'\x00' + struct.pack('!HHIH', 41, 1232, 0, 0) if rng.random() < 0.5 else b''
        question = encode_name(name) + struct.pack('!HH', qtype, 1)
        query = DNS_HEADER.pack(qid, 0x0100, 1, 0, 0, 1 if edns else 0) + question + edns
        frame = self.udp(ask, sport, 53, query, 'dns')
        self.truth_row(frame, 'dns_query', ask, sport, 53, name, 'qtype=%s' % ('A' if qtype == 1 else 'AAAA'))
        if 0.05 <= r < 0.08:
            return                                       # no answer seen (lost, or answered by another path)
        (answers, authority, records), detail = self.dns_answer(name, qtype, nxdomain, question)
        header = DNS_HEADER.pack(qid, 0x8183 if nxdomain else 0x8180, 1, answers, authority, 1 if edns else 0)
        message = header + question + records + edns
        frame = self.udp(reply, 53, sport, message, 'dns')
        self.truth_row(frame, 'dns_answer', reply, 53, sport, name, detail)

    def dns_answer(self, name, qtype, nxdomain, question):
        """(ancount, nscount, record bytes) and the truth detail for a response to name."""
        rng = self.rng
        if nxdomain:
            zone = 'example.net'
            soa = (encode_name(zone) + b'\x00\x06\x00\x01' + struct.pack('!I', 900)
                   + U16.pack(len(encode_name('ns1.' + zone)) + len(encode_name('hostmaster.' + zone)) + 20)
                   + encode_name('ns1.' + zone) + encode_name('hostmaster.' + zone)
                   + struct.pack('!IIIII', 2024092901, 7200, 900, 1209600, 900))
            return (0, 1, soa), 'rcode=NXDOMAIN'
        if qtype == 28 and rng.random() < 0.15:
            return (0, 0, b''), 'rcode=NOERROR;answers='  # NODATA: the name has no AAAA
        records = bytearray()
        texts = []
        owner_name, owner_ptr = name, 0xC00C            # RFC 1035 section 4.1.4: the question name is at 12
        offset = 12 + len(question)
        if rng.random() < 0.35:
            for depth in range(rng.randint(1, 2)):
                target = (owner_name + '.edgekey.net' if depth == 0
                          else 'e%d.a.akamaiedge.net' % (zlib.crc32(name.encode()) % 9000))
                data = encode_name(target)
                records += DNS_RR.pack(owner_ptr, 5, 1, rng.choice((60, 300, 3600)), len(data))
                texts.append('CNAME:%s>%s' % (owner_name, target))
                owner_ptr = 0xC000 | (offset + len(records))
                records += data
                owner_name = target
        for k in range(rng.randint(1, 3)):
            data = self.server_ip4(name, k) if qtype == 1 else self.server_ip6(name, k)
            records += DNS_RR.pack(owner_ptr, qtype, 1, rng.choice((20, 60, 300)), len(data)) + data
            texts.append('%s:%s>%s' % ('A' if qtype == 1 else 'AAAA', owner_name, ip_text(data)))
        return (len(texts), 0, bytes(records)), 'rcode=NOERROR;answers=' + ','.join(texts)

    def misc(self):
        rng = self.rng
        host = self.pick_host(False)
        if rng.random() < 0.4:                           # ARP who-has the gateway (RFC 826)
            frame = (b'\xff' * 6 + host.mac + b'\x08\x06' + struct.pack('!HHBBH', 1, 0x0800, 6, 4, 1) + host.mac
                     + host.ip + bytes(6) + bytes([10, 20, 0, 1]))
            self.emit(frame, 'other', None)
            return
        target = self.server_ip4('ping.example.net')
        for path, kind in ((Path(host.mac, GATEWAY_MAC, host.vlan, host.ip, target, 64, rng), 8),
                           (Path(GATEWAY_MAC, host.mac, host.vlan, target, host.ip, 56, rng), 0)):
            ident_seq = struct.pack('!HH', 0x1234, self.frames & 0xFFFF)
            data = self.client_bytes[:56]
            field = checksum(word_sum(bytes([kind, 0]) + ident_seq + data))
            icmp = bytes([kind, 0]) + U16.pack(field) + ident_seq + data
            self.emit(path.eth + path.ip_header(1, len(icmp)) + icmp, 'other', path)

    def run(self):
        rng = self.rng
        # Event weights give packet shares near the targets: an event of e packets with packet share s gets
        # weight s/e (DNS: ~1.95 packets; a hello event: ~1.2 hello segments plus ~1.8 control packets).
        events = ((self.dns, 0.05 / 1.95), (self.tls, 0.03 / 1.2), (self.http, 0.01), (self.misc, 0.004 / 1.6))
        bulk_weight = 0.85
        total = bulk_weight + sum(w for _, w in events)
        cumulative, acc = [], bulk_weight / total
        bulk_cut = acc
        for event, weight in events:
            acc += weight / total
            cumulative.append((acc, event))
        bulk, target = self.bulk, self.target
        started = time.time()
        while self.frames < target:
            r = rng.random()
            if r < bulk_cut or target - self.frames < 8:   # leave room so the last event is never cut short
                bulk()
                continue
            for cut, event in cumulative:
                if r < cut:
                    event()
                    break
            else:
                bulk()
        self.file.write(memoryview(self.buf)[:self.pos])
        self.file.close()
        self.truth.close()
        return time.time() - started

    def report(self, out, seconds):
        n = self.frames
        print('%s: %d packets, %.1f MB, written in %.1f s' % (out, n, (24 + 16 * n + self.frame_bytes) / 1e6,
                                                              seconds), file=sys.stderr)
        for key in sorted(self.stats):
            print('  %-12s %9d  %5.2f%%' % (key, self.stats[key], 100.0 * self.stats[key] / n), file=sys.stderr)
        print('  %-12s %9d  %5.2f%%' % ('ipv6', self.v6_frames, 100.0 * self.v6_frames / n), file=sys.stderr)
        print('  %-12s %9d  %5.2f%%' % ('802.1q', self.vlan_frames, 100.0 * self.vlan_frames / n), file=sys.stderr)
        first = datetime.datetime.fromtimestamp(self.t0 / 1e6, datetime.timezone.utc)
        last = datetime.datetime.fromtimestamp(self.last_us / 1e6, datetime.timezone.utc)
        print('  time %s .. %s' % (first.isoformat(), last.isoformat()), file=sys.stderr)


# --------------------------------------------------------------------------------------------------------------
# TLS ClientHello (RFC 8446 section 4.1.2; RFC 5246 section 7.4.1.2 for the TLS 1.2 shape)
# --------------------------------------------------------------------------------------------------------------
def extension(kind, body):
    return U16.pack(kind) + U16.pack(len(body)) + body


def client_hello(rng, name, style):
    """A ClientHello record for name in one of three shapes, and the record offset of its SNI extension."""
    host = name.encode()
    # RFC 6066 section 3: server_name_list of one host_name entry
    sni = extension(0x0000, U16.pack(len(host) + 3) + b'\x00' + U16.pack(len(host)) + host)
    grease = 0x0A0A + 0x1010 * rng.randrange(16)         # RFC 8701 GREASE values
    alpn = extension(0x0010, b'\x00\x0c\x02h2\x08http/1.1')
    if style == 'tls12':
        suites = (0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0xC013, 0xC014, 0x009C, 0x009D, 0x002F, 0x0035,
                  0x00FF)
        session_id = b''
        before = [sni, extension(0x000B, b'\x01\x00'), extension(0x000A, struct.pack('!4H', 6, 0x1D, 0x17, 0x18)),
                  extension(0x0023, b''), alpn, extension(0x0016, b''), extension(0x0017, b''),
                  extension(0x000D, struct.pack('!9H', 16, 0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401,
                                                0x0501))]
        after = []
    else:
        suites = (grease, 0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0xC013, 0xC014,
                  0x009C, 0x009D, 0x002F, 0x0035)
        session_id = rng.randbytes(32)
        x25519 = struct.pack('!HH', 0x001D, 32) + rng.randbytes(32)
        if style == 'tls13pq':
            # draft-ietf-tls-ecdhe-mlkem: X25519MLKEM768 (0x11EC) share = ML-KEM-768 key (1184) + X25519 (32)
            hybrid = struct.pack('!HH', 0x11EC, 1216) + rng.randbytes(1216)
            groups = struct.pack('!6H', 10, grease, 0x11EC, 0x001D, 0x0017, 0x0018)
            shares = struct.pack('!HHB', grease, 1, 0) + hybrid + x25519
        else:
            groups = struct.pack('!5H', 8, grease, 0x001D, 0x0017, 0x0018)
            shares = struct.pack('!HHB', grease, 1, 0) + x25519
        before = [extension(grease, b''),
                  extension(0x002B, b'\x06' + struct.pack('!3H', grease, 0x0304, 0x0303)),
                  extension(0x000A, groups), extension(0x000B, b'\x01\x00'),
                  extension(0x000D, struct.pack('!9H', 16, 0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806,
                                                0x0601)),
                  extension(0x0033, U16.pack(len(shares)) + shares), extension(0x002D, b'\x01\x01'), alpn,
                  extension(0x0005, b'\x01\x00\x00\x00\x00'), extension(0x001B, b'\x02\x00\x02')]
        if style == 'tls13pq':
            # ECH GREASE (draft-ietf-tls-esni): outer hello, random config id, encapsulated key and payload
            payload = rng.randbytes(rng.choice((144, 176, 208, 240)))
            before.append(extension(0xFE0D, b'\x00' + struct.pack('!HHB', 1, 1, rng.getrandbits(8))
                                    + U16.pack(32) + rng.randbytes(32) + U16.pack(len(payload)) + payload))
        before += [extension(0x0017, b''), extension(0xFF01, b'\x00'), extension(0x0023, b'')]
        after = [extension(grease ^ 0x1010, b'\x00')]
    head = (b'\x03\x03' + rng.randbytes(32) + bytes([len(session_id)]) + session_id
            + U16.pack(2 * len(suites)) + struct.pack('!%dH' % len(suites), *suites) + b'\x01\x00')
    if style == 'tls12':
        extensions = before
        sni_index = 0
    else:
        extensions = before + [sni] + after
        sni_index = len(before)
    blob = b''.join(extensions)
    if style == 'tls13':
        # padding extension (RFC 7685) to a 517-byte record, as Chrome sends
        current = 5 + 4 + len(head) + 2 + len(blob)
        if current < 513:
            blob += extension(0x0015, bytes(517 - current - 4))
    body = head + U16.pack(len(blob)) + blob
    handshake = b'\x01' + len(body).to_bytes(3, 'big') + body
    record = b'\x16\x03\x01' + U16.pack(len(handshake)) + handshake
    sni_at = 5 + 4 + len(head) + 2 + sum(len(e) for e in extensions[:sni_index])
    assert record[sni_at:sni_at + 2] == b'\x00\x00'
    return record, sni_at


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('out', help='pcap file to write; the truth list goes to OUT.truth.tsv')
    parser.add_argument('--packets', '-n', type=int, default=2_000_000)
    parser.add_argument('--seed', type=int, default=20240929)
    parser.add_argument('--center', default='2024-09-29T04:00:00Z', help='middle of the time window (ISO 8601)')
    parser.add_argument('--window-seconds', type=float, default=7200.0, help='length of the time window')
    args = parser.parse_args()
    if args.packets < 1:
        parser.error('--packets must be at least 1')
    center = datetime.datetime.fromisoformat(args.center.replace('Z', '+00:00'))
    if center.tzinfo is None:
        center = center.replace(tzinfo=datetime.timezone.utc)
    generator = TapGenerator(args.out, args.packets, args.seed, center, args.window_seconds)
    generator.report(args.out, generator.run())


if __name__ == '__main__':
    main()
