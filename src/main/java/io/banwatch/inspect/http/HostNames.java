package io.banwatch.inspect.http;

import java.nio.charset.StandardCharsets;

/** Reads the host of a Host header or URI authority (RFC 3986 section 3.2.2) in the form matching expects. */
final class HostNames {

    /** 253 characters: the longest DNS name in text form (RFC 1035 section 2.3.4), plus room for a trailing dot. */
    static final int MAX_HOST_LENGTH = 254;

    private static final boolean[] REG_NAME = new boolean[128];

    static {
        // RFC 3986 section 3.2.2: reg-name = *( unreserved / pct-encoded / sub-delims ).
        for (char c = 'a'; c <= 'z'; c++) {
            REG_NAME[c] = true;
            REG_NAME[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            REG_NAME[c] = true;
        }
        for (char c : "-._~%!$&'()*+,;=".toCharArray()) {
            REG_NAME[c] = true;
        }
    }

    private final byte[] scratch = new byte[MAX_HOST_LENGTH];

    /**
     * The host of {@code data[start, end)} without port or IPv6 brackets, lower case, without a trailing dot; the
     * empty string when there is none; null when it is malformed.
     */
    String normalize(byte[] data, int start, int end) {
        if (start >= end) {
            return "";
        }
        int hostStart = start, hostEnd;
        boolean literal = data[start] == '[';
        if (literal) {
            // RFC 3986 section 3.2.2: IP-literal = "[" ( IPv6address / IPvFuture ) "]", then an optional ":" port.
            hostStart = start + 1;
            hostEnd = indexOf(data, hostStart, end, (byte) ']');
            if (hostEnd < 0 || (hostEnd + 1 < end && data[hostEnd + 1] != ':')) {
                return null;
            }
        } else {
            hostEnd = indexOf(data, start, end, (byte) ':');
            hostEnd = hostEnd < 0 ? end : hostEnd;
        }
        if (!literal && hostEnd > hostStart && data[hostEnd - 1] == '.') {
            hostEnd--; // an absolute name's trailing dot names the same host
        }
        int length = hostEnd - hostStart;
        if (length > MAX_HOST_LENGTH) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            int b = data[hostStart + i];
            boolean allowed = b >= 0 && (REG_NAME[b] || (literal && b == ':'));
            if (!allowed) {
                return null;
            }
            scratch[i] = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : (byte) b;
        }
        return length == 0 ? "" : new String(scratch, 0, length, StandardCharsets.US_ASCII);
    }

    static int indexOf(byte[] data, int start, int end, byte wanted) {
        for (int i = start; i < end; i++) {
            if (data[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
