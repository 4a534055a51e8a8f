package io.banwatch.outcome;

import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;

/**
 * What the tap saw of one followed QUIC connection (or another UDP flow, which has less to tell). Everything after the Initials is encrypted, so the outcome rests
 * on the server's packets: a long-header Initial or Handshake packet from the server (RFC 9000 section 17.2) means it
 * took part in the handshake (RFC 9001 section 4.1.1), and the UDP payload it sent measures the transfer.
 */
final class QuicProgress {

    /** False for a UDP contact of another protocol, whose server answers with any datagram at all. */
    private final boolean quic;

    QuicProgress(boolean quic) {
        this.quic = quic;
    }

    /** RFC 9000 section 17.2: the Header Form bit; set on long-header packets. */
    private static final int LONG_HEADER = 0x80;

    int clientDatagrams;
    long clientBytes, serverBytes;
    boolean serverHandshake, icmpUnreachable;

    void onClientDatagram(int payloadLength) {
        clientDatagrams++;
        clientBytes += payloadLength;
    }

    /**
     * A datagram from the server. A long header with a non-zero version is an Initial, 0-RTT, Handshake or Retry
     * (RFC 9000 section 17.2; a zero version is Version Negotiation, section 17.2.1); a server sends 0-RTT never, and
     * Retry only before it keeps any state, so of these only Initial and Handshake show a handshake. The type bits
     * differ between versions (RFC 9369 section 3.2), hence the version check.
     */
    void onServerDatagram(byte[] data, int offset, int length) {
        serverBytes += length;
        if (!quic) {
            serverHandshake = true;
            return;
        }
        if (length < 5 || (data[offset] & LONG_HEADER) == 0) {
            return; // a short-header (1-RTT) packet, or too short to say
        }
        int version = ((data[offset + 1] & 0xff) << 24)
                | ((data[offset + 2] & 0xff) << 16)
                | ((data[offset + 3] & 0xff) << 8)
                | (data[offset + 4] & 0xff);
        int type = (data[offset] & 0x30) >>> 4;
        if (isInitialOrHandshake(version, type)) {
            serverHandshake = true;
        }
    }

    /** QUIC v1 (RFC 9000 17.2): Initial 0, Handshake 2; QUIC v2 (RFC 9369 3.2): Initial 1, Handshake 3. */
    static boolean isInitialOrHandshake(int version, int type) {
        if (version == 0) {
            return false;
        }
        if (version == 0x6b3343cf) {
            return type == 1 || type == 3;
        }
        return type == 0 || type == 2; // v1 and the drafts that share its layout
    }

    boolean answered() {
        return serverHandshake;
    }

    /**
     * @param silent the no-reply time passed without an answer, or the capture ended after retransmitted Initials
     */
    ContactOutcome verdict(long transferBytes, boolean silent) {
        if (serverBytes >= transferBytes) {
            return new ContactOutcome(Outcome.TRANSFERRED, OutcomeReason.BYTES, serverBytes, clientBytes);
        }
        if (serverHandshake) {
            OutcomeReason reason = quic ? OutcomeReason.QUIC_HANDSHAKE : OutcomeReason.UDP_REPLY;
            return new ContactOutcome(Outcome.CONNECTED, reason, serverBytes, clientBytes);
        }
        if (icmpUnreachable) {
            return new ContactOutcome(Outcome.BLOCKED, OutcomeReason.ICMP_UNREACHABLE, serverBytes, clientBytes);
        }
        if (silent && serverBytes == 0) {
            return new ContactOutcome(Outcome.BLOCKED, OutcomeReason.NO_REPLY, serverBytes, clientBytes);
        }
        return new ContactOutcome(Outcome.UNKNOWN, null, serverBytes, clientBytes);
    }
}
