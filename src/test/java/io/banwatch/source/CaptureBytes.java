package io.banwatch.source;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes capture files byte by byte, little-endian, including what no capture tool would write: the layouts of
 * draft-ietf-opsawg-pcap (file header, record header) and draft-ietf-opsawg-pcapng (SHB, IDB, EPB).
 */
public final class CaptureBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A pcap file header: microsecond magic, version 2.4, the snapshot length, LINKTYPE_ETHERNET. */
    public static CaptureBytes pcap(int snaplen) {
        CaptureBytes file = new CaptureBytes();
        file.u32(0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(snaplen).u32(1);
        return file;
    }

    /** A pcap record header and {@code captured} bytes of frame. */
    public CaptureBytes record(long seconds, long fraction, int captured, int wire) {
        u32((int) seconds).u32((int) fraction).u32(captured).u32(wire);
        out.writeBytes(frame(captured));
        return this;
    }

    /** A pcapng Section Header Block and one Interface Description Block (Ethernet, microseconds). */
    public static CaptureBytes pcapng() {
        CaptureBytes file = new CaptureBytes();
        file.u32(0x0A0D0D0A)
                .u32(28)
                .u32(0x1A2B3C4D)
                .u16(1)
                .u16(0)
                .u32(-1)
                .u32(-1)
                .u32(28);
        file.u32(1).u32(20).u16(1).u16(0).u32(65535).u32(20);
        return file;
    }

    /** A pcapng Enhanced Packet Block on interface 0 at {@code micros} since 1970. */
    public CaptureBytes enhancedPacket(long micros, int captured) {
        int padded = (captured + 3) & ~3;
        int length = 32 + padded;
        u32(6).u32(length)
                .u32(0)
                .u32((int) (micros >>> 32))
                .u32((int) micros)
                .u32(captured)
                .u32(captured);
        out.writeBytes(frame(captured));
        out.writeBytes(new byte[padded - captured]);
        return u32(length);
    }

    /** Any pcapng block: its type, its declared total length and its body as written. */
    CaptureBytes block(int type, int declaredLength, byte[] body) {
        u32(type).u32(declaredLength);
        out.writeBytes(body);
        return u32(declaredLength);
    }

    CaptureBytes u32(int value) {
        out.writeBytes(ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(value)
                .array());
        return this;
    }

    CaptureBytes u16(int value) {
        out.writeBytes(ByteBuffer.allocate(2)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) value)
                .array());
        return this;
    }

    CaptureBytes bytes(byte[] raw) {
        out.writeBytes(raw);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    /** An Ethernet frame of {@code length} bytes whose bytes count up, so a copy can be checked. */
    static byte[] frame(int length) {
        byte[] frame = new byte[length];
        for (int i = 0; i < length; i++) {
            frame[i] = (byte) i;
        }
        return frame;
    }
}
