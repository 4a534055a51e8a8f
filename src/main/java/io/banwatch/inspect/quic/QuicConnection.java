package io.banwatch.inspect.quic;

/** One QUIC connection whose client Initials are being read, or were read and are now ignored. */
final class QuicConnection {

    /** Client packets to the Destination Connection ID of the client's first Initial, the one the keys came from. */
    final ConnectionKey originalKey;

    /** Server packets to the client's Source Connection ID (RFC 9000 7.2), recognised without decrypting. */
    ConnectionKey serverKey;

    /** Later client packets to the server's chosen connection ID (RFC 9000 7.2), which keep the original keys. */
    ConnectionKey clientAliasKey;

    InitialKeys keys;
    final CryptoStream crypto = new CryptoStream();
    long largestPacketNumber = -1;
    long lastSeenNanos;

    /** The ClientHello was reported, or the connection was abandoned: its Initials are now ignored. */
    boolean done;

    /** Least-recently-seen order, oldest first. */
    QuicConnection older;

    QuicConnection newer;

    QuicConnection(ConnectionKey originalKey, InitialKeys keys, long nowNanos) {
        this.originalKey = originalKey;
        this.keys = keys;
        this.lastSeenNanos = nowNanos;
    }
}
