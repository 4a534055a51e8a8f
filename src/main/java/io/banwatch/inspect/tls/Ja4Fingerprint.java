package io.banwatch.inspect.tls;

import static io.banwatch.inspect.tls.ClientHelloParser.EXTENSION_ALPN;
import static io.banwatch.inspect.tls.ClientHelloParser.EXTENSION_SERVER_NAME;
import static io.banwatch.inspect.tls.ClientHelloParser.HANDSHAKE_HEADER_LENGTH;
import static io.banwatch.inspect.tls.ClientHelloParser.u16;
import static io.banwatch.inspect.tls.ClientHelloParser.u24;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The JA4 TLS client fingerprint of a ClientHello, as FoxIO specifies it (technical_details/JA4.md of
 * github.com/FoxIO-LLC/ja4; the JA4 TLS client method is BSD-3-Clause, the other JA4+ methods are not used here):
 * {@code t13d1516h2_8daaf6152771_e5627efa2ab1}. Computed from the message bytes that {@link ClientHelloParser}
 * accepted, on the capture thread: the lists are sorted in scratch arrays, hashed through a small text buffer and one
 * SHA-256 digest, so only the result string is allocated. Not thread-safe: one instance per capture thread.
 */
public final class Ja4Fingerprint {

    /** JA4.md: "q" for QUIC, "t" for TLS over TCP ("d", DTLS, is not read by banwatch). */
    public static final char TCP = 't';

    public static final char QUIC = 'q';

    /** Length of a fingerprint: a (10) _ b (12) _ c (12). */
    public static final int LENGTH = 36;

    /** cipher_suites<2..2^16-2> holds at most 32,767 two-byte suites (RFC 8446 4.1.2). */
    static final int MAX_CIPHER_SUITES = 32_767;

    private static final int EXTENSION_SIGNATURE_ALGORITHMS = 0x000d; // RFC 8446 4.2.3
    private static final int EXTENSION_SUPPORTED_VERSIONS = 0x002b; // RFC 8446 4.2.1
    private static final int RANDOM_LENGTH = 32;
    /** JA4.md: counts are two digits, "99" when there are more. */
    private static final int MAX_COUNT = 99;
    /** JA4.md: a list with no values is shown as twelve zeros rather than the hash of nothing. */
    private static final byte[] EMPTY_HASH = "000000000000".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Hex text is hashed in pieces of this size: the lists can be 160 KB of text, a hello's are about 100 bytes. */
    private static final int TEXT_BUFFER_BYTES = 1024;

    private final char[] ciphers = new char[MAX_CIPHER_SUITES];
    private final char[] extensions = new char[ClientHelloParser.MAX_EXTENSIONS];
    private final byte[] text = new byte[TEXT_BUFFER_BYTES];
    private final byte[] digest = new byte[32];
    private final byte[] result = new byte[LENGTH];
    private final MessageDigest sha256;
    private int textLength;

