package io.banwatch.flow;

import io.banwatch.decode.Endpoint;

/** Where a stream's bytes come from: what a {@link StreamParser} puts on its observations. */
public interface StreamContext {

    /** Capture time of the packet that completed the bytes being parsed. */
    long timestampNanos();

    /** The sender of this direction. */
    Endpoint source();

    /** The receiver of this direction. */
    Endpoint destination();

    int vlanId();

    long tunnelId();

    /**
     * How many times {@link StreamParser#parse} has already returned a positive count for this direction, so that a
     * parser that reports one message per call can cap the messages it reads per connection.
     */
    default int messagesParsed() {
        return 0;
    }
}
