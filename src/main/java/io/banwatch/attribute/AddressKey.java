package io.banwatch.attribute;

/**
 * An IPv4 or IPv6 address as two longs, read from address bytes or from the text form DNS answers carry, without
 * allocating. IPv4 addresses are kept in their IPv4-mapped IPv6 form (RFC 4291 section 2.5.5.2), so both families
 * share one key space and {@code ::ffff:192.0.2.1} is the same key as {@code 192.0.2.1}. Mutable and reused: one
 * instance per caller thread.
 */
final class AddressKey {

    private static final long IPV4_MAPPED_PREFIX = 0xffffL << 32;

    private static final int GROUPS = 8;

    long high;
    long low;

    /** Scratch for the IPv6 groups before they are placed around a {@code ::}. */
    private final int[] groups = new int[GROUPS];

    /** Reads 4 or 16 address bytes. */
    void set(byte[] address, int length) {
        set(address, 0, length);
    }

    /** Reads 4 or 16 address bytes at {@code offset}. */
    void set(byte[] address, int offset, int length) {
        if (length == 4) {
            high = 0;
            low = IPV4_MAPPED_PREFIX | (readInt(address, offset) & 0xffffffffL);
        } else {
            high = readLong(address, offset);
            low = readLong(address, offset + 8);
        }
    }

    /** Reads a dotted quad or an RFC 4291 section 2.2 IPv6 text form; false (key unchanged) when it is neither. */
    boolean parse(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
    }

    /** A 64-bit digest of the key, for telling clients apart without keeping their addresses. */
    long digest() {
        return mix(high * 0x9e3779b97f4a7c15L ^ mix(low));
    }

    private boolean parseIpv4(String text) {
        long value = 0;
        int octets = 0;
        int octet = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (octet < 0 || ++octets > 4) {
                    return false;
                }
                value = value << 8 | octet;
                octet = -1;
            } else if (c >= '0' && c <= '9') {
                octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
                if (octet > 255) {
                    return false;
                }
            } else {
                return false;
            }
        }
        if (octets != 4) {
            return false;
        }
        high = 0;
        low = IPV4_MAPPED_PREFIX | value;
        return true;
    }

    /** Hexadecimal groups with at most one {@code ::}; the embedded dotted-quad form is not produced by banwatch. */
    private boolean parseIpv6(String text) {
        int length = text.length();
        int count = 0;
        int gapAt = -1;
        int i = 0;
        if (text.startsWith("::")) {
            gapAt = 0;
            i = 2;
        }
        while (i < length) {
            int value = 0;
            int digits = 0;
            for (int digit; i < length && (digit = hexValue(text.charAt(i))) >= 0; i++) {
                if (++digits > 4) {
                    return false;
                }
                value = value << 4 | digit;
            }
            if (digits == 0 || count == GROUPS) {
                return false;
            }
            groups[count++] = value;
            if (i == length) {
                break;
            }
            if (text.charAt(i++) != ':' || i == length) {
                return false; // another character, or a single trailing colon
            }
            if (text.charAt(i) == ':') {
                if (gapAt >= 0) {
                    return false; // RFC 4291 section 2.2: "::" can appear only once
                }
                gapAt = count;
                i++;
            }
        }
        if (gapAt < 0 ? count != GROUPS : count > GROUPS - 1) {
            return false;
        }
        int zeros = GROUPS - count;
        long first = 0, second = 0;
        for (int g = 0, next = 0; g < GROUPS; g++) {
            boolean inGap = gapAt >= 0 && g >= gapAt && g < gapAt + zeros;
            int value = inGap ? 0 : groups[next++];
            if (g < GROUPS / 2) {
                first = first << 16 | value;
            } else {
                second = second << 16 | value;
            }
        }
        high = first;
        low = second;
        return true;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }

    private static long readLong(byte[] b, int at) {
        return (long) readInt(b, at) << 32 | readInt(b, at + 4) & 0xffffffffL;
    }

    /** The finaliser of MurmurHash3's 64-bit variant. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
