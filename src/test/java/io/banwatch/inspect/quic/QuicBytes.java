package io.banwatch.inspect.quic;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Byte helpers for QUIC tests: hex, concatenation, varints (RFC 9000 16), frames (RFC 9000 19), fixtures. */
final class QuicBytes {

    private QuicBytes() {}

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The shortest encoding of {@code value} (RFC 9000 16). */
    static byte[] varint(long value) {
        if (value < 1 << 6) {
            return new byte[] {(byte) value};
        }
        if (value < 1 << 14) {
            return new byte[] {(byte) (0x40 | value >>> 8), (byte) value};
        }
        if (value < 1L << 30) {
            return new byte[] {(byte) (0x80 | value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        }
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (value >>> (56 - 8 * i));
        }
        out[0] |= (byte) 0xc0;
        return out;
    }

    /** RFC 9000 19.6. */
    static byte[] crypto(long offset, byte[] data) {
        return concat(new byte[] {0x06}, varint(offset), varint(data.length), data);
    }

    /** The part {@code [from, to)} of {@code hello} as a CRYPTO frame at offset {@code from}. */
    static byte[] crypto(byte[] hello, int from, int to) {
        return crypto(from, java.util.Arrays.copyOfRange(hello, from, to));
    }

    /** RFC 9000 19.1. */
    static byte[] padding(int length) {
        return new byte[length];
    }

    /** RFC 9000 19.3: an ACK (or ACK_ECN) with the given gap/length pairs after the first range. */
    static byte[] ack(boolean ecn, long largest, long... gapsAndLengths) {
        byte[] ranges = new byte[0];
        for (long value : gapsAndLengths) {
            ranges = concat(ranges, varint(value));
        }
        byte[] frame = concat(
                new byte[] {(byte) (ecn ? 0x03 : 0x02)},
                varint(largest),
                varint(25), // ACK Delay
                varint(gapsAndLengths.length / 2),
                varint(0), // First ACK Range
                ranges);
        return ecn ? concat(frame, varint(1), varint(0), varint(300)) : frame;
    }

    /** RFC 9000 19.19: a CONNECTION_CLOSE of the transport (type 0x1c). */
    static byte[] connectionClose(String reason) {
        byte[] phrase = reason.getBytes(StandardCharsets.US_ASCII);
        return concat(new byte[] {0x1c}, varint(0x0a), varint(0x06), varint(phrase.length), phrase);
    }

    /** A fixture under src/test/resources/io/banwatch/inspect/quic, written as hex. */
    static byte[] fixture(String name) {
        try (InputStream in = QuicBytes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return hex(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
