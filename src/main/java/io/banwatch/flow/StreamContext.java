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

    /** The receiver's port, read without creating the {@link #destination()} endpoint. */
    default int destinationPort() {
        return destination().port();
    }

    int vlanId();

    long tunnelId();

    /**
     * How many times {@link StreamParser#parse} has already returned a positive count for this direction, so that a
     * parser that reports one message per call can cap the messages it reads per connection.
     */
    default int messagesParsed() {
        return 0;
    }

    /**
     * How many bytes of this direction the parser has consumed so far (its messages and what it skipped between
     * them), so that a parser can bound its work on a connection by bytes rather than by messages.
     */
    default long bytesParsed() {
        return 0;
    }

    /**
     * Says that the message this {@link StreamParser#parse} call consumes opens a tunnel (an HTTP CONNECT or SOCKS
     * request): the bytes after it are a new stream whose parser is chosen again by sniffing, so the TLS or HTTP
     * inside a proxy connection is read too.
     */
    default void tunnelOpened() {}
}
