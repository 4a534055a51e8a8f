package io.banwatch.decode;

import java.io.ByteArrayOutputStream;

/** Builds test frames byte by byte from the RFC header layouts; checksums are left at zero (never verified). */
final class Frames {

    static final byte[] CLIENT4 = {10, 0, 0, 1};
    static final byte[] SERVER4 = {(byte) 192, 0, 2, 53};
    static final byte[] CLIENT6 = address6(0x2001, 0x0db8, 0, 0, 0, 0, 0, 1);
    static final byte[] SERVER6 = address6(0x2001, 0x0db8, 0, 0, 0, 0, 0, 0x53);
    static final byte[] OUTER_A4 = {(byte) 198, 51, 100, 1};
    static final byte[] OUTER_B4 = {(byte) 198, 51, 100, 2};
    static final byte[] OUTER_A6 = address6(0x2001, 0x0db8, 0xffff, 0, 0, 0, 0, 1);
    static final byte[] OUTER_B6 = address6(0x2001, 0x0db8, 0xffff, 0, 0, 0, 0, 2);

    static final int TCP = 6;
    static final int UDP = 17;
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86dd;

    private Frames() {}

    /** A growable big-endian byte writer. */
    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Writer u8(int value) {
            bytes.write(value);
            return this;
        }

        Writer u16(int value) {
            return u8(value >>> 8).u8(value);
        }

        Writer u16le(int value) {
            return u8(value).u8(value >>> 8);
        }

        Writer u24(int value) {
            return u8(value >>> 16).u16(value);
        }

        Writer u32(long value) {
            return u16((int) (value >>> 16)).u16((int) value);
        }

        Writer bytes(byte[] value) {
            bytes.writeBytes(value);
            return this;
        }

        Writer zeros(int count) {
            return bytes(new byte[count]);
        }

        byte[] build() {
            return bytes.toByteArray();
        }
    }

    static Writer writer() {
        return new Writer();
    }

    static byte[] concat(byte[]... parts) {
        Writer writer = new Writer();
        for (byte[] part : parts) {
            writer.bytes(part);
        }
        return writer.build();
    }

    static byte[] address6(int... groups) {
        Writer writer = new Writer();
        for (int group : groups) {
            writer.u16(group);
        }
        return writer.build();
    }

    static byte[] text(String value) {
        return value.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Ethernet II: destination, source, then the VLAN tags (TPID, VID pairs) and the EtherType. */
    static byte[] ethernet(int etherType, byte[] payload, int... tags) {
        Writer writer = writer().bytes(new byte[] {0x02, 0, 0, 0, 0, 0x02}).bytes(new byte[] {0x02, 0, 0, 0, 0, 0x01});
        for (int i = 0; i + 1 < tags.length; i += 2) {
            writer.u16(tags[i]).u16(0x2000 | tags[i + 1]);
        }
        return writer.u16(etherType).bytes(payload).build();
    }

    /** IPv4 without options, not fragmented. */
    static byte[] ipv4(byte[] source, byte[] destination, int protocol, byte[] payload) {
        return ipv4(source, destination, protocol, 0x1234, 0, new byte[0], payload);
    }

    /** IPv4 (RFC 791 section 3.1) with the flags/fragment-offset word and options given. */
    static byte[] ipv4(
            byte[] source,
            byte[] destination,
            int protocol,
            int identification,
            int flagsAndOffset,
            byte[] options,
            byte[] payload) {
        int headerLength = 20 + options.length;
        return writer().u8(0x40 | headerLength / 4)
                .u8(0)
                .u16(headerLength + payload.length)
                .u16(identification)
                .u16(flagsAndOffset)
                .u8(64)
                .u8(protocol)
                .u16(0)
                .bytes(source)
                .bytes(destination)
                .bytes(options)
                .bytes(payload)
                .build();
    }

    /** IPv6 (RFC 8200 section 3); {@code payload} includes any extension headers. */
    static byte[] ipv6(byte[] source, byte[] destination, int nextHeader, byte[] payload) {
        return writer().u32(0x6000_0000L)
                .u16(payload.length)
                .u8(nextHeader)
                .u8(64)
                .bytes(source)
                .bytes(destination)
                .bytes(payload)
                .build();
    }

    /** An options-style extension header (hop-by-hop, routing, destination options) of (units + 1) * 8 bytes. */
    static byte[] optionsHeader(int nextHeader, int units, byte[] rest) {
        byte[] header = new byte[(units + 1) * 8];
        header[0] = (byte) nextHeader;
        header[1] = (byte) units;
        // PadN option (RFC 8200 section 4.2) over the rest of the first 8 bytes.
        header[2] = 1;
        header[3] = (byte) (header.length - 4);
        return concat(header, rest);
    }

    /** RFC 4302 section 2: the payload length counts 4-byte units minus 2; 24 bytes with a 96-bit ICV. */
    static byte[] authenticationHeader(int nextHeader, byte[] rest) {
        return concat(
                writer().u8(nextHeader).u8(4).u16(0).u32(0x100).u32(1).zeros(12).build(), rest);
    }

    /** RFC 8200 section 4.5 fragment header. */
    static byte[] fragmentHeader(int nextHeader, int offset, boolean more, long identification, byte[] rest) {
        return concat(
                writer().u8(nextHeader)
                        .u8(0)
                        .u16(offset | (more ? 1 : 0))
                        .u32(identification)
                        .build(),
                rest);
    }

    static byte[] udp(int sourcePort, int destinationPort, byte[] payload) {
        return udpWithLength(sourcePort, destinationPort, 8 + payload.length, payload);
    }

    static byte[] udpWithLength(int sourcePort, int destinationPort, int length, byte[] payload) {
        return writer().u16(sourcePort)
                .u16(destinationPort)
                .u16(length)
                .u16(0)
                .bytes(payload)
                .build();
    }

    /** TCP (RFC 9293 section 3.1); options are padded by the caller to a multiple of 4 bytes. */
    static byte[] tcp(
            int sourcePort,
            int destinationPort,
            long sequence,
            long acknowledgement,
            int flags,
            byte[] options,
            byte[] payload) {
        return writer().u16(sourcePort)
                .u16(destinationPort)
                .u32(sequence)
                .u32(acknowledgement)
                .u8(((20 + options.length) / 4) << 4)
                .u8(flags)
                .u16(65535)
                .u16(0)
                .u16(0)
                .bytes(options)
                .bytes(payload)
                .build();
    }

    /** MSS 1460, SACK permitted, window scale 7, NOP padding: 12 option bytes, as a SYN typically carries. */
    static byte[] synOptions() {
        return writer().u8(2)
                .u8(4)
                .u16(1460)
                .u8(4)
                .u8(2)
                .u8(1)
                .u8(3)
                .u8(3)
                .u8(7)
                .u8(1)
                .u8(1)
                .build();
    }

    static byte[] dnsQueryUdp4() {
        return ipv4(CLIENT4, SERVER4, UDP, udp(51234, 53, text("dns-query")));
    }

    static byte[] tlsTcp4() {
        return ipv4(CLIENT4, SERVER4, TCP, tcp(50000, 443, 1000, 2000, 0x18, new byte[0], text("hello")));
    }

    static byte[] tlsTcp6() {
        return ipv6(CLIENT6, SERVER6, TCP, tcp(50000, 443, 1000, 2000, 0x18, new byte[0], text("hello")));
    }
}
