package io.banwatch.inspect.tls;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.function.Consumer;

/** Writes TLS wire structures (RFC 8446 3: big-endian numbers, length-prefixed vectors) for test inputs. */
final class TlsBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    static byte[] build(Consumer<TlsBytes> body) {
        TlsBytes bytes = new TlsBytes();
        body.accept(bytes);
        return bytes.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        TlsBytes bytes = new TlsBytes();
        for (byte[] part : parts) {
            bytes.bytes(part);
        }
        return bytes.toByteArray();
    }

    TlsBytes u8(int value) {
        out.write(value);
        return this;
    }

    TlsBytes u16(int value) {
        return u8(value >>> 8).u8(value);
    }

    TlsBytes u24(int value) {
        return u8(value >>> 16).u16(value);
    }

    TlsBytes bytes(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    /** {@code count} bytes {@code seed, seed + 1, ...}: recognisable filler for randoms and keys. */
    TlsBytes filler(int seed, int count) {
        for (int i = 0; i < count; i++) {
            u8(seed + i);
        }
        return this;
    }

    TlsBytes vector8(Consumer<TlsBytes> body) {
        byte[] content = build(body);
        return u8(content.length).bytes(content);
    }

    TlsBytes vector16(Consumer<TlsBytes> body) {
        byte[] content = build(body);
        return u16(content.length).bytes(content);
    }

    TlsBytes vector24(Consumer<TlsBytes> body) {
        byte[] content = build(body);
        return u24(content.length).bytes(content);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
