package io.banwatch.inspect.blindspot;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A set of IPv4 and IPv6 CIDR prefixes (RFC 4632, RFC 4291 section 2.3), parsed once into int and long masks so
 * that {@link #contains} neither allocates nor hashes.
 */
public final class AddressPrefixes {

    /** Resolver lists are a handful of addresses; this keeps the linear scan to a few hundred compares at most. */
    public static final int MAX_PREFIXES = 256;

    private static final AddressPrefixes EMPTY = new AddressPrefixes(new int[0], new int[0], new long[0]);

    private final int[] v4Network;
    private final int[] v4Mask;
    /** Per IPv6 prefix four longs: network high, network low, mask high, mask low. */
    private final long[] v6;

    private AddressPrefixes(int[] v4Network, int[] v4Mask, long[] v6) {
        this.v4Network = v4Network;
        this.v4Mask = v4Mask;
        this.v6 = v6;
    }

    public static AddressPrefixes empty() {
        return EMPTY;
    }

    /**
     * Parses prefixes such as {@code 10.0.0.0/8}, {@code 2001:db8::/32} or a single address ({@code 192.0.2.53},
     * a /32 or /128).
     *
     * @throws IllegalArgumentException naming the first prefix that is not a valid one, or when there are more
     *     than {@link #MAX_PREFIXES}
     */
    public static AddressPrefixes parse(List<String> prefixes) {
        if (prefixes.size() > MAX_PREFIXES) {
            throw new IllegalArgumentException(
                    "at most " + MAX_PREFIXES + " address prefixes are allowed, got " + prefixes.size());
        }
        int v4Count = 0;
        int v6Count = 0;
        byte[][] addresses = new byte[prefixes.size()][];
        int[] lengths = new int[prefixes.size()];
        for (int i = 0; i < prefixes.size(); i++) {
            String prefix = prefixes.get(i);
            int slash = prefix == null ? -1 : prefix.indexOf('/');
            addresses[i] = address(prefix, slash < 0 ? prefix : prefix.substring(0, slash));
            int maxLength = addresses[i].length * 8;
            lengths[i] = slash < 0 ? maxLength : prefixLength(prefix, slash + 1, maxLength);
            if (!hostBitsClear(addresses[i], lengths[i])) {
                throw invalid(prefix, "bits are set after the prefix length");
            }
            if (addresses[i].length == 4) {
                v4Count++;
            } else {
                v6Count++;
            }
        }
        int[] v4Network = new int[v4Count];
        int[] v4Mask = new int[v4Count];
        long[] v6 = new long[v6Count * 4];
        int v4 = 0;
        int v6Index = 0;
        for (int i = 0; i < addresses.length; i++) {
            if (addresses[i].length == 4) {
                v4Mask[v4] = lengths[i] == 0 ? 0 : -1 << (32 - lengths[i]);
                v4Network[v4++] = readInt(addresses[i], 0);
            } else {
                v6[v6Index++] = readLong(addresses[i], 0);
                v6[v6Index++] = readLong(addresses[i], 8);
                v6[v6Index++] = mask64(lengths[i]);
                v6[v6Index++] = mask64(lengths[i] - 64);
            }
        }
        return new AddressPrefixes(v4Network, v4Mask, v6);
    }

    public boolean isEmpty() {
        return v4Network.length == 0 && v6.length == 0;
    }

    /** Whether the first {@code length} bytes of {@code address} (4 for IPv4, 16 for IPv6) fall in a prefix. */
    public boolean contains(byte[] address, int length) {
        if (length == 4 && address.length >= 4) {
            int value = readInt(address, 0);
            for (int i = 0; i < v4Network.length; i++) {
                if ((value & v4Mask[i]) == v4Network[i]) {
                    return true;
                }
            }
        } else if (length == 16 && address.length >= 16 && v6.length > 0) {
            long high = readLong(address, 0);
            long low = readLong(address, 8);
            for (int i = 0; i < v6.length; i += 4) {
                if ((high & v6[i + 2]) == v6[i] && (low & v6[i + 3]) == v6[i + 1]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Dotted-quad IPv4 (RFC 791) or IPv6 text (RFC 4291 section 2.2); never a name, so nothing is resolved. */
    private static byte[] address(String prefix, String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(prefix, "no address");
        }
        if (text.indexOf(':') < 0) {
            return ipv4(prefix, text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != ':' && c != '.') {
                throw invalid(prefix, "not an IPv6 address");
            }
        }
        try {
            // A literal containing ':' is parsed as IPv6 text and never looked up in DNS.
            InetAddress parsed = InetAddress.getByName(text);
            if (!(parsed instanceof Inet6Address)) {
                throw invalid(prefix, "an IPv4-mapped IPv6 address; write the IPv4 form");
            }
            return parsed.getAddress();
        } catch (UnknownHostException e) {
            throw invalid(prefix, "not an IPv6 address");
        }
    }

    private static byte[] ipv4(String prefix, String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part == 4) {
                    throw invalid(prefix, "not an IPv4 address");
                }
                bytes[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3 && value != 0) {
                // A leading zero is refused: some parsers read "010" as octal 8.
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                digits++;
                if (value > 255) {
                    throw invalid(prefix, "not an IPv4 address");
                }
            } else {
                throw invalid(prefix, "not an IPv4 address");
            }
        }
        if (part != 4) {
            throw invalid(prefix, "not an IPv4 address");
        }
        return bytes;
    }

    private static int prefixLength(String prefix, int start, int maxLength) {
        int end = prefix.length();
        if (end - start < 1 || end - start > 3) {
            throw invalid(prefix, "no prefix length after '/'");
        }
        int length = 0;
        for (int i = start; i < end; i++) {
            char c = prefix.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid(prefix, "the prefix length is not a number");
            }
            length = length * 10 + (c - '0');
        }
        if (length > maxLength) {
            throw invalid(prefix, "the prefix length is over " + maxLength);
        }
        return length;
    }

    private static boolean hostBitsClear(byte[] address, int length) {
        for (int bit = length; bit < address.length * 8; bit++) {
            if ((address[bit >> 3] & (0x80 >>> (bit & 7))) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The top {@code bits} bits set, for 0 to 64 (clamped). */
    private static long mask64(int bits) {
        if (bits <= 0) {
            return 0;
        }
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static long readLong(byte[] b, int at) {
        return (long) readInt(b, at) << 32 | (readInt(b, at + 4) & 0xffffffffL);
    }

    private static IllegalArgumentException invalid(String prefix, String why) {
        return new IllegalArgumentException("invalid address prefix '" + prefix + "': " + why);
    }
}
