package io.banwatch.outcome;

import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.Endpoint;

/** Decoded packets between one client and one server, filled in as the decoder would. */
final class Packets {

    static final String CLIENT = "10.1.2.3";
    static final String SERVER = "203.0.113.7";
    static final int CLIENT_PORT = 49_800;
    static final long T0 = 1_727_740_800_000_000_000L; // 2024-10-01T00:00:00Z
    static final long SECOND = 1_000_000_000L;

    private Packets() {}

    static DecodedPacket tcp(
            boolean fromClient, int flags, long seq, long ack, int payloadLength, int serverPort, long t) {
        DecodedPacket p = endpoints(fromClient, DecodedPacket.TCP, serverPort, t);
        p.tcpFlags = flags;
        p.sequence = seq;
        p.acknowledgement = ack;
        p.data = new byte[payloadLength];
        p.payloadOffset = 0;
        p.payloadLength = payloadLength;
        return p;
    }

    static DecodedPacket udp(boolean fromClient, byte[] payload, int serverPort, long t) {
        DecodedPacket p = endpoints(fromClient, DecodedPacket.UDP, serverPort, t);
        p.data = payload;
        p.payloadOffset = 0;
        p.payloadLength = payload.length;
        return p;
    }

    /** An ICMP Destination Unreachable (RFC 792) from the server, quoting a client packet of {@code transport}. */
    static DecodedPacket unreachable(int transport, int serverPort, long t) {
        byte[] client = Endpoint.parse(CLIENT, 0).address();
        byte[] server = Endpoint.parse(SERVER, 0).address();
        byte[] message = new byte[8 + 20 + 8];
        message[0] = 3; // Destination Unreachable
        message[1] = 3; // port unreachable
        message[8] = 0x45;
        message[8 + 9] = (byte) transport;
        System.arraycopy(client, 0, message, 8 + 12, 4);
        System.arraycopy(server, 0, message, 8 + 16, 4);
        message[28] = (byte) (CLIENT_PORT >> 8);
        message[29] = (byte) CLIENT_PORT;
        message[30] = (byte) (serverPort >> 8);
        message[31] = (byte) serverPort;
        DecodedPacket p = endpoints(false, DecodedPacket.ICMP, 0, t);
        p.sourcePort = 0;
        p.destinationPort = 0;
        p.data = message;
        p.payloadOffset = 0;
        p.payloadLength = message.length;
        return p;
    }

    private static DecodedPacket endpoints(boolean fromClient, int transport, int serverPort, long t) {
        DecodedPacket p = new DecodedPacket();
        p.timestampNanos = t;
        p.ipVersion = 4;
        p.transport = transport;
        byte[] client = Endpoint.parse(CLIENT, 0).address();
        byte[] server = Endpoint.parse(SERVER, 0).address();
        System.arraycopy(fromClient ? client : server, 0, p.sourceAddress, 0, 4);
        System.arraycopy(fromClient ? server : client, 0, p.destinationAddress, 0, 4);
        p.sourcePort = fromClient ? CLIENT_PORT : serverPort;
        p.destinationPort = fromClient ? serverPort : CLIENT_PORT;
        return p;
    }
}
