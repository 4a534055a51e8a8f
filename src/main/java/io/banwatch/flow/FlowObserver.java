package io.banwatch.flow;

import io.banwatch.decode.DecodedPacket;

/**
 * Hears about TCP connections at the moments where a connection can be reported without a name read from its bytes:
 * when it enters the flow table, when its server accepts the handshake the table saw start, and when its client's
 * first bytes turn out to belong to no parser. Each method runs at most once per connection, on the capture thread,
 * with the packet being processed.
 */
public interface FlowObserver {

    /** An observer that reports nothing. */
    FlowObserver NONE = new FlowObserver() {};

    /** The first packet of a connection new to the table: a SYN, a SYN-ACK, or the first segment with payload. */
    default void opened(DecodedPacket packet) {}

    /**
     * The server's SYN-ACK that acknowledges the client's SYN the table saw (RFC 9293 section 3.5): the whole
     * handshake, so who is the client is known and the server exists and accepted. {@code synAck} goes from the
     * server to the client.
     *
     * @return true when the observer reported the connection, so that {@link #unclaimed} is not called for it
     */
    default boolean accepted(DecodedPacket synAck) {
        return false;
    }

    /**
     * No parser claimed the client's first bytes of a connection whose start was seen (its SYN, or the exact start
     * of the stream). {@code packet} is the client's segment that completed those bytes: its destination is the
     * server.
     */
    default void unclaimed(DecodedPacket packet) {}
}
