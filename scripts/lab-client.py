#!/usr/bin/env python3
"""lab-client.py - client requests for the namespace lab that no stock tool sends (run inside bw-cli).

    lab-client.py native SERVER            Kaspersky native protocol (libprotoident match_kaspersky):
                                           TCP SERVER:443 with KS\\0\\0..., KE\\0\\0... and the 2-byte
                                           payload "PI" (read as PI\\0\\0), each on its own connection,
                                           then two UDP datagrams KS\\0\\0... to SERVER:2001
    lab-client.py send tcp|udp HOST PORT TEXT
                                           one connection (or datagram) carrying TEXT (Python escapes
                                           such as \\r\\n are decoded), waits up to a second for an answer
    lab-client.py ech HOST PORT OUTER_SNI  a TLS 1.3 ClientHello with an outer encrypted_client_hello
                                           extension (draft-ietf-tls-esni-22 s5, type 0xfe0d) and the
                                           public name OUTER_SNI as server_name
    lab-client.py doh-query NAME           print the base64url DNS query for NAME/A (RFC 8484 s4.1)

Only the standard library.
"""
import base64
import os
import socket
import struct
import sys

# An answer in the lab comes within milliseconds; a second covers a loaded machine.
ANSWER_TIMEOUT_SECONDS = 1.0
READ_SIZE = 65535

NATIVE_TCP_PAYLOADS = (
    b"KS\x00\x00" + bytes.fromhex("0100000c4b534e2d75726c2d70696e67"),
    b"KE\x00\x00" + bytes.fromhex("02000008deadbeef"),
    b"PI",
)
NATIVE_UDP_PAYLOADS = (
    b"KS\x00\x00" + bytes.fromhex("0300000801020304"),
    b"KS\x00\x00" + bytes.fromhex("0300000805060708"),
)


def family_of(host):
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def read_answer(sock):
    sock.settimeout(ANSWER_TIMEOUT_SECONDS)
    try:
        return sock.recv(READ_SIZE)
    except (socket.timeout, ConnectionError):
        return b""


def tcp_exchange(host, port, payload):
    with socket.create_connection((host, port), timeout=ANSWER_TIMEOUT_SECONDS) as sock:
        sock.sendall(payload)
        answer = read_answer(sock)
        sock.shutdown(socket.SHUT_WR)
        return answer


def udp_exchange(host, port, payload):
    with socket.socket(family_of(host), socket.SOCK_DGRAM) as sock:
        sock.sendto(payload, (host, port))
        return read_answer(sock)


def native(server):
    for payload in NATIVE_TCP_PAYLOADS:
        answer = tcp_exchange(server, 443, payload)
        print(f"tcp {server}:443 sent {payload[:4]!r}+{len(payload) - 4} answer {answer!r}")
    for payload in NATIVE_UDP_PAYLOADS:
        answer = udp_exchange(server, 2001, payload)
        print(f"udp {server}:2001 sent {payload[:4]!r}+{len(payload) - 4} answer {answer!r}")


def vector(length_bytes, body):
    return len(body).to_bytes(length_bytes, "big") + body


def extension(ext_type, body):
    return struct.pack("!H", ext_type) + vector(2, body)


def ech_client_hello(outer_sni):
    """A minimal TLS 1.3 ClientHello (RFC 8446 s4.1.2) carrying an outer ECH extension."""
    name = outer_sni.encode("ascii")
    extensions = b"".join(
        (
            # server_name: one host_name entry (RFC 6066 s3)
            extension(0x0000, vector(2, b"\x00" + vector(2, name))),
            # supported_groups: x25519, secp256r1 (RFC 8446 s4.2.7)
            extension(0x000A, vector(2, bytes.fromhex("001d0017"))),
            # signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256 (s4.2.3)
            extension(0x000D, vector(2, bytes.fromhex("040308040401"))),
            # supported_versions: TLS 1.3 only (RFC 8446 s4.2.1)
            extension(0x002B, vector(1, bytes.fromhex("0304"))),
            # psk_key_exchange_modes: psk_dhe_ke (s4.2.9)
            extension(0x002D, vector(1, b"\x01")),
            # key_share: one x25519 share of 32 bytes (s4.2.8)
            extension(0x0033, vector(2, bytes.fromhex("001d") + vector(2, os.urandom(32)))),
            # encrypted_client_hello, outer form (draft-ietf-tls-esni-22 s5): type 0 = outer,
            # HPKE suite HKDF-SHA256 (0x0001) / AES-128-GCM (0x0001), config_id, enc (an x25519
            # public key, 32 bytes) and the sealed inner hello (here 223 bytes + 16-byte tag)
            extension(
                0xFE0D,
                b"\x00"
                + bytes.fromhex("00010001")
                + os.urandom(1)
                + vector(2, os.urandom(32))
                + vector(2, os.urandom(239)),
            ),
        )
    )
    body = (
        b"\x03\x03"  # legacy_version TLS 1.2 (RFC 8446 s4.1.2)
        + os.urandom(32)
        + vector(1, os.urandom(32))  # legacy_session_id (middlebox compatibility, s D.4)
        + vector(2, bytes.fromhex("130113021303"))
        + vector(1, b"\x00")  # legacy_compression_methods: null only
        + vector(2, extensions)
    )
    handshake = b"\x01" + vector(3, body)
    return b"\x16\x03\x01" + vector(2, handshake)


def ech(host, port, outer_sni):
    answer = tcp_exchange(host, port, ech_client_hello(outer_sni))
    print(f"ech {host}:{port} outer SNI {outer_sni}: {len(answer)} bytes back")


def doh_query(name):
    # RFC 8484 s4.1: use DNS ID 0 in DoH to favour HTTP caching.
    header = struct.pack("!HHHHHH", 0, 0x0100, 1, 0, 0, 0)
    qname = b"".join(vector(1, label.encode("ascii")) for label in name.rstrip(".").split(".")) + b"\x00"
    wire = header + qname + struct.pack("!HH", 1, 1)
    return base64.urlsafe_b64encode(wire).rstrip(b"=").decode("ascii")


def main(argv):
    if len(argv) >= 3 and argv[1] == "native":
        native(argv[2])
    elif len(argv) == 6 and argv[1] == "send":
        payload = argv[5].encode("latin-1").decode("unicode_escape").encode("latin-1")
        exchange = tcp_exchange if argv[2] == "tcp" else udp_exchange
        answer = exchange(argv[3], int(argv[4]), payload)
        print(f"{argv[2]} {argv[3]}:{argv[4]} sent {len(payload)} bytes, answer {answer!r}")
    elif len(argv) == 5 and argv[1] == "ech":
        ech(argv[2], int(argv[3]), argv[4])
    elif len(argv) == 3 and argv[1] == "doh-query":
        print(doh_query(argv[2]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
