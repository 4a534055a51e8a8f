package io.banwatch.inspect;

import io.banwatch.decode.Endpoint;
import io.banwatch.decode.IpText;
import java.util.Arrays;

/**
 * One A, AAAA or CNAME record of a DNS answer section, as read from the wire: its type as the RFC 1035 number, an
 * address as its 4 or 16 bytes, a CNAME target as a name. {@code name} is the record's owner name; names are
 * normalised (lower case, no trailing dot). Text forms ({@link #typeName()}, {@link #data()}) are made only when an
 * event is written, so attributing a flood of answers never formats an address.
 *
 * @param type {@link #A}, {@link #AAAA} or {@link #CNAME}
 * @param address the address bytes of an A or AAAA record (callers must not modify them), else null
 * @param target the target of a CNAME record, else null
 */
public record DnsRecord(String name, int type, long ttl, byte[] address, String target) {

    /** RFC 1035 3.2.2 and RFC 3596 2.1: the record types read. */
    public static final int A = 1, CNAME = 5, AAAA = 28;

    public DnsRecord {
        boolean valid = switch (type) {
            case A -> address != null && address.length == 4 && target == null;
            case AAAA -> address != null && address.length == 16 && target == null;
            case CNAME -> address == null && target != null;
            default -> false;
        };
        if (!valid) {
            throw new IllegalArgumentException("not an A, AAAA or CNAME record: type " + type);
        }
    }

    /** An A record (4 bytes) or an AAAA record (16 bytes); the bytes are kept, not copied. */
    public static DnsRecord address(String name, long ttl, byte[] address) {
        return new DnsRecord(name, address.length == 4 ? A : AAAA, ttl, address, null);
    }

    public static DnsRecord cname(String name, long ttl, String target) {
        return new DnsRecord(name, CNAME, ttl, null, target);
    }

    /** A record from its text form ("A", "AAAA" or "CNAME" and the address literal or target), as events write it. */
    public static DnsRecord parse(String name, String type, long ttl, String data) {
        return switch (type) {
            case "A", "AAAA" -> address(name, ttl, Endpoint.parse(data, 0).address());
            case "CNAME" -> cname(name, ttl, data);
            default -> throw new IllegalArgumentException("not an A, AAAA or CNAME record: " + type);
        };
    }

    public boolean isAddress() {
        return address != null;
    }

    /** The type's mnemonic: A, AAAA or CNAME. */
    public String typeName() {
        return switch (type) {
            case A -> "A";
            case AAAA -> "AAAA";
            default -> "CNAME";
        };
    }

    /** The record data as text: the address in its usual form, or the CNAME target. */
    public String data() {
        return address != null ? IpText.format(address) : target;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DnsRecord r
                && type == r.type
                && ttl == r.ttl
                && name.equals(r.name)
                && Arrays.equals(address, r.address)
                && java.util.Objects.equals(target, r.target);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + type) * 31 + Arrays.hashCode(address);
    }

    @Override
    public String toString() {
        return name + " " + ttl + " " + typeName() + " " + data();
    }
}
