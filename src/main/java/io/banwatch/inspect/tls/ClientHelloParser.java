package io.banwatch.inspect.tls;

import static io.banwatch.inspect.tls.ClientHelloResult.NEED_MORE_DATA;

import io.banwatch.inspect.tls.ClientHelloResult.ClientHello;
import io.banwatch.inspect.tls.ClientHelloResult.Malformed;
import java.util.List;

/**
 * Reads one ClientHello from handshake-layer bytes, the same for TLS records over TCP and QUIC CRYPTO frames. Pure
 * and bounded: every length is checked against what remains before it is used, and bad input yields
 * {@link Malformed} with a named reason, never an exception.
 */
public final class ClientHelloParser {

    /** msg_type (1) and length (3), RFC 8446 4. */
    public static final int HANDSHAKE_HEADER_LENGTH = 4;

    /** HandshakeType client_hello, RFC 8446 4. */
    public static final int CLIENT_HELLO = 1;

    /**
     * Largest ClientHello body accepted. Post-quantum hellos are ~1.8 KB and the largest seen in captures ~11 KB;
     * 64 KiB leaves room for big PSK identities while bounding every reassembly buffer that holds one.
     */
    public static final int MAX_CLIENT_HELLO_BYTES = 64 * 1024;

    /** Browsers send about 20 extensions; this bounds the quadratic duplicate check. */
    public static final int MAX_EXTENSIONS = 128;

    /** RFC 1035 2.3.4: a domain name is at most 255 octets, so a longer host_name cannot name a host. */
    public static final int MAX_SERVER_NAME_BYTES = 255;

    /** Browsers offer two or three protocols (h2, http/1.1, h3); this bounds the strings one hello can make. */
    public static final int MAX_ALPN_PROTOCOLS = 8;

    static final int EXTENSION_SERVER_NAME = 0; // RFC 6066 3
    static final int EXTENSION_ALPN = 16; // RFC 7301 3.1
    static final int EXTENSION_ENCRYPTED_CLIENT_HELLO = 0xfe0d; // draft-ietf-tls-esni 11.1

    private static final int EXTENSION_HEADER_LENGTH = 4;
    private static final int RANDOM_LENGTH = 32;
    private static final int MAX_SESSION_ID_LENGTH = 32;
    private static final int NAME_TYPE_HOST_NAME = 0; // RFC 6066 3
    private static final int ECH_CLIENT_HELLO_OUTER = 0; // draft-ietf-tls-esni 5: ECHClientHelloType outer(0)
    private static final int ABSENT = -1;
    private static final int NO_HOST_NAME = Integer.MIN_VALUE;
    private static final TlsAnomaly[] ANOMALIES = TlsAnomaly.values();

    private ClientHelloParser() {}

    /**
     * Parses the handshake message that starts at {@code offset} with its 4-byte header. Bytes after the message
     * are ignored.
     *
     * @return the ClientHello, {@link ClientHelloResult.NeedMoreData} when the window ends before the message does,
     *     or {@link Malformed}
     */
    public static ClientHelloResult parse(byte[] data, int offset, int length) {
        if (length >= 1 && (data[offset] & 0xff) != CLIENT_HELLO) {
            return Malformed.of(TlsAnomaly.HANDSHAKE_NOT_CLIENT_HELLO);
        }
        if (length < HANDSHAKE_HEADER_LENGTH) {
            return NEED_MORE_DATA;
        }
        int bodyLength = u24(data, offset + 1);
        if (bodyLength > MAX_CLIENT_HELLO_BYTES) {
            return Malformed.of(TlsAnomaly.CLIENT_HELLO_TOO_LONG);
        }
        if (length - HANDSHAKE_HEADER_LENGTH < bodyLength) {
            return NEED_MORE_DATA;
        }
        int body = offset + HANDSHAKE_HEADER_LENGTH;
        int extensions = skipToExtensions(data, body, body + bodyLength);
        if (extensions < 0) {
            return malformed(extensions);
        }
        // One defect before the extensions that leaves the hello readable is tolerated, as tshark reads it: a
        // legacy_version outside 3.x, or an odd cipher_suites length after which the rest stays in step. One is a
        // client's slip; two are not a hello to trust.
        TlsAnomaly tolerated = data[body] != 3 ? TlsAnomaly.CLIENT_VERSION_BAD : null; // RFC 8446 4.1.2: 3.x
        if (oddCipherSuites(data, body)) {
            if (tolerated != null) {
                return Malformed.of(TlsAnomaly.CIPHER_SUITES_LENGTH_BAD);
            }
            tolerated = TlsAnomaly.CIPHER_SUITES_LENGTH_ODD;
        }
        return readExtensions(data, extensions, body + bodyLength, HANDSHAKE_HEADER_LENGTH + bodyLength, tolerated);
    }

    /** Whether cipher_suites, already checked to lie inside the message, has an odd length. */
    private static boolean oddCipherSuites(byte[] data, int body) {
        int sessionId = body + 2 + RANDOM_LENGTH;
        return (u16(data, sessionId + 1 + (data[sessionId] & 0xff)) & 1) != 0;
    }

