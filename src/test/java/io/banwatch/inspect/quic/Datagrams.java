package io.banwatch.inspect.quic;

import io.banwatch.decode.DecodedPacket;

/** UDP datagrams between one client and one server, as the decoder hands them to inspectors. */
final class Datagrams {

    static final byte[] CLIENT_IP = {10, 4, 7, 19};
    static final byte[] SERVER_IP = {(byte) 203, 0, 113, 80};
    static final int CLIENT_PORT = 51_234;
    static final int SERVER_PORT = 443;
    static final long T0 = 1_727_690_400_000_000_000L; // 2024-09-30T10:00:00Z

    private Datagrams() {}

    static DecodedPacket fromClient(byte[] payload, long timestampNanos) {
        return datagram(payload, timestampNanos, CLIENT_IP, CLIENT_PORT, SERVER_IP, SERVER_PORT);
    }

    static DecodedPacket fromServer(byte[] payload, long timestampNanos) {
        return datagram(payload, timestampNanos, SERVER_IP, SERVER_PORT, CLIENT_IP, CLIENT_PORT);
    }

    static DecodedPacket datagram(
            byte[] payload,
            long timestampNanos,
            byte[] source,
            int sourcePort,
            byte[] destination,
            int destinationPort) {
        DecodedPacket packet = new DecodedPacket();
        packet.timestampNanos = timestampNanos;
        packet.ipVersion = source.length == 16 ? 6 : 4;
        System.arraycopy(source, 0, packet.sourceAddress, 0, source.length);
        System.arraycopy(destination, 0, packet.destinationAddress, 0, destination.length);
        packet.transport = DecodedPacket.UDP;
        packet.sourcePort = sourcePort;
        packet.destinationPort = destinationPort;
        // the payload sits inside a larger buffer, as it does in a captured frame, followed by bytes that would start
        // another long header if the inspector read past the payload
        byte[] frame = new byte[payload.length + 42 + 4];
        java.util.Arrays.fill(frame, (byte) 0xcc);
        System.arraycopy(payload, 0, frame, 42, payload.length);
        packet.data = frame;
        packet.payloadOffset = 42;
        packet.payloadLength = payload.length;
        return packet;
    }
}