    public Ja4Fingerprint() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The fingerprint of the ClientHello handshake message (with its 4-byte header) at {@code offset}; null when the
     * bytes are not a whole, well-formed ClientHello or its supported_versions lists only GREASE (the reference gives
     * no fingerprint then).
     *
     * @param transport {@link #TCP} or {@link #QUIC}
     */
    public String fingerprint(byte[] data, int offset, int length, char transport) {
        if (length < HANDSHAKE_HEADER_LENGTH || HANDSHAKE_HEADER_LENGTH + u24(data, offset + 1) > length) {
            return null;
        }
        int pos = offset + HANDSHAKE_HEADER_LENGTH;
        int end = pos + u24(data, offset + 1);
        /*
         * ProtocolVersion legacy_version; Random random; opaque legacy_session_id<0..32>;
         * CipherSuite cipher_suites<2..2^16-2>; opaque legacy_compression_methods<1..2^8-1>;
         * Extension extensions<8..2^16-1>;                                           RFC 8446 4.1.2
         */
        if (end - pos < 2 + RANDOM_LENGTH + 1) {
            return null;
        }
        int legacyVersion = u16(data, pos);
        pos += 2 + RANDOM_LENGTH;
        pos += 1 + (data[pos] & 0xff);
        if (end - pos < 2) {
            return null;
        }
        int suitesEnd = pos + 2 + u16(data, pos);
        if (suitesEnd > end || ((suitesEnd - pos) & 1) != 0) {
            return null;
        }
        int cipherCount = 0;
        for (int p = pos + 2; p < suitesEnd; p += 2) {
            int suite = u16(data, p);
            if (!isGrease(suite)) {
                ciphers[cipherCount++] = (char) suite;
            }
        }
        pos = suitesEnd;
        if (end - pos < 1 || end - pos - 1 < (data[pos] & 0xff)) {
            return null;
        }
        pos += 1 + (data[pos] & 0xff);
        return fromExtensions(data, pos, end, legacyVersion, cipherCount, transport);
    }

    private String fromExtensions(byte[] data, int pos, int end, int legacyVersion, int cipherCount, char transport) {
        int extensionCount = 0; // every non-GREASE extension, SNI and ALPN included (JA4.md)
        int hashedCount = 0; // those that go into the hash: without SNI and ALPN
        boolean serverName = false;
        int alpn = -1;
        int seen = 0;
        int signatureAlgorithms = -1;
        int supportedVersions = -1;
        if (end - pos >= 2) {
            int blockEnd = pos + 2 + u16(data, pos);
            if (blockEnd > end) {
                return null;
            }
            for (pos += 2; pos < blockEnd; ) {
                if (blockEnd - pos < 4 || blockEnd - pos - 4 < u16(data, pos + 2)) {
                    return null;
                }
                if (++seen > extensions.length) {
                    return null; // more than the parser accepts
                }
                int type = u16(data, pos);
                if (!isGrease(type)) {
                    extensionCount++;
                    switch (type) {
                        case EXTENSION_SERVER_NAME -> serverName = true;
                        case EXTENSION_ALPN -> alpn = pos;
                        default -> extensions[hashedCount++] = (char) type;
                    }
                    if (type == EXTENSION_SIGNATURE_ALGORITHMS) {
                        signatureAlgorithms = pos;
                    } else if (type == EXTENSION_SUPPORTED_VERSIONS) {
                        supportedVersions = pos;
                    }
                }
                pos += 4 + u16(data, pos + 2);
            }
        }
        int version = supportedVersions < 0 ? legacyVersion : highestVersion(data, supportedVersions);
        if (version < 0) {
            return null;
        }
        result[0] = (byte) transport;
        writeVersion(version);
        result[3] = (byte) (serverName ? 'd' : 'i');
        writeCount(4, cipherCount);
        writeCount(6, extensionCount);
        writeAlpn(data, alpn);
        result[10] = '_';
        sort(ciphers, cipherCount);
        hashCiphers(cipherCount);
        result[23] = '_';
        sort(extensions, hashedCount);
        hashExtensions(data, hashedCount, signatureAlgorithms);
        return new String(result, 0, LENGTH, StandardCharsets.US_ASCII);
    }

    /**
     * JA4.md: the highest value of supported_versions (uint8 length, then two-byte versions; RFC 8446 4.2.1),
     * GREASE ignored; -1 when only GREASE is listed.
     */
    private static int highestVersion(byte[] data, int extension) {
        int pos = extension + 4;
        int end = pos + u16(data, extension + 2);
        if (end - pos < 1) {
            return -1;
        }
        int listEnd = Math.min(end, pos + 1 + (data[pos] & 0xff));
        int highest = -1;
        for (int p = pos + 1; p + 2 <= listEnd; p += 2) {
            int version = u16(data, p);
            if (!isGrease(version) && version > highest) {
                highest = version;
            }
        }
        return highest;
    }

    /** JA4.md "TLS and DTLS Version": two characters, "00" when unknown. */
    private void writeVersion(int version) {
        String label = switch (version) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0002 -> "s2";
            case 0xfeff -> "d1";
            case 0xfefd -> "d2";
            case 0xfefc -> "d3";
            default -> "00";
        };
        result[1] = (byte) label.charAt(0);
        result[2] = (byte) label.charAt(1);
    }

    private void writeCount(int at, int count) {
        int shown = Math.min(count, MAX_COUNT);
        result[at] = (byte) ('0' + shown / 10);
        result[at + 1] = (byte) ('0' + shown % 10);
    }

    /**
     * JA4.md "ALPN Extension Value": the first and last characters of the first protocol (one character is both);
     * "00" without one; when either byte is not an ASCII letter or digit, the first and last hex digits of the value
     * instead (0xBA 0xAD is "bd").
     */
    private void writeAlpn(byte[] data, int extension) {
        result[8] = '0';
        result[9] = '0';
        if (extension < 0) {
            return;
        }
        int pos = extension + 4; // ProtocolName protocol_name_list<2..2^16-1>, RFC 7301 3.1
        int end = pos + u16(data, extension + 2);
        if (end - pos < 3 || end - pos - 3 < (data[pos + 2] & 0xff)) {
            return;
        }
        int length = data[pos + 2] & 0xff;
        if (length == 0) {
            return;
        }
        int first = data[pos + 3] & 0xff;
        int last = data[pos + 2 + length] & 0xff;
        if (isAlphanumeric(first) && isAlphanumeric(last)) {
            result[8] = (byte) first;
            result[9] = (byte) last;
        } else {
            result[8] = HEX[first >> 4];
            result[9] = HEX[last & 0xf];
        }
    }

