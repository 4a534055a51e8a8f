package io.banwatch.inspect.tls;

import java.nio.charset.StandardCharsets;

/**
 * Turns opaque name bytes from the wire into text the way tshark shows them: printable ASCII (0x21..0x7e) as is,
 * every other byte as a backslash and three octal digits, so that no byte is lost and none can forge a log line.
 */
final class WireText {

    private static final byte[] H2 = {'h', '2'};
    private static final byte[] H3 = {'h', '3'};
    private static final byte[] HTTP_1_1 = {'h', 't', 't', 'p', '/', '1', '.', '1'};

    private WireText() {}

    /** A server name: lower-case ASCII, escaped, one trailing dot removed; null when nothing is left. */
    static String serverName(byte[] data, int offset, int length) {
        int nameLength = length > 0 && data[offset + length - 1] == '.' ? length - 1 : length;
        return nameLength == 0 ? null : escape(data, offset, nameLength, true);
    }

    /** An ALPN protocol name (RFC 7301 3.1), escaped; the common ones come from constants and allocate nothing. */
    static String protocolName(byte[] data, int offset, int length) {
        if (matches(data, offset, length, H2)) {
            return "h2";
        }
        if (matches(data, offset, length, HTTP_1_1)) {
            return "http/1.1";
        }
        if (matches(data, offset, length, H3)) {
            return "h3";
        }
        return escape(data, offset, length, false);
    }

    private static String escape(byte[] data, int offset, int length, boolean lowerCase) {
        int textLength = 0;
        boolean verbatim = true;
        for (int i = offset; i < offset + length; i++) {
            int b = data[i] & 0xff;
            boolean printable = b >= 0x21 && b <= 0x7e;
            textLength += printable ? 1 : 4;
            verbatim &= printable && !(lowerCase && b >= 'A' && b <= 'Z');
        }
        if (verbatim) {
            return new String(data, offset, length, StandardCharsets.ISO_8859_1);
        }
        byte[] text = new byte[textLength];
        int t = 0;
        for (int i = offset; i < offset + length; i++) {
            int b = data[i] & 0xff;
            if (b < 0x21 || b > 0x7e) {
                text[t++] = '\\';
                text[t++] = (byte) ('0' + (b >> 6));
                text[t++] = (byte) ('0' + ((b >> 3) & 7));
                text[t++] = (byte) ('0' + (b & 7));
            } else {
                text[t++] = (byte) (lowerCase && b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
            }
        }
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private static boolean matches(byte[] data, int offset, int length, byte[] constant) {
        if (length != constant.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (data[offset + i] != constant[i]) {
                return false;
            }
        }
        return true;
    }
}
