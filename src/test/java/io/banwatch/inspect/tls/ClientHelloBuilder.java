package io.banwatch.inspect.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds ClientHello handshake messages and the TLS records that carry them (RFC 8446 4.1.2, 5.1). */
final class ClientHelloBuilder {

    static final int HANDSHAKE = 22;
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int APPLICATION_DATA = 23;

    private int legacyVersion = 0x0303;
    private int sessionIdLength = 32;
    private int[] cipherSuites = {0x1301, 0x1302, 0x1303};
    private final List<byte[]> extensions = new ArrayList<>();

    ClientHelloBuilder legacyVersion(int version) {
        this.legacyVersion = version;
        return this;
    }

    ClientHelloBuilder sessionIdLength(int length) {
        this.sessionIdLength = length;
        return this;
    }

    ClientHelloBuilder cipherSuites(int... suites) {
        this.cipherSuites = suites.clone();
        return this;
    }

    ClientHelloBuilder extension(int type, byte[] data) {
        extensions.add(TlsBytes.build(b -> b.u16(type).u16(data.length).bytes(data)));
        return this;
    }

    ClientHelloBuilder serverName(String name) {
        return extension(0, serverNameData(name.getBytes(StandardCharsets.ISO_8859_1)));
    }

    ClientHelloBuilder alpn(String... protocols) {
        return extension(
                16,
                TlsBytes.build(b -> b.vector16(list -> {
                    for (String protocol : protocols) {
                        list.vector8(name -> name.bytes(protocol.getBytes(StandardCharsets.ISO_8859_1)));
                    }
                })));
    }

    /** RFC 6066 3: a server_name_list holding one host_name. */
    static byte[] serverNameData(byte[] hostName) {
        return TlsBytes.build(b -> b.vector16(list -> list.u8(0).vector16(name -> name.bytes(hostName))));
    }

    /** The handshake message with its 4-byte header. */
    byte[] handshake() {
        return TlsBytes.build(b -> b.u8(1).vector24(body -> {
            body.u16(legacyVersion).filler(0x40, 32);
            body.vector8(id -> id.filler(0x80, sessionIdLength));
            body.vector16(suites -> Arrays.stream(cipherSuites).forEach(suites::u16));
            body.vector8(compression -> compression.u8(0));
            body.vector16(block -> extensions.forEach(block::bytes));
        }));
    }

    /** One record of the given content type; the legacy version is 0x0301 as clients send it for a first hello. */
    static byte[] record(int contentType, byte[] payload) {
        return TlsBytes.build(
                b -> b.u8(contentType).u16(0x0301).u16(payload.length).bytes(payload));
    }

    static byte[] record(byte[] handshake) {
        return record(HANDSHAKE, handshake);
    }

    /** The handshake bytes cut into handshake records at the given (ascending) offsets. */
    static byte[] records(byte[] handshake, int... cuts) {
        TlsBytes out = new TlsBytes();
        int start = 0;
        for (int cut : cuts) {
            out.bytes(record(Arrays.copyOfRange(handshake, start, cut)));
            start = cut;
        }
        return out.bytes(record(Arrays.copyOfRange(handshake, start, handshake.length)))
                .toByteArray();
    }

    static byte[] changeCipherSpec() {
        return record(CHANGE_CIPHER_SPEC, new byte[] {1});
    }
}
