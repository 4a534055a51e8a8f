package io.banwatch.dispatch;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** Ethernet frames with IPv4/IPv6, TCP/UDP, DNS answers and TLS records, written from the RFC layouts, for tests. */
public final class TestFrames {

    public static final int ETHERNET = 1; // LINKTYPE_ETHERNET
    public static final int SYN = 0x02, ACK = 0x10, PSH = 0x08;

    private TestFrames() {}

    public static byte[] ip(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** TCP segment (RFC 9293 section 3.1) in IPv4 or IPv6 (by address length) in Ethernet II. */
    public static byte[] tcp(String src, int srcPort, String dst, int dstPort, long seq, int flags, byte[] payload) {
        return tcp(src, srcPort, dst, dstPort, seq, (flags & ACK) != 0 ? 1 : 0, flags, payload);
    }

    /** As above, with the acknowledgement number: a SYN-ACK acknowledges the SYN's sequence number plus one. */
    public static byte[] tcp(
            String src, int srcPort, String dst, int dstPort, long seq, long ack, int flags, byte[] payload) {
        Out tcp = new Out()
                .u16(srcPort)
                .u16(dstPort)
                .u32(seq)
                .u32(ack)
                .u8(5 << 4)
                .u8(flags)
                .u16(65535)
                .u16(0)
                .u16(0)
                .bytes(payload);
        return ip(src, dst, 6, tcp.build());
    }

    /** UDP datagram (RFC 768) in IPv4 or IPv6 in Ethernet II. */
    public static byte[] udp(String src, int srcPort, String dst, int dstPort, byte[] payload) {
        Out udp = new Out()
                .u16(srcPort)
                .u16(dstPort)
                .u16(8 + payload.length)
                .u16(0)
                .bytes(payload);
        return ip(src, dst, 17, udp.build());
    }

    private static byte[] ip(String src, String dst, int protocol, byte[] payload) {
        byte[] source = ip(src);
        byte[] destination = ip(dst);
        Out frame = new Out().bytes(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
        if (source.length == 4) {
            frame.u16(0x0800)
                    .u8(0x45)
                    .u8(0)
                    .u16(20 + payload.length)
                    .u16(1)
                    .u16(0x4000)
                    .u8(64)
                    .u8(protocol)
                    .u16(0);
        } else {
            frame.u16(0x86dd).u32(0x6000_0000L).u16(payload.length).u8(protocol).u8(64);
        }
        return frame.bytes(source).bytes(destination).bytes(payload).build();
    }

    /**
     * A DNS response (RFC 1035 section 4.1) to a question for {@code question}: a CNAME record per element of
     * {@code cnames} (a chain starting at the question), then an A or AAAA record for the last name per address.
     */
    public static byte[] dnsAnswer(String question, long ttl, String[] cnames, String... addresses) {
        Out dns = new Out()
                .u16(4711)
                .u16(0x8180)
                .u16(1)
                .u16(cnames.length + addresses.length)
                .u16(0)
                .u16(0);
        name(dns, question).u16(1).u16(1);
        String owner = question;
        for (String target : cnames) {
            byte[] rdata = name(new Out(), target).build();
            name(dns, owner).u16(5).u16(1).u32(ttl).u16(rdata.length).bytes(rdata);
            owner = target;
        }
        for (String address : addresses) {
            byte[] rdata = ip(address);
            name(dns, owner)
                    .u16(rdata.length == 4 ? 1 : 28)
                    .u16(1)
                    .u32(ttl)
                    .u16(rdata.length)
                    .bytes(rdata);
        }
        return dns.build();
    }

    /** A TLS handshake record (RFC 8446 section 5.1) around a handshake message. */
    public static byte[] tlsRecord(byte[] handshake) {
        return new Out()
                .u8(22)
                .u8(3)
                .u8(1)
                .u16(handshake.length)
                .bytes(handshake)
                .build();
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Out name(Out out, String dotted) {
        for (String label : dotted.split("\\.")) {
            out.u8(label.length()).bytes(ascii(label));
        }
        return out.u8(0);
    }

    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Out u8(int value) {
            bytes.write(value);
            return this;
        }

        Out u16(int value) {
            return u8(value >>> 8 & 0xff).u8(value & 0xff);
        }

        Out u32(long value) {
            return u16((int) (value >>> 16) & 0xffff).u16((int) value & 0xffff);
        }

        Out bytes(byte[] value) {
            bytes.writeBytes(value);
            return this;
        }

        byte[] build() {
            return bytes.toByteArray();
        }
    }
}
