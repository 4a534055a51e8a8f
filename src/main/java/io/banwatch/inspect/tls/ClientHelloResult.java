package io.banwatch.inspect.tls;

import java.util.List;

/** What {@link ClientHelloParser#parse} made of a handshake-layer byte window. */
public sealed interface ClientHelloResult {

    /** The shared {@link NeedMoreData}, so a parse that waits allocates nothing. */
    ClientHelloResult.NeedMoreData NEED_MORE_DATA = new NeedMoreData();

    /**
     * A complete ClientHello whose names could be read.
     *
     * @param serverName the first host_name of the server_name extension, normalised (lower case, bytes outside
     *     0x21..0x7e as a backslash and three octal digits, no trailing dot); null when there is none
     * @param echOffered whether an outer encrypted_client_hello extension is present; ECH GREASE looks the same on
     *     the wire by design, so this counts clients that offer or imitate ECH
     * @param alpnProtocols the offered application protocols in order, at most
     *     {@link ClientHelloParser#MAX_ALPN_PROTOCOLS}; empty when there is no ALPN extension
     * @param alpnTruncated whether more protocols were offered than were kept
     * @param messageLength bytes of the handshake message, its 4-byte header included
     * @param tolerated the one defect the message has that leaves its names readable (an odd cipher_suites length,
     *     a short extensions block), to be counted; null for a well-formed message
     */
    record ClientHello(
            String serverName,
            boolean echOffered,
            List<String> alpnProtocols,
            boolean alpnTruncated,
            int messageLength,
            TlsAnomaly tolerated)
            implements ClientHelloResult {

        /** A well-formed ClientHello. */
        public ClientHello(
                String serverName,
                boolean echOffered,
                List<String> alpnProtocols,
                boolean alpnTruncated,
                int messageLength) {
            this(serverName, echOffered, alpnProtocols, alpnTruncated, messageLength, null);
        }
    }

    /** The window ends before the message does; call again with more bytes. */
    record NeedMoreData() implements ClientHelloResult {}

    /** The message breaks a rule of RFC 8446 4.1.2 or of one of its extensions. */
    record Malformed(TlsAnomaly reason) implements ClientHelloResult {

        private static final Malformed[] BY_REASON = new Malformed[TlsAnomaly.values().length];

        static {
            for (TlsAnomaly anomaly : TlsAnomaly.values()) {
                BY_REASON[anomaly.ordinal()] = new Malformed(anomaly);
            }
        }

        /** The shared instance for a reason, so a parse that fails allocates nothing. */
        public static Malformed of(TlsAnomaly reason) {
            return BY_REASON[reason.ordinal()];
        }
    }
}
