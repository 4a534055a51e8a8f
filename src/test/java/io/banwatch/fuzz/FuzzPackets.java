package io.banwatch.fuzz;

import io.banwatch.decode.DecodedPacket;

/**
 * Decoded packets of one client and one server for the targets that start after the decoder: the payload sits in the
 * middle of a larger array, as it does in a captured frame, so that an offset mistake reads neighbouring bytes.
 */
public final class FuzzPackets {

    public static final byte[] CLIENT_IP = {10, 0, 0, 1};
    public static final byte[] SERVER_IP = {(byte) 203, 0, 113, 80};
    public static final int CLIENT_PORT = 50_123;
    public static final long T0 = 1_727_690_400_000_000_000L; // 2024-09-30T10:00:00Z
    private static final int HEADROOM = 54;

    private FuzzPackets() {}

    public static DecodedPacket udp(boolean fromClient, int serverPort, byte[] payload, long timestampNanos) {
        return packet(DecodedPacket.UDP, fromClient, serverPort, 0, 0, payload, timestampNanos);
    }

    public static DecodedPacket tcp(
            boolean fromClient, int serverPort, long sequence, int flags, byte[] payload, long timestampNanos) {
        return packet(DecodedPacket.TCP, fromClient, serverPort, sequence, flags, payload, timestampNanos);
    }

    private static DecodedPacket packet(
            int transport,
            boolean fromClient,
            int serverPort,
            long sequence,
            int flags,
            byte[] payload,
            long timestampNanos) {
        DecodedPacket packet = new DecodedPacket();
        packet.timestampNanos = timestampNanos;
        packet.ipVersion = 4;
        System.arraycopy(fromClient ? CLIENT_IP : SERVER_IP, 0, packet.sourceAddress, 0, 4);
        System.arraycopy(fromClient ? SERVER_IP : CLIENT_IP, 0, packet.destinationAddress, 0, 4);
        packet.transport = transport;
        packet.sourcePort = fromClient ? CLIENT_PORT : serverPort;
        packet.destinationPort = fromClient ? serverPort : CLIENT_PORT;
        packet.sequence = sequence & 0xffffffffL;
        packet.acknowledgement = 1;
        packet.tcpFlags = flags;
        byte[] frame = new byte[HEADROOM + payload.length + 4];
        System.arraycopy(payload, 0, frame, HEADROOM, payload.length);
        packet.data = frame;
        packet.payloadOffset = HEADROOM;
        packet.payloadLength = payload.length;
        packet.wireLength = frame.length;
        return packet;
    }
}
