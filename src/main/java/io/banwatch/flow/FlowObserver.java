package io.banwatch.flow;

import io.banwatch.decode.DecodedPacket;

/**
 * Hears about TCP connections at the two moments where a connection can be reported without a name read from its
 * bytes: when it enters the flow table, and when its client's first bytes turn out to belong to no parser. Each
 * method runs at most once per connection, on the capture thread, with the packet being processed.
 */
public interface FlowObserver {

    /** An observer that reports nothing. */
    FlowObserver NONE = new FlowObserver() {};

    /**
     * The first packet of a connection new to the table: a SYN, a SYN-ACK, or the first segment with payload.
     *
     * @return true when the observer reported the connection, so that {@link #unclaimed} is not called for it
     */
    default boolean opened(DecodedPacket packet) {
        return false;
    }

    /**
     * No parser claimed the client's first bytes of a connection whose start was seen (its SYN, or the exact start
     * of the stream). {@code packet} is the client's segment that completed those bytes: its destination is the
     * server.
     */
    default void unclaimed(DecodedPacket packet) {}
}