    /*
     * struct {
     *     ProtocolVersion legacy_version = 0x0303;    // TLS v1.2
     *     Random random;                              // 32 bytes
     *     opaque legacy_session_id<0..32>;
     *     CipherSuite cipher_suites<2..2^16-2>;
     *     opaque legacy_compression_methods<1..2^8-1>;
     *     Extension extensions<8..2^16-1>;
     * } ClientHello;                                  RFC 8446 4.1.2
     *
     * Returns where the extensions block starts, or a failure code.
     */
    private static int skipToExtensions(byte[] data, int pos, int end) {
        if (end - pos < 2 + RANDOM_LENGTH + 1) {
            return fail(TlsAnomaly.CLIENT_HELLO_TRUNCATED);
        }
        pos += 2 + RANDOM_LENGTH;
        int sessionIdLength = data[pos++] & 0xff;
        if (sessionIdLength > MAX_SESSION_ID_LENGTH || end - pos < sessionIdLength) {
            return fail(TlsAnomaly.SESSION_ID_LENGTH_BAD);
        }
        pos += sessionIdLength;
        if (end - pos < 2) {
            return fail(TlsAnomaly.CLIENT_HELLO_TRUNCATED);
        }
        int cipherSuitesLength = u16(data, pos);
        pos += 2;
        // RFC 8446 4.1.2: two-byte suites, at least one. An odd length is tolerated (counted by the caller) when
        // what follows still reads: tshark reads such a hello, so a client's names are not hidden by one stray byte.
        if (cipherSuitesLength < 2 || end - pos < cipherSuitesLength) {
            return fail(TlsAnomaly.CIPHER_SUITES_LENGTH_BAD);
        }
        pos += cipherSuitesLength;
        if (end - pos < 1) {
            return fail(TlsAnomaly.CLIENT_HELLO_TRUNCATED);
        }
        int compressionMethodsLength = data[pos++] & 0xff;
        if (compressionMethodsLength < 1 || end - pos < compressionMethodsLength) {
            return fail(TlsAnomaly.COMPRESSION_METHODS_LENGTH_BAD);
        }
        return pos + compressionMethodsLength;
    }

    /*
     * struct {
     *     ExtensionType extension_type;
     *     opaque extension_data<0..2^16-1>;
     * } Extension;                                    RFC 8446 4.2
     */
    private static ClientHelloResult readExtensions(
            byte[] data, int pos, int end, int messageLength, TlsAnomaly tolerated) {
        if (pos == end) { // RFC 5246 7.4.1.2: nothing after the compression methods means no extensions
            return new ClientHello(null, false, List.of(), false, messageLength, tolerated);
        }
        if (end - pos < 2) {
            return Malformed.of(TlsAnomaly.CLIENT_HELLO_TRUNCATED);
        }
        int blockLength = u16(data, pos);
        pos += 2;
        boolean shortBlock = false;
        if (blockLength != end - pos) {
            // A block that ends early is read up to its end, as tshark does; one that runs past the message, or a
            // second defect after an odd cipher_suites length, leaves nothing that can be trusted.
            if (blockLength > end - pos || tolerated != null) {
                return Malformed.of(TlsAnomaly.EXTENSIONS_LENGTH_BAD);
            }
            tolerated = TlsAnomaly.EXTENSIONS_LENGTH_SHORT;
            shortBlock = true;
            end = pos + blockLength;
        }
        int blockStart = pos;
        int serverName = ABSENT;
        int alpn = ABSENT;
        boolean echOffered = false;
        for (int count = 0; pos < end; count++) {
            if (count == MAX_EXTENSIONS) {
                return Malformed.of(TlsAnomaly.TOO_MANY_EXTENSIONS);
            }
            if (end - pos < EXTENSION_HEADER_LENGTH || end - pos - EXTENSION_HEADER_LENGTH < u16(data, pos + 2)) {
                if (shortBlock) {
                    break; // the extension that crosses the end of a short block is the same defect, left out
                }
                return Malformed.of(TlsAnomaly.EXTENSION_LENGTH_BAD);
            }
            int type = u16(data, pos);
            int length = u16(data, pos + 2);
            if (appearsBefore(data, blockStart, pos, type)) { // RFC 8446 4.2: at most one of each type
                return Malformed.of(TlsAnomaly.EXTENSION_DUPLICATE);
            }
            if (type == EXTENSION_SERVER_NAME) {
                serverName = pos;
            } else if (type == EXTENSION_ALPN) {
                alpn = pos;
            } else if (type == EXTENSION_ENCRYPTED_CLIENT_HELLO) {
                if (length == 0) {
                    return Malformed.of(TlsAnomaly.ECH_MALFORMED);
                }
                echOffered = data[pos + EXTENSION_HEADER_LENGTH] == ECH_CLIENT_HELLO_OUTER;
            }
            pos += EXTENSION_HEADER_LENGTH + length;
        }
        return describe(data, serverName, alpn, echOffered, messageLength, tolerated);
    }

