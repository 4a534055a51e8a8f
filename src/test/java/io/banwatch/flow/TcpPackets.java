package io.banwatch.flow;

import io.banwatch.decode.DecodedPacket;
import java.nio.charset.StandardCharsets;

/** Builds decoded TCP packets of one connection for tests: a client and a server, addresses and ports fixed. */
final class TcpPackets {

    static final byte[] CLIENT_IP = {10, 0, 0, 1};
    static final byte[] SERVER_IP = {93, (byte) 184, (byte) 215, 14};
    static final long SECOND = 1_000_000_000L;

    final int clientPort;
    final int serverPort;
    long clientIsn = 1000;
    long serverIsn = 50_000;
    long timeNanos = 1_727_600_000L * SECOND;
    byte[] clientIp = CLIENT_IP;

    TcpPackets(int clientPort, int serverPort) {
        this.clientPort = clientPort;
        this.serverPort = serverPort;
    }

    DecodedPacket syn() {
        return fromClient(clientIsn, DecodedPacket.SYN, new byte[0]);
    }

    DecodedPacket synAck() {
        DecodedPacket synAck = fromServer(serverIsn, DecodedPacket.SYN | DecodedPacket.ACK, new byte[0]);
        synAck.acknowledgement = (clientIsn + 1) & 0xffffffffL; // RFC 9293 section 3.5: the SYN takes one number
        return synAck;
    }

    /** A client segment whose payload starts {@code streamOffset} bytes after the client's ISN + 1. */
    DecodedPacket client(long streamOffset, String payload) {
        return client(streamOffset, ascii(payload));
    }

    DecodedPacket client(long streamOffset, byte[] payload) {
        return fromClient((clientIsn + 1 + streamOffset) & 0xffffffffL, DecodedPacket.ACK | DecodedPacket.PSH, payload);
    }

    DecodedPacket server(long streamOffset, String payload) {
        return fromServer(
                (serverIsn + 1 + streamOffset) & 0xffffffffL, DecodedPacket.ACK | DecodedPacket.PSH, ascii(payload));
    }

    DecodedPacket fromClient(long sequence, int flags, byte[] payload) {
        return packet(clientIp, clientPort, SERVER_IP, serverPort, sequence, flags, payload);
    }

    DecodedPacket fromServer(long sequence, int flags, byte[] payload) {
        return packet(SERVER_IP, serverPort, clientIp, clientPort, sequence, flags, payload);
    }

    DecodedPacket packet(
            byte[] source,
            int sourcePort,
            byte[] destination,
            int destinationPort,
            long sequence,
            int flags,
            byte[] payload) {
        DecodedPacket packet = new DecodedPacket();
        packet.timestampNanos = timeNanos;
        packet.ipVersion = source.length == 16 ? 6 : 4;
        System.arraycopy(source, 0, packet.sourceAddress, 0, source.length);
        System.arraycopy(destination, 0, packet.destinationAddress, 0, destination.length);
        packet.transport = DecodedPacket.TCP;
        packet.sourcePort = sourcePort;
        packet.destinationPort = destinationPort;
        packet.sequence = sequence;
        packet.acknowledgement = 1;
        packet.tcpFlags = flags;
        // Payload in the middle of a larger array, as in a captured frame.
        byte[] frame = new byte[54 + payload.length + 4];
        System.arraycopy(payload, 0, frame, 54, payload.length);
        packet.data = frame;
        packet.payloadOffset = 54;
        packet.payloadLength = payload.length;
        packet.wireLength = frame.length;
        return packet;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
