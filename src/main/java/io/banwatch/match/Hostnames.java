package io.banwatch.match;

import java.util.Locale;

/** Normalises host names once, at the inspect → match boundary, so that catalogs match whole lower-case labels. */
public final class Hostnames {

    /** RFC 1035 section 2.3.4: a name is at most 255 octets on the wire, 253 characters in text form. */
    public static final int MAX_NAME_LENGTH = 253;

    /** RFC 1035 section 2.3.4: a label is at most 63 octets. */
    public static final int MAX_LABEL_LENGTH = 63;

    /** Longest input looked at: a maximal name plus brackets and a port; anything longer cannot be a host. */
    private static final int MAX_INPUT_LENGTH = MAX_NAME_LENGTH + 8;

    private Hostnames() {}

    /**
     * Lower-cases {@code raw} with {@link Locale#ROOT}, strips a {@code :port}, the brackets around an IPv6 literal
     * and one trailing dot. Returns null when the result is empty or cannot be a host name (a byte outside letters,
     * digits, hyphen and underscore, an empty label, a label over 63 or a name over 253 characters). Returns
     * {@code raw} itself, without allocating, when it is already normal.
     */
    public static String normalize(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_INPUT_LENGTH) {
            return null;
        }
        if (raw.charAt(0) == '[') {
            return bracketedLiteral(raw);
        }
        int colon = raw.indexOf(':');
        if (colon >= 0 && raw.indexOf(':', colon + 1) >= 0) {
            return bareIpv6Literal(raw);
        }
        int end = raw.length();
        if (colon >= 0) {
            if (!isPort(raw, colon + 1, end)) {
                return null;
            }
            end = colon;
        }
        // RFC 1034 section 3.1: a trailing dot marks an absolute name; it is the same name.
        if (end > 0 && raw.charAt(end - 1) == '.') {
            end--;
        }
        if (!isHostName(raw, end)) {
            return null;
        }
        String name = end == raw.length() ? raw : raw.substring(0, end);
        return hasUpperCase(name) ? name.toLowerCase(Locale.ROOT) : name;
    }

    /** True when {@code name} is what {@link #normalize} returns for it. */
    public static boolean isNormalized(String name) {
        return name != null && name.equals(normalize(name));
    }

    private static boolean isHostName(String s, int end) {
        if (end == 0 || end > MAX_NAME_LENGTH) {
            return false;
        }
        int labelLength = 0;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labelLength = 0;
            } else if (isNameChar(c)) {
                if (++labelLength > MAX_LABEL_LENGTH) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return labelLength > 0;
    }

    /**
     * RFC 952/1123 allow letters, digits and hyphens; underscores occur in real names (RFC 2782 service labels), so
     * they are kept. Everything else, including any non-ASCII character of an unencoded IDN, is rejected.
     */
    static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static String bracketedLiteral(String raw) {
        int close = raw.indexOf(']');
        if (close < 2) {
            return null;
        }
        int end = raw.length();
        if (close + 1 < end && (raw.charAt(close + 1) != ':' || !isPort(raw, close + 2, end))) {
            return null;
        }
        return ipv6Text(raw, 1, close);
    }

    private static String bareIpv6Literal(String raw) {
        return ipv6Text(raw, 0, raw.length());
    }

    /** RFC 4291 section 2.2 text forms: hex groups, colons, and a dotted IPv4 tail. Zone ids are not accepted. */
    private static String ipv6Text(String raw, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != ':' && c != '.') {
                return null;
            }
        }
        String literal = start == 0 && end == raw.length() ? raw : raw.substring(start, end);
        return hasUpperCase(literal) ? literal.toLowerCase(Locale.ROOT) : literal;
    }

    /** A port is 1 to 5 decimal digits no larger than 65535 (RFC 3986 section 3.2.3 allows no sign or space). */
    private static boolean isPort(String s, int start, int end) {
        int length = end - start;
        if (length < 1 || length > 5) {
            return false;
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 65535;
    }

    private static boolean hasUpperCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return true;
            }
        }
        return false;
    }
}
