package io.banwatch.inspect.quic;

import static io.banwatch.inspect.quic.QuicBytes.concat;
import static io.banwatch.inspect.quic.QuicBytes.hex;

import java.util.Arrays;

/** The client Initial examples of RFC 9001 Appendix A and RFC 9369 Appendix A (QUIC v2), which share one DCID. */
final class Rfc9001 {

    static final byte[] DCID = hex("8394c8f03e515708");

    /** A.2: the CRYPTO frame carrying the ClientHello for example.com. */
    static final byte[] CRYPTO_FRAME = hex("""
            060040f1010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e868
            04fe3a47f06a2b69484c00000413011302010000c000000010000e00000b6578
            616d706c652e636f6dff01000100000a00080006001d00170018001000070005
            04616c706e000500050100000000003300260024001d00209370b2c9caa47fba
            baf4559fedba753de171fa71f50f1ce15d43e994ec74d748002b000302030400
            0d0010000e0403050306030203080408050806002d00020101001c0002400100
            3900320408ffffffffffffffff05048000ffff07048000ffff08011001048000
            75300901100f088394c8f03e51570806048000ffff""");

    /** A.2: the ClientHello handshake message alone (the CRYPTO frame after type, offset and length). */
    static final byte[] CLIENT_HELLO = Arrays.copyOfRange(CRYPTO_FRAME, 4, CRYPTO_FRAME.length);

    /** A.2: the unprotected payload, the CRYPTO frame padded with 917 PADDING frames to 1162 bytes. */
    static final byte[] PAYLOAD = concat(CRYPTO_FRAME, new byte[917]);

    static final byte[] V1_UNPROTECTED_HEADER = hex("c300000001088394c8f03e5157080000449e00000002");
    static final byte[] V2_UNPROTECTED_HEADER = hex("d36b3343cf088394c8f03e5157080000449e00000002");

    static final byte[] V1_CLIENT_INITIAL = QuicBytes.fixture("rfc9001-a2-client-initial.hex");
    static final byte[] V2_CLIENT_INITIAL = QuicBytes.fixture("rfc9369-a2-client-initial.hex");

    /** RFC 9001 A.3: the server Initial, protected with server keys. */
    static final byte[] V1_SERVER_INITIAL = hex("""
            cf000000010008f067a5502a4262b5004075c0d95a482cd0991cd25b0aac406a
            5816b6394100f37a1c69797554780bb38cc5a99f5ede4cf73c3ec2493a1839b3
            dbcba3f6ea46c5b7684df3548e7ddeb9c3bf9c73cc3f3bded74b562bfb19fb84
            022f8ef4cdd93795d77d06edbb7aaf2f58891850abbdca3d20398c276456cbc4
            2158407dd074ee""");

    static final long PACKET_NUMBER = 2;

    private Rfc9001() {}
}
