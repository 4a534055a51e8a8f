package io.banwatch.inspect.tls;

/**
 * A ClientHello shaped like a current Chrome one: GREASE (RFC 8701) suites, groups, versions and extensions, an
 * X25519MLKEM768 key share (1184-byte ML-KEM-768 key plus 32-byte X25519 key), an outer ECH GREASE extension,
 * the server_name near the end of the extension list and padding up to {@link #LENGTH} bytes.
 */
public final class ChromeHello {

    /** Bytes of the handshake message, header included: the size of real post-quantum hellos. */
    public static final int LENGTH = 1800;

    static final int X25519_MLKEM768 = 0x11ec;
    static final int X25519_MLKEM768_SHARE_LENGTH = 1216;
    static final int ENCRYPTED_CLIENT_HELLO = 0xfe0d;
    static final int PADDING = 21; // RFC 7685

    private ChromeHello() {}

    public static byte[] handshake(String serverName) {
        return handshake(serverName, true);
    }

    public static byte[] handshake(String serverName, boolean echGrease) {
        int unpadded = builder(serverName, echGrease).handshake().length;
        int padding = LENGTH - unpadded - 4;
        return builder(serverName, echGrease)
                .extension(PADDING, new byte[padding])
                .handshake();
    }

    private static ClientHelloBuilder builder(String serverName, boolean echGrease) {
        ClientHelloBuilder hello = new ClientHelloBuilder()
                .cipherSuites(
                        0x3a3a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014,
                        0x009c, 0x009d, 0x002f, 0x0035)
                .extension(0x0a0a, new byte[0])
                .extension(51, keyShare()) // RFC 8446 4.2.8
                .extension(43, TlsBytes.hex("06 8a8a 0304 0303")) // supported_versions, RFC 8446 4.2.1
                .extension(13, TlsBytes.hex("0010 0403 0804 0401 0503 0805 0501 0806 0601")) // signature_algorithms
                .extension(23, new byte[0]) // extended_master_secret
                .extension(35, new byte[0]) // session_ticket
                .extension(18, new byte[0]) // signed_certificate_timestamp
                .extension(5, TlsBytes.hex("01 0000 0000")) // status_request
                .extension(10, TlsBytes.hex("000a 8a8a 11ec 001d 0017 0018")) // supported_groups
                .extension(11, TlsBytes.hex("0100")) // ec_point_formats
                .extension(45, TlsBytes.hex("0101")) // psk_key_exchange_modes
                .alpn("h2", "http/1.1")
                .extension(27, TlsBytes.hex("020002")) // compress_certificate, brotli
                .extension(0x44cd, TlsBytes.hex("0003 02 6832")) // application_settings
                .extension(0xff01, TlsBytes.hex("00")); // renegotiation_info
        if (echGrease) {
            hello.extension(ENCRYPTED_CLIENT_HELLO, echGrease());
        }
        if (serverName != null) {
            hello.serverName(serverName);
        }
        return hello.extension(0x1a1a, TlsBytes.hex("00"));
    }

    /** RFC 8446 4.2.8 KeyShareClientHello: a GREASE share, X25519MLKEM768, then X25519. */
    private static byte[] keyShare() {
        return TlsBytes.build(b -> b.vector16(shares -> {
            shares.u16(0x8a8a).vector16(key -> key.u8(0));
            shares.u16(X25519_MLKEM768).vector16(key -> key.filler(0x11, X25519_MLKEM768_SHARE_LENGTH));
            shares.u16(0x001d).vector16(key -> key.filler(0x99, 32));
        }));
    }

    /** draft-ietf-tls-esni 6.2 GREASE: an outer ECHClientHello with random enc and payload. */
    private static byte[] echGrease() {
        return TlsBytes.build(b -> b.u8(0) // ECHClientHelloType outer
                .u16(0x0001) // HKDF-SHA256
                .u16(0x0001) // AES-128-GCM
                .u8(0x5c) // config_id
                .vector16(enc -> enc.filler(0x20, 32))
                .vector16(payload -> payload.filler(0x60, 144)));
    }
}
