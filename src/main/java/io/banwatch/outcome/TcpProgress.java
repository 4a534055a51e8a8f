package io.banwatch.outcome;

import io.banwatch.decode.DecodedPacket;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.inspect.Protocol;

/**
 * What the tap saw of one followed TCP connection, kept to the segments the default capture filter lets through:
 * the client's segments (SYN, data, FIN, RST and a sample of its acknowledgements) and the server's SYN-ACK, FIN
 * and RST. How much the server sent is read from the client's acknowledgement numbers (RFC 9293 section 3.4: the
 * ACK field is the next sequence number the receiver expects), so the server's bulk never needs to be seen.
 */
final class TcpProgress {

    /** Sequence numbers are compared modulo 2^32 (RFC 9293 section 3.4); a larger jump is not a real advance. */
    private static final long HALF_SPACE = 1L << 31;

    private static final long MOD = 1L << 32;

    int clientSyns;
    boolean serverSynAck;
    /** A client segment acknowledged something after its SYN: the handshake completed (RFC 9293 section 3.5). */
    boolean clientAcknowledged;

    boolean clientFin, serverFin, clientReset, serverReset, icmpUnreachable;
    /** The client sent more after the server answered its first flight: a TLS client's Finished (RFC 8446 4.4.4). */
    boolean clientSpokeAfterReply;

    /** The first sequence number of each side's data (SYN + 1), or -1 while unknown. */
    private long clientBase = -1, serverBase = -1;

    private long clientBytes, serverAcked, serverFinOffset = -1;
    /** Client bytes sent before any server byte was acknowledged: its first flight (a ClientHello, a request). */
    private long clientFirstFlight = -1;

    /** Origins known when the contact was recognised mid-connection; -1 when that SYN was not seen. */
    void origins(long clientIsn, long serverIsn) {
        if (clientIsn >= 0) {
            clientBase = (clientIsn + 1) % MOD;
        }
        if (serverIsn >= 0) {
            serverBase = (serverIsn + 1) % MOD;
        }
    }

    void onClientSegment(int flags, long sequence, long acknowledgement, int payloadLength) {
        boolean syn = (flags & DecodedPacket.SYN) != 0;
        if (syn) {
            clientSyns++;
            clientBase = (sequence + 1) % MOD;
            return;
        }
        if ((flags & DecodedPacket.RST) != 0) {
            clientReset = true;
        }
        if ((flags & DecodedPacket.ACK) != 0) {
            clientAcknowledged = true;
            if (serverBase < 0) {
                serverBase = acknowledgement; // the server had sent nothing before the client's first segment seen
            }
            long acked = offset(acknowledgement, serverBase);
            if (acked >= 0 && acked > serverAcked) {
                serverAcked = acked;
            }
        }
        if (clientBase < 0 && payloadLength > 0) {
            clientBase = sequence; // its SYN was not seen: count from the first data seen
        }
        if (clientBase >= 0) {
            long end = offset(sequence + payloadLength, clientBase);
            if (end >= 0 && end > clientBytes) {
                clientBytes = end;
                if (serverAcked > 0 && clientFirstFlight >= 0 && end > clientFirstFlight) {
                    clientSpokeAfterReply = true;
                }
            }
            if (serverAcked == 0) {
                clientFirstFlight = clientBytes;
            }
        }
        if ((flags & DecodedPacket.FIN) != 0) {
            clientFin = true;
        }
    }

    void onServerSegment(int flags, long sequence, int payloadLength) {
        if ((flags & DecodedPacket.SYN) != 0) {
            serverSynAck = (flags & DecodedPacket.ACK) != 0;
            serverBase = (sequence + 1) % MOD;
            return;
        }
        if ((flags & DecodedPacket.RST) != 0) {
            serverReset = true;
        }
        if ((flags & DecodedPacket.FIN) != 0 && serverBase >= 0) {
            serverFin = true;
            long fin = offset(sequence + payloadLength, serverBase); // the FIN occupies the number after the data
            if (fin >= 0) {
                serverFinOffset = fin;
            }
        }
    }

    /** The server answered the SYN, or the client acted as if it had. */
    boolean answered() {
        return serverSynAck || clientAcknowledged;
    }

    /** Both sides closed, or either reset: nothing more will change the outcome. */
    boolean ended() {
        return (clientFin && serverFin) || clientReset || serverReset || (icmpUnreachable && !answered());
    }

    /** Server bytes the client acknowledged, not counting the server's FIN (which takes a sequence number). */
    long serverBytes() {
        if (serverBase < 0) {
            return -1;
        }
        return serverFinOffset >= 0 ? Math.min(serverAcked, serverFinOffset) : serverAcked;
    }

    long clientBytes() {
        return clientBase < 0 ? -1 : clientBytes;
    }

    /**
     * The outcome as it stands.
     *
     * @param silent the no-reply time passed without an answer, or the capture ended after retransmitted SYNs
     */
    ContactOutcome verdict(Protocol protocol, long transferBytes, boolean silent) {
        long server = serverBytes();
        long client = clientBytes();
        if (server >= transferBytes) {
            return new ContactOutcome(Outcome.TRANSFERRED, OutcomeReason.BYTES, server, client);
        }
        if (icmpUnreachable && !answered()) {
            return new ContactOutcome(Outcome.BLOCKED, OutcomeReason.ICMP_UNREACHABLE, server, client);
        }
        if (serverReset && server <= 0) {
            // RFC 9293 section 3.10.7.1: a RST answers a SYN to a closed port, or is what a blocking firewall sends.
            return new ContactOutcome(Outcome.BLOCKED, OutcomeReason.TCP_RESET, server, client);
        }
        if (answered()) {
            return new ContactOutcome(Outcome.CONNECTED, connectedReason(protocol, server), server, client);
        }
        if (silent) {
            return new ContactOutcome(Outcome.BLOCKED, OutcomeReason.NO_REPLY, server, client);
        }
        return new ContactOutcome(Outcome.UNKNOWN, null, server, client);
    }

    private OutcomeReason connectedReason(Protocol protocol, long server) {
        return switch (protocol) {
            // A TLS client sends its second flight only once the server's first flight checked out (RFC 8446 2).
            case TLS -> clientSpokeAfterReply ? OutcomeReason.TLS_HANDSHAKE : OutcomeReason.TCP_HANDSHAKE;
            // On HTTP/1.x the server's first bytes after a request are its status line (RFC 9112 section 4).
            case HTTP -> server > 0 ? OutcomeReason.HTTP_STATUS : OutcomeReason.TCP_HANDSHAKE;
            default -> OutcomeReason.TCP_HANDSHAKE;
        };
    }

    /** {@code sequence - base} modulo 2^32, or -1 when it lies behind the base. */
    private static long offset(long sequence, long base) {
        long delta = ((sequence - base) % MOD + MOD) % MOD;
        return delta < HALF_SPACE ? delta : -1;
    }
}
