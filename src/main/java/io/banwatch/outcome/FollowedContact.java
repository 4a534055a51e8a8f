package io.banwatch.outcome;

import io.banwatch.decode.DecodedPacket;
import io.banwatch.event.Event;

/**
 * One matched contact being followed to its outcome: its connection's key (client first), the contact's event, and
 * what the tap saw of the connection. Lives in a {@link ContactTable}.
 */
final class FollowedContact {

    // Key, compared in place against packet fields.
    int hash;
    int ipVersion;
    int transport;
    long tunnelId;
    final byte[] client = new byte[16];
    final byte[] server = new byte[16];
    int clientPort, serverPort;

    /** The contact whose outcome this is. */
    Event contact;
    /**
     * True while the contact is a connection attempt to an address a matched DNS answer gave, not yet seen carrying
     * a name of its own: if none comes, its contact event is reported together with its outcome.
     */
    boolean attempt;

    final TcpProgress tcp;
    final QuicProgress quic;

    long startNanos, lastNanos;
    /** Set once the outcome was reported; the contact then leaves the table. */
    boolean decided;
    /** Neighbours in the table's least-recently-active list. */
    FollowedContact older, newer;

    /** @param quic for a UDP contact: whether it is QUIC */
    FollowedContact(int transport, boolean quic) {
        this.transport = transport;
        this.tcp = transport == DecodedPacket.TCP ? new TcpProgress() : null;
        this.quic = tcp == null ? new QuicProgress(quic) : null;
    }

    boolean answered() {
        return tcp != null ? tcp.answered() : quic.answered();
    }
}
