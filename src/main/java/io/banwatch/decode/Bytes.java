package io.banwatch.decode;

/** Unsigned big- and little-endian reads; callers check the bounds first. */
final class Bytes {

    private Bytes() {}

    static int u8(byte[] data, int offset) {
        return data[offset] & 0xff;
    }

    static int u16(byte[] data, int offset) {
        return ((data[offset] & 0xff) << 8) | (data[offset + 1] & 0xff);
    }

    static int u16le(byte[] data, int offset) {
        return (data[offset] & 0xff) | ((data[offset + 1] & 0xff) << 8);
    }

    static int u24(byte[] data, int offset) {
        return ((data[offset] & 0xff) << 16) | ((data[offset + 1] & 0xff) << 8) | (data[offset + 2] & 0xff);
    }

    static long u32(byte[] data, int offset) {
        return ((long) u16(data, offset) << 16) | u16(data, offset + 2);
    }

    static long u32le(byte[] data, int offset) {
        return ((long) u16le(data, offset + 2) << 16) | u16le(data, offset);
    }
}