    /** JA4_b: the sorted suites as comma-separated four-digit hex, hashed. */
    private void hashCiphers(int count) {
        if (count == 0) {
            System.arraycopy(EMPTY_HASH, 0, result, 11, EMPTY_HASH.length);
            return;
        }
        startText();
        for (int i = 0; i < count; i++) {
            appendHex(ciphers[i], i > 0);
        }
        finishText(11);
    }

    /**
     * JA4_c: the sorted extensions without SNI and ALPN, then "_" and the signature algorithms in wire order (without
     * the "_" when there are none), hashed. Only signature_algorithms counts, not delegated_credentials' own list.
     */
    private void hashExtensions(byte[] data, int count, int signatureAlgorithms) {
        if (count == 0) {
            System.arraycopy(EMPTY_HASH, 0, result, 24, EMPTY_HASH.length);
            return;
        }
        startText();
        for (int i = 0; i < count; i++) {
            appendHex(extensions[i], i > 0);
        }
        if (signatureAlgorithms >= 0) {
            // SignatureScheme supported_signature_algorithms<2..2^16-2>, RFC 8446 4.2.3
            int pos = signatureAlgorithms + 4;
            int end = pos + u16(data, signatureAlgorithms + 2);
            int listEnd = end - pos < 2 ? pos : Math.min(end, pos + 2 + u16(data, pos));
            boolean first = true;
            for (int p = pos + 2; p + 2 <= listEnd; p += 2) {
                int scheme = u16(data, p);
                if (!isGrease(scheme)) {
                    if (first) {
                        append('_');
                    }
                    appendHex(scheme, !first);
                    first = false;
                }
            }
        }
        finishText(24);
    }

    private void startText() {
        sha256.reset();
        textLength = 0;
    }

    private void append(char c) {
        if (textLength == text.length) {
            sha256.update(text, 0, textLength);
            textLength = 0;
        }
        text[textLength++] = (byte) c;
    }

    private void appendHex(int value, boolean comma) {
        if (textLength > text.length - 5) {
            sha256.update(text, 0, textLength);
            textLength = 0;
        }
        if (comma) {
            text[textLength++] = ',';
        }
        text[textLength++] = HEX[(value >> 12) & 0xf];
        text[textLength++] = HEX[(value >> 8) & 0xf];
        text[textLength++] = HEX[(value >> 4) & 0xf];
        text[textLength++] = HEX[value & 0xf];
    }

    /** Hashes what is left and writes the first six bytes of the digest as twelve hex digits at {@code at}. */
    private void finishText(int at) {
        sha256.update(text, 0, textLength);
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("a SHA-256 digest is 32 bytes", e);
        }
        for (int i = 0; i < 6; i++) {
            result[at + 2 * i] = HEX[(digest[i] >> 4) & 0xf];
            result[at + 2 * i + 1] = HEX[digest[i] & 0xf];
        }
    }

    /** RFC 8701 2: GREASE values are 0x0A0A, 0x1A1A, ... 0xFAFA, both bytes equal and ending in 0xA. */
    static boolean isGrease(int value) {
        return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff);
    }

    private static boolean isAlphanumeric(int b) {
        return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }

    /** Heapsort: in place, O(n log n) even for a hostile 32,767-suite list, and no allocation (Arrays.sort may). */
    static void sort(char[] values, int count) {
        for (int i = count / 2 - 1; i >= 0; i--) {
            siftDown(values, i, count);
        }
        for (int last = count - 1; last > 0; last--) {
            char top = values[0];
            values[0] = values[last];
            values[last] = top;
            siftDown(values, 0, last);
        }
    }

    private static void siftDown(char[] values, int root, int count) {
        char value = values[root];
        int child;
        while ((child = 2 * root + 1) < count) {
            if (child + 1 < count && values[child + 1] > values[child]) {
                child++;
            }
            if (values[child] <= value) {
                break;
            }
            values[root] = values[child];
            root = child;
        }
        values[root] = value;
    }
}
