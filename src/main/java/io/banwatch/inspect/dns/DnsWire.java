package io.banwatch.inspect.dns;

/**
 * Layout of a DNS message (RFC 1035 4.1):
 *
 * <pre>
 * header (12 octets): ID(16) | QR(1) OPCODE(4) AA TC RD RA Z AD CD RCODE(4) | QDCOUNT | ANCOUNT | NSCOUNT | ARCOUNT
 * question:           QNAME | QTYPE(16) | QCLASS(16)
 * resource record:    NAME | TYPE(16) | CLASS(16) | TTL(32) | RDLENGTH(16) | RDATA
 * </pre>
 */
final class DnsWire {

    static final int HEADER_LENGTH = 12;
    static final int ID = 0;
    static final int FLAGS = 2;
    static final int QDCOUNT = 4;
    static final int ANCOUNT = 6;

    static final int FLAG_RESPONSE = 0x8000;
    static final int RCODE_MASK = 0x000f;

    /** QTYPE and QCLASS after a question's name. */
    static final int QUESTION_FIXED_LENGTH = 4;

    /** TYPE, CLASS, TTL and RDLENGTH after a record's name. */
    static final int RECORD_FIXED_LENGTH = 10;

    static final int TYPE_A = 1;
    static final int TYPE_NS = 2;
    static final int TYPE_CNAME = 5;
    static final int TYPE_AAAA = 28;

    static final int IPV4_LENGTH = 4;
    static final int IPV6_LENGTH = 16;

    private DnsWire() {}

    static int u16(byte[] data, int at) {
        return ((data[at] & 0xff) << 8) | (data[at + 1] & 0xff);
    }

    static long u32(byte[] data, int at) {
        return ((long) u16(data, at) << 16) | u16(data, at + 2);
    }
}
