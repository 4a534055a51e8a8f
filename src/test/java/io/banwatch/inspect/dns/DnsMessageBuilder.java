package io.banwatch.inspect.dns;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** Writes DNS messages octet by octet, following the layouts of RFC 1035 4.1, for tests. */
final class DnsMessageBuilder {

    static final int QR = 0x8000;
    static final int RD = 0x0100;
    static final int RA = 0x0080;
    static final int CLASS_IN = 1;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A header with the given ID, flags and section counts (RFC 1035 4.1.1). */
    static DnsMessageBuilder header(int id, int flags, int questions, int answers, int authorities, int additionals) {
        return new DnsMessageBuilder()
                .u16(id)
                .u16(flags)
                .u16(questions)
                .u16(answers)
                .u16(authorities)
                .u16(additionals);
    }

    static DnsMessageBuilder query(int id, int questions) {
        return header(id, RD, questions, 0, 0, 0);
    }

    static DnsMessageBuilder response(int id, int rcode, int questions, int answers) {
        return header(id, QR | RD | RA | rcode, questions, answers, 0, 0);
    }

    DnsMessageBuilder u8(int... octets) {
        for (int octet : octets) {
            out.write(octet);
        }
        return this;
    }

    DnsMessageBuilder u16(int value) {
        return u8(value >>> 8 & 0xff, value & 0xff);
    }

    DnsMessageBuilder u32(long value) {
        return u16((int) (value >>> 16) & 0xffff).u16((int) value & 0xffff);
    }

    DnsMessageBuilder bytes(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** Labels of a dotted name, without the terminating root label (follow with {@link #root} or a pointer). */
    DnsMessageBuilder labels(String dotted) {
        for (String label : dotted.split("\\.")) {
            label(label.getBytes(StandardCharsets.ISO_8859_1));
        }
        return this;
    }

    DnsMessageBuilder label(byte[] label) {
        return u8(label.length).bytes(label);
    }

    DnsMessageBuilder root() {
        return u8(0);
    }

    /** A complete uncompressed name; "." is the root. */
    DnsMessageBuilder name(String dotted) {
        return dotted.equals(".") ? root() : labels(dotted).root();
    }

    /** RFC 1035 4.1.4: 11 followed by a 14-bit offset from the start of the message. */
    DnsMessageBuilder pointer(int offset) {
        return u16(0xc000 | offset);
    }

    /** QTYPE and class IN after a question's name. */
    DnsMessageBuilder questionFields(int type) {
        return u16(type).u16(CLASS_IN);
    }

    DnsMessageBuilder question(String name, int type) {
        return name(name).questionFields(type);
    }

    /** TYPE, class IN, TTL and RDLENGTH after a record's name. */
    DnsMessageBuilder recordFields(int type, long ttl, int rdLength) {
        return u16(type).u16(CLASS_IN).u32(ttl).u16(rdLength);
    }

    /** The fixed fields and RDATA of an A or AAAA record, after its name. */
    DnsMessageBuilder address(long ttl, String ip) {
        byte[] address = ip(ip);
        return recordFields(address.length == 4 ? 1 : 28, ttl, address.length).bytes(address);
    }

    /** The fixed fields and RDATA of a CNAME record with an uncompressed target, after its name. */
    DnsMessageBuilder cname(long ttl, String target) {
        byte[] rdata = new DnsMessageBuilder().name(target).build();
        return recordFields(5, ttl, rdata.length).bytes(rdata);
    }

    int position() {
        return out.size();
    }

    byte[] build() {
        return out.toByteArray();
    }

    static byte[] ip(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