    private static ClientHelloResult describe(
            byte[] data,
            int serverNameExtension,
            int alpnExtension,
            boolean echOffered,
            int messageLength,
            TlsAnomaly tolerated) {
        String serverName = null;
        if (serverNameExtension != ABSENT) {
            int hostName = findHostName(data, serverNameExtension);
            if (hostName != NO_HOST_NAME) {
                if (hostName < 0) {
                    return malformed(hostName);
                }
                serverName = WireText.serverName(data, hostName, u16(data, hostName - 2));
                if (serverName == null) { // the name was only a dot
                    return Malformed.of(TlsAnomaly.SNI_MALFORMED);
                }
            }
        }
        List<String> protocols = List.of();
        int offered = 0;
        if (alpnExtension != ABSENT) {
            offered = countProtocols(data, alpnExtension);
            if (offered < 0) {
                return malformed(offered);
            }
            protocols = protocols(data, alpnExtension, Math.min(offered, MAX_ALPN_PROTOCOLS));
        }
        return new ClientHello(
                serverName, echOffered, protocols, offered > MAX_ALPN_PROTOCOLS, messageLength, tolerated);
    }

    /** Whether an extension of this type occurs in the (already validated) block before {@code pos}. */
    private static boolean appearsBefore(byte[] data, int blockStart, int pos, int type) {
        for (int p = blockStart; p < pos; p += EXTENSION_HEADER_LENGTH + u16(data, p + 2)) {
            if (u16(data, p) == type) {
                return true;
            }
        }
        return false;
    }

    /*
     * struct {
     *     NameType name_type;
     *     select (name_type) { case host_name: HostName; } name;
     * } ServerName;
     * enum { host_name(0), (255) } NameType;
     * opaque HostName<1..2^16-1>;
     * struct { ServerName server_name_list<1..2^16-1> } ServerNameList;    RFC 6066 3
     *
     * Returns where the first host_name's bytes start (its length is the two bytes before), NO_HOST_NAME, or a
     * failure code.
     */
    private static int findHostName(byte[] data, int extension) {
        int pos = extension + EXTENSION_HEADER_LENGTH;
        int end = pos + u16(data, extension + 2);
        if (end - pos < 2 || u16(data, pos) == 0 || u16(data, pos) != end - pos - 2) {
            return fail(TlsAnomaly.SNI_MALFORMED);
        }
        int hostName = NO_HOST_NAME;
        for (pos += 2; pos < end; ) {
            if (end - pos < 3) {
                return fail(TlsAnomaly.SNI_MALFORMED);
            }
            int nameType = data[pos] & 0xff;
            int nameLength = u16(data, pos + 1);
            pos += 3;
            if (nameLength == 0 || end - pos < nameLength) {
                return fail(TlsAnomaly.SNI_MALFORMED);
            }
            // RFC 6066 3: one name per type, so the first host_name is the one; other types share its length form
            if (nameType == NAME_TYPE_HOST_NAME && hostName == NO_HOST_NAME) {
                hostName = nameLength > MAX_SERVER_NAME_BYTES ? fail(TlsAnomaly.SNI_TOO_LONG) : pos;
            }
            pos += nameLength;
        }
        return hostName;
    }

    /*
     * opaque ProtocolName<1..2^8-1>;
     * struct { ProtocolName protocol_name_list<2..2^16-1> } ProtocolNameList;    RFC 7301 3.1
     *
     * Returns how many protocol names the list holds, or a failure code.
     */
    private static int countProtocols(byte[] data, int extension) {
        int pos = extension + EXTENSION_HEADER_LENGTH;
        int end = pos + u16(data, extension + 2);
        if (end - pos < 2 || u16(data, pos) < 2 || u16(data, pos) != end - pos - 2) {
            return fail(TlsAnomaly.ALPN_MALFORMED);
        }
        int count = 0;
        for (pos += 2; pos < end; count++) {
            int nameLength = data[pos] & 0xff;
            if (nameLength == 0 || end - pos - 1 < nameLength) {
                return fail(TlsAnomaly.ALPN_MALFORMED);
            }
            pos += 1 + nameLength;
        }
        return count;
    }

    /** The first {@code count} names of an ALPN list that {@link #countProtocols} validated. */
    private static List<String> protocols(byte[] data, int extension, int count) {
        String[] names = new String[count];
        int pos = extension + EXTENSION_HEADER_LENGTH + 2;
        for (int i = 0; i < count; i++) {
            int nameLength = data[pos] & 0xff;
            names[i] = WireText.protocolName(data, pos + 1, nameLength);
            pos += 1 + nameLength;
        }
        return List.of(names);
    }

    private static int fail(TlsAnomaly anomaly) {
        return -1 - anomaly.ordinal();
    }

    private static Malformed malformed(int failureCode) {
        return Malformed.of(ANOMALIES[-1 - failureCode]);
    }

    static int u16(byte[] data, int pos) {
        return (data[pos] & 0xff) << 8 | data[pos + 1] & 0xff;
    }

    static int u24(byte[] data, int pos) {
        return (data[pos] & 0xff) << 16 | (data[pos + 1] & 0xff) << 8 | data[pos + 2] & 0xff;
    }
}
