package io.banwatch.inspect.http;

/**
 * Finds the parts of one HTTP/1.x request head in place (RFC 9112 sections 2-3, 5): the request line, the Host,
 * Content-Length, Transfer-Encoding and Upgrade fields, and where the head ends. Reused for every request.
 *
 * <pre>
 *   HTTP-message = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]
 *   request-line = method SP request-target SP HTTP-version
 *   field-line   = field-name ":" OWS field-value OWS
 * </pre>
 */
final class RequestHead {

    /** 100 field lines: Apache httpd's LimitRequestFields default; real requests carry a few dozen at most. */
    static final int MAX_HEADER_LINES = 100;

    /** 32 bytes: longer than any registered method (the IANA registry's longest is 16, BASELINE-CONTROL). */
    static final int MAX_METHOD_LENGTH = 32;

    /** 18 digits: any larger Content-Length would overflow a long and no real body comes close. */
    static final int MAX_CONTENT_LENGTH_DIGITS = 18;

    static final int COMPLETE = 1, INCOMPLETE = 0, MALFORMED = -1;

    private static final boolean[] TCHAR = new boolean[128];

    static {
        // RFC 9110 section 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_"
        // / "`" / "|" / "~" / DIGIT / ALPHA
        for (char c : "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private static final byte[] HOST = ascii("host");
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] UPGRADE = ascii("upgrade");

    /** Bytes from the scan's offset through the empty line that ends the head. */
    int headLength;

    int methodStart, methodEnd, targetStart, targetEnd;
    int hostStart, hostEnd, hostFields;
    /** -1 when absent. */
    long contentLength;

    boolean contentLengthInvalid, transferEncoding, upgrade;
    HttpAnomaly malformation;

    /** Scans a head starting at {@code offset}: {@link #COMPLETE}, {@link #INCOMPLETE} or {@link #MALFORMED}. */
    int scan(byte[] data, int offset, int length) {
        hostFields = 0;
        contentLength = -1;
        contentLengthInvalid = transferEncoding = upgrade = false;
        malformation = null;
        int end = offset + length;
        int position = skipEmptyLines(data, offset, end);
        if (position < 0) {
            return INCOMPLETE;
        }
        int lineFeed = HostNames.indexOf(data, position, end, (byte) '\n');
        if (lineFeed < 0) {
            return INCOMPLETE;
        }
        if (!requestLine(data, position, contentEnd(data, position, lineFeed))) {
            return malformed(HttpAnomaly.MALFORMED_REQUEST_LINE);
        }
        position = lineFeed + 1;
        for (int lines = 0; ; lines++) {
            lineFeed = HostNames.indexOf(data, position, end, (byte) '\n');
            if (lineFeed < 0) {
                return INCOMPLETE;
            }
            int contentEnd = contentEnd(data, position, lineFeed);
            if (contentEnd == position) {
                headLength = lineFeed + 1 - offset;
                return COMPLETE;
            }
            if (lines == MAX_HEADER_LINES) {
                return malformed(HttpAnomaly.TOO_MANY_HEADERS);
            }
            if (!field(data, position, contentEnd)) {
                return malformed(HttpAnomaly.MALFORMED_HEADER);
            }
            position = lineFeed + 1;
        }
    }

    /** RFC 9112 section 2.2: a server SHOULD ignore at least one empty line before the request-line. */
    private static int skipEmptyLines(byte[] data, int position, int end) {
        while (position < end) {
            if (data[position] == '\n') {
                position++;
            } else if (data[position] == '\r') {
                if (position + 1 == end) {
                    return -1;
                }
                if (data[position + 1] != '\n') {
                    return position;
                }
                position += 2;
            } else {
                return position;
            }
        }
        return -1;
    }

    /** RFC 9112 section 2.2: a recipient MAY accept a bare LF as a line terminator and ignore a preceding CR. */
    private static int contentEnd(byte[] data, int start, int lineFeed) {
        return lineFeed > start && data[lineFeed - 1] == '\r' ? lineFeed - 1 : lineFeed;
    }

    private boolean requestLine(byte[] data, int start, int end) {
        int firstSpace = HostNames.indexOf(data, start, end, (byte) ' ');
        if (firstSpace <= start || firstSpace - start > MAX_METHOD_LENGTH || !isToken(data, start, firstSpace)) {
            return false;
        }
        int lastSpace = end - 1;
        while (lastSpace > firstSpace && data[lastSpace] != ' ') {
            lastSpace--;
        }
        if (lastSpace <= firstSpace + 1) {
            return false;
        }
        // RFC 9112 section 2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT; only major version 1 uses this framing.
        int version = lastSpace + 1;
        if (end - version != 8
                || data[version] != 'H'
                || data[version + 1] != 'T'
                || data[version + 2] != 'T'
                || data[version + 3] != 'P'
                || data[version + 4] != '/'
                || data[version + 5] != '1'
                || data[version + 6] != '.'
                || data[version + 7] < '0'
                || data[version + 7] > '9') {
            return false;
        }
        methodStart = start;
        methodEnd = firstSpace;
        targetStart = firstSpace + 1;
        targetEnd = lastSpace;
        return true;
    }

    private boolean field(byte[] data, int start, int end) {
        if (data[start] == ' ' || data[start] == '\t') {
            return true; // RFC 9112 section 5.2: obsolete line folding continues the previous field; not one we read
        }
        int colon = HostNames.indexOf(data, start, end, (byte) ':');
        // RFC 9112 section 5.1: no whitespace is allowed between the field name and the colon.
        if (colon <= start || !isToken(data, start, colon)) {
            return false;
        }
        int valueStart = colon + 1, valueEnd = end;
        while (valueStart < valueEnd && (data[valueStart] == ' ' || data[valueStart] == '\t')) {
            valueStart++;
        }
        while (valueEnd > valueStart && (data[valueEnd - 1] == ' ' || data[valueEnd - 1] == '\t')) {
            valueEnd--;
        }
        int nameLength = colon - start;
        if (nameIs(data, start, nameLength, HOST)) {
            if (hostFields++ == 0) {
                hostStart = valueStart;
                hostEnd = valueEnd;
            }
        } else if (nameIs(data, start, nameLength, CONTENT_LENGTH)) {
            contentLength(data, valueStart, valueEnd);
        } else if (nameIs(data, start, nameLength, TRANSFER_ENCODING)) {
            transferEncoding = true;
        } else if (nameIs(data, start, nameLength, UPGRADE)) {
            upgrade = true;
        }
        return true;
    }

    /** RFC 9110 section 8.6: Content-Length = 1*DIGIT; several fields must agree (RFC 9112 section 6.3). */
    private void contentLength(byte[] data, int start, int end) {
        int digits = end - start;
        if (digits == 0 || digits > MAX_CONTENT_LENGTH_DIGITS) {
            contentLengthInvalid = true;
            return;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            if (data[i] < '0' || data[i] > '9') {
                contentLengthInvalid = true;
                return;
            }
            value = value * 10 + (data[i] - '0');
        }
        if (contentLength >= 0 && contentLength != value) {
            contentLengthInvalid = true;
        }
        contentLength = value;
    }

    private int malformed(HttpAnomaly reason) {
        malformation = reason;
        return MALFORMED;
    }

    private static boolean isToken(byte[] data, int start, int end) {
        for (int i = start; i < end; i++) {
            if (data[i] < 0 || !TCHAR[data[i]]) {
                return false;
            }
        }
        return true;
    }

    /** Field names are case-insensitive (RFC 9110 section 5.1); {@code lowerName} is lower case ASCII. */
    private static boolean nameIs(byte[] data, int start, int length, byte[] lowerName) {
        if (length != lowerName.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int b = data[start + i];
            if ((b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
