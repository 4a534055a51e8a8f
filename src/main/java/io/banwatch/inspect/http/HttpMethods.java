package io.banwatch.inspect.http;

/** The request methods that mark the start of an HTTP/1.x stream: RFC 9110 section 9, RFC 5789, WebDAV. */
final class HttpMethods {

    /** RFC 9110 section 9.3, RFC 5789 (PATCH), RFC 4918 and RFC 3253/5323 (WebDAV, REPORT, SEARCH). */
    static final String[] KNOWN = {
        "GET",
        "POST",
        "HEAD",
        "PUT",
        "DELETE",
        "OPTIONS",
        "CONNECT",
        "PATCH",
        "TRACE",
        "PROPFIND",
        "PROPPATCH",
        "MKCOL",
        "COPY",
        "MOVE",
        "LOCK",
        "UNLOCK",
        "REPORT",
        "SEARCH"
    };

    private static final byte[][] KNOWN_BYTES = new byte[KNOWN.length][];

    static {
        for (int i = 0; i < KNOWN.length; i++) {
            KNOWN_BYTES[i] = KNOWN[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private HttpMethods() {}

    /** The index in {@link #KNOWN} of the method in {@code data[offset, offset + length)}, or -1. */
    static int find(byte[] data, int offset, int length) {
        for (int i = 0; i < KNOWN_BYTES.length; i++) {
            if (KNOWN_BYTES[i].length == length && startsWith(data, offset, length, KNOWN_BYTES[i], length)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * 1 when the bytes start with a known method and a space, 0 while they are a proper prefix of one, -1 otherwise.
     * Methods are case-sensitive (RFC 9110 section 9.1).
     */
    static int startsWithMethod(byte[] data, int offset, int length) {
        boolean prefix = false;
        for (byte[] method : KNOWN_BYTES) {
            int compared = Math.min(length, method.length);
            if (!startsWith(data, offset, length, method, compared)) {
                continue;
            }
            if (length > method.length) {
                if (data[offset + method.length] == ' ') {
                    return 1;
                }
            } else {
                prefix = true;
            }
        }
        return prefix ? 0 : -1;
    }

    /** Whether a request with this method normally carries content (RFC 9110 section 9.3, RFC 4918). */
    static boolean expectsBody(int methodIndex) {
        return switch (methodIndex < 0 ? "" : KNOWN[methodIndex]) {
            case "POST", "PUT", "PATCH", "PROPFIND", "PROPPATCH", "REPORT", "SEARCH", "LOCK" -> true;
            default -> false;
        };
    }

    private static boolean startsWith(byte[] data, int offset, int length, byte[] prefix, int count) {
        if (count > length) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
