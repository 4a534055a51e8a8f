package io.banwatch.flow;

/**
 * Reads the first bytes of one direction of a TCP stream (TLS records, HTTP request heads, DNS messages with a
 * length prefix). The flow layer reassembles the direction by sequence number into a bounded buffer and calls
 * {@link #parse} each time the contiguous prefix grows; the parser reports what it finished through the
 * observation sink it was built with.
 */
public interface StreamParser {

    /** Returned by {@link #parse} when nothing more of this direction needs to be read. */
    int DONE = -1;

    /** Whether the first bytes of a direction belong to this protocol. */
    enum Sniff {
        YES,
        NO,
        /** Too few bytes to tell. */
        NEED_MORE
    }

    /** Decides from the first bytes of a direction whether this parser should read it. */
    Sniff sniff(byte[] data, int offset, int length);

    /**
     * Decides from the first bytes and the direction's endpoints (for a protocol bound to a port) whether this parser
     * should read it; the flow layer calls this one. By default the bytes decide alone.
     */
    default Sniff sniff(StreamContext context, byte[] data, int offset, int length) {
        return sniff(data, offset, length);
    }

    /**
     * Parses the contiguous bytes of the direction that are not yet consumed.
     *
     * @return how many bytes from {@code offset} are completely handled (0 while a message is incomplete; the caller
     *     drops them and passes the rest again with more bytes next time), or {@link #DONE}. The value may exceed
     *     {@code length}: the flow layer then also skips the stream bytes beyond what it has (for example an HTTP
     *     request body announced by Content-Length) before it calls again.
     */
    int parse(StreamContext context, byte[] data, int offset, int length);

    /**
     * The most unconsumed bytes this parser may need at once (for example the largest ClientHello it accepts); the
     * flow layer stops the direction and counts an anomaly when more would be needed.
     */
    int maxPendingBytes();
}
