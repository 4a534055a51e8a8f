package io.banwatch.inspect.tls;

import io.banwatch.decode.Anomaly;
import java.util.Locale;

/** Why a TLS record or ClientHello was skipped. */
public enum TlsAnomaly implements Anomaly {
    /** A record announces more than 2^14 + 2048 bytes (RFC 5246 6.2.3, RFC 8446 5.2). */
    RECORD_TOO_LONG,
    /** A record's legacy_record_version is not 0x03xx (RFC 8446 5.1). */
    RECORD_VERSION_BAD,
    /** A record's content type is none of change_cipher_spec, alert, handshake, application_data, heartbeat. */
    RECORD_TYPE_UNKNOWN,
    /** A zero-length handshake record, which RFC 8446 5.1 forbids. */
    RECORD_EMPTY,
    /** Another record type arrived between the fragments of one handshake message (RFC 8446 5.1). */
    HANDSHAKE_INTERLEAVED,
    /** The handshake message handed to the ClientHello parser is of another type. */
    HANDSHAKE_NOT_CLIENT_HELLO,
    /** The ClientHello's 3-byte length exceeds {@link ClientHelloParser#MAX_CLIENT_HELLO_BYTES}. */
    CLIENT_HELLO_TOO_LONG,
    /** A fixed field or length prefix runs past the length the handshake header announces. */
    CLIENT_HELLO_TRUNCATED,
    /**
     * legacy_version is not 0x03xx (RFC 8446 4.1.2) but the rest of the message reads: the hello is still reported,
     * as tshark reads it. With an odd cipher_suites length as well it is refused as {@link #CIPHER_SUITES_LENGTH_BAD}.
     */
    CLIENT_VERSION_BAD,
    /** legacy_session_id is longer than 32 bytes or runs past the message. */
    SESSION_ID_LENGTH_BAD,
    /** cipher_suites is empty or runs past the message, or has an odd length after a bad legacy_version. */
    CIPHER_SUITES_LENGTH_BAD,
    /**
     * cipher_suites has an odd length (RFC 8446 4.1.2 wants two-byte suites) but the rest of the message reads
     * consistently after it: the hello is still reported, as tshark reads it.
     */
    CIPHER_SUITES_LENGTH_ODD,
    /** legacy_compression_methods is empty or runs past the message. */
    COMPRESSION_METHODS_LENGTH_BAD,
    /** The extensions block runs past the message, or a second defect follows a tolerated one. */
    EXTENSIONS_LENGTH_BAD,
    /**
     * The extensions block ends before the message does: the extensions wholly inside it are read and the hello
     * reported, as tshark reads it; one that crosses the block's end is left out.
     */
    EXTENSIONS_LENGTH_SHORT,
    /** One extension's header or data runs past the extensions block. */
    EXTENSION_LENGTH_BAD,
    /** The same extension type appears twice (RFC 8446 4.2). */
    EXTENSION_DUPLICATE,
    /** More extensions than {@link ClientHelloParser#MAX_EXTENSIONS}. */
    TOO_MANY_EXTENSIONS,
    /** The server_name extension's lengths are inconsistent or its host_name is empty (RFC 6066 3). */
    SNI_MALFORMED,
    /** The host_name is longer than {@link ClientHelloParser#MAX_SERVER_NAME_BYTES}. */
    SNI_TOO_LONG,
    /** The ALPN extension's lengths are inconsistent or a protocol name is empty (RFC 7301 3.1). */
    ALPN_MALFORMED,
    /** More ALPN protocols than {@link ClientHelloParser#MAX_ALPN_PROTOCOLS}; the rest were not reported. */
    ALPN_LIST_TRUNCATED,
    /** The encrypted_client_hello extension is empty. */
    ECH_MALFORMED,
    /** More ClientHellos than {@link TlsStreamParser#MAX_HELLOS_PER_DIRECTION}; the direction was abandoned. */
    HELLO_LIMIT_REACHED;

    private final String reason = name().toLowerCase(Locale.ROOT);

    @Override
    public String layer() {
        return "tls";
    }

    @Override
    public String reason() {
        return reason;
    }
}
