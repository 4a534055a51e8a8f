package io.banwatch.flow;

/**
 * Reassembles one direction of a TCP connection by sequence number (RFC 9293 section 3.4) and feeds the
 * contiguous bytes to the direction's {@link StreamParser}. Segments that continue the stream are parsed straight
 * from the packet; a {@link StreamBuffer} holds only bytes a parser could not finish yet or that arrived ahead of a
 * hole, and is released as soon as nothing is pending or the direction is done.
 */
final class StreamReassembler {

    /**
     * Further segments within which a direction without a SYN waits for an earlier segment after no parser
     * recognised its first bytes (the real start may have been reordered): reordering rarely spans more.
     */
    static final int PROBATION_SEGMENTS = 4;

    /** One segment: what a direction in probation may hold, so that streams joined mid-way cost little. */
    static final int PROBATION_BYTES = StreamBuffer.MIN_BYTES;

    /** 1 GiB: sequence distances are read as signed 32-bit numbers, so a skip must stay well below 2^31. */
    static final int MAX_SKIP_BYTES = 1 << 30;

    private static final long SEQUENCE_MASK = 0xffffffffL;
    private static final int IDLE = 0, ACTIVE = 1, DONE = 2;

    /** The tracker's; replaced when a pooled flow is taken by another tracker ({@link #rebind}). */
    private ReassemblyShared shared;

    private final StreamBuffer buffer;

    private int state = IDLE;
    /** True once a SYN fixed the stream start at ISN + 1. */
    private boolean anchored;

    private long synStart;
    /** Sequence number of the first byte no parser has consumed yet: the buffer's first byte. */
    private long baseSequence;

    private StreamParser portParser;
    private StreamParser parser;
    private int probationLeft;
    private boolean consumedAny;
    private int messages;
    /** Bytes the parser consumed in this direction, across tunnels: what it has read or skipped. */
    private long bytesParsed;

    /** Set by a parser whose message opened a tunnel: the bytes after it are a new stream to sniff. */
    private boolean tunnelRequested;

    /** Whether the current stream began where a tunnel opened, so its first byte is known exactly. */
    private boolean tunnelled;

    StreamReassembler(ReassemblyShared shared) {
        this.shared = shared;
        this.buffer = new StreamBuffer(shared.budget, shared.maxOutOfOrderSegments);
    }

    /** Moves a {@link #reset()} direction to another tracker's parsers, budget and context, for a pooled flow. */
    void rebind(ReassemblyShared shared) {
        this.shared = shared;
        buffer.rebind(shared.budget, shared.maxOutOfOrderSegments);
    }

    boolean isDone() {
        return state == DONE;
    }

    int messagesParsed() {
        return messages;
    }

    long bytesParsed() {
        return bytesParsed;
    }

    void requestTunnel() {
        tunnelRequested = true;
    }

    /** Whether a SYN already started this direction at a different sequence number: a new connection. */
    boolean anchoredElsewhere(long synSequence) {
        return anchored && synStart != ((synSequence + 1) & SEQUENCE_MASK);
    }

    /**
     * Handles one segment of this direction.
     *
     * @param byPort the parser chosen by port for this connection, or null to sniff
     */
    void onSegment(long sequence, boolean syn, byte[] data, int offset, int length, StreamParser byPort) {
        if (state == DONE) {
            return;
        }
        if (buffer.evicted()) {
            // The budget gave this direction's pending bytes to a more recent writer: what is left cannot be parsed.
            finish();
            return;
        }
        if (syn) {
            // RFC 9293 section 3.4: the SYN occupies ISN; the first data byte is ISN + 1.
            sequence = (sequence + 1) & SEQUENCE_MASK;
            if (state == IDLE) {
                begin(sequence, byPort);
            } else if (!anchored && !consumedAny && !anchorLate(sequence)) {
                return;
            }
            anchored = true;
            synStart = sequence;
        } else if (state == IDLE) {
            if (length == 0) {
                return;
            }
            begin(sequence, byPort);
        }
        if (length > 0) {
            place(sequence, data, offset, length);
        }
    }

    /** Frees the buffer and forgets the direction, for reuse by another flow. */
    void reset() {
        buffer.reset();
        state = IDLE;
        anchored = false;
        parser = null;
        portParser = null;
        probationLeft = 0;
        consumedAny = false;
        synStart = 0;
        baseSequence = 0;
        messages = 0;
        bytesParsed = 0;
        tunnelRequested = false;
        tunnelled = false;
    }

    private void begin(long start, StreamParser byPort) {
        state = ACTIVE;
        baseSequence = start;
        portParser = byPort;
        parser = byPort;
    }

    /** A SYN that arrives after data: it fixes the start. Returns false when the direction ended. */
    private boolean anchorLate(long start) {
        int distance = (int) (start - baseSequence);
        if (distance < 0) {
            return rebase(-distance) || state != DONE;
        }
        if (distance == 0 && probationLeft > 0) {
            finish(); // the bytes no parser recognised really were the start
            reportUnclaimed();
            return false;
        }
        return true;
    }

    private void place(long sequence, byte[] data, int offset, int length) {
        long distance = (int) (sequence - baseSequence);
        boolean rebased = false;
        if (distance < 0 && !anchored && !consumedAny) {
            // An out-of-order first segment without a SYN: it becomes the start while nothing was consumed.
            rebased = rebase((int) -distance);
            if (state == DONE) {
                return;
            }
            distance = rebased ? 0 : distance;
        }
        if (!rebased && probationLeft > 0 && --probationLeft == 0) {
            stop(FlowAnomaly.MIDSTREAM_UNRECOGNISED);
            return;
        }
        if (distance < 0) {
            // These bytes were consumed or skipped already (RFC 9293 section 3.10.7.4: trim to the window).
            if (-distance >= length) {
                return;
            }
            offset += (int) -distance;
            length -= (int) -distance;
            distance = 0;
        }
        if (distance == 0 && buffer.isEmpty()) {
            // The common case: the segment continues the stream and nothing is pending, so parse it in place.
            int used = deliver(data, offset, length);
            if (used >= 0 && used < length) {
                store(0, data, offset + used, length - used); // seen by the parser already: keep for the next call
            }
            return;
        }
        if (store(distance, data, offset, length)) {
            drainBuffer();
        }
    }

    /** Parses bytes straight from the packet; returns how many were consumed (or skipped), or -1 when done. */
    private int deliver(byte[] data, int offset, int length) {
        long position = 0;
        while (position < length) {
            int advance = step(data, offset + (int) position, length - (int) position);
            if (advance < 0) {
                return -1;
            }
            if (advance == 0) {
                break;
            }
            position += advance;
        }
        return (int) Math.min(position, length);
    }

    private void drainBuffer() {
        while (state != DONE && buffer.contiguous() > 0) {
            int advance = step(buffer.bytes(), 0, buffer.contiguous());
            if (advance <= 0) {
                return;
            }
            buffer.discard(advance);
        }
    }

    /** One decision on the contiguous bytes: choose a parser or parse once. Returns the advance, 0 or -1 (done). */
    private int step(byte[] data, int offset, int length) {
        if (parser == null) {
            if (probationLeft > 0) {
                return 0;
            }
            StreamParser.Sniff sniff = sniff(data, offset, length);
            if (sniff == StreamParser.Sniff.NEED_MORE) {
                return length >= shared.sniffLimit ? stop(FlowAnomaly.STREAM_BUFFER_CAP) : 0;
            }
            if (sniff == StreamParser.Sniff.NO) {
                if (anchored || tunnelled) {
                    finish();
                    reportUnclaimed();
                    return -1;
                }
                probationLeft = PROBATION_SEGMENTS;
                return 0;
            }
        }
        int result = parser.parse(shared.context, data, offset, length);
        if (result == 0) {
            return length >= parser.maxPendingBytes() ? stop(FlowAnomaly.STREAM_BUFFER_CAP) : 0;
        }
        if (result < 0) {
            finish();
            return -1;
        }
        if (result > MAX_SKIP_BYTES) {
            return stop(FlowAnomaly.SKIP_CAP);
        }
        messages++;
        bytesParsed += result;
        consumedAny = true;
        baseSequence = (baseSequence + result) & SEQUENCE_MASK;
        if (tunnelRequested) {
            // A proxy tunnel (HTTP CONNECT, SOCKS) starts after this message: choose the parser again.
            tunnelRequested = false;
            tunnelled = true;
            parser = null;
            messages = 0;
        }
        return result;
    }

    /** Sets {@link #parser} to the first parser that claims the bytes, in order; an earlier NEED_MORE waits. */
    private StreamParser.Sniff sniff(byte[] data, int offset, int length) {
        for (StreamParser candidate : shared.sniffedParsers) {
            StreamParser.Sniff sniff = candidate.sniff(shared.context, data, offset, length);
            if (sniff == StreamParser.Sniff.YES) {
                parser = candidate;
                return sniff;
            }
            if (sniff == StreamParser.Sniff.NEED_MORE) {
                return sniff;
            }
        }
        return StreamParser.Sniff.NO;
    }

    /** Buffers a segment at {@code position}; returns whether the contiguous bytes grew. */
    private boolean store(long position, byte[] data, int offset, int length) {
        int limit = probationLeft > 0 ? PROBATION_BYTES : limit();
        // A segment that continues the contiguous bytes may end beyond the limit (by at most one segment): the
        // parser sees it whole, so a message that ends within the limit is still read.
        boolean mayOvershoot = probationLeft == 0 && position <= buffer.contiguous() && position < limit;
        if (position + length > limit && !mayOvershoot) {
            stop(probationLeft > 0 ? FlowAnomaly.MIDSTREAM_UNRECOGNISED : FlowAnomaly.STREAM_BUFFER_CAP);
            return false;
        }
        int written = buffer.write((int) position, data, offset, length, limit);
        if (written < 0) {
            // Too many ranges: the receiver has those bytes and will not resend them, so the hole would stay.
            stop(written == StreamBuffer.OVER_BUDGET ? FlowAnomaly.GLOBAL_BUFFER_BUDGET : FlowAnomaly.OUT_OF_ORDER_CAP);
            return false;
        }
        return written == StreamBuffer.GREW;
    }

    /** Moves the buffered bytes later so that an earlier segment can become the start; false when it cannot. */
    private boolean rebase(int shift) {
        int moved = buffer.shiftLater(shift, portParser != null ? portParser.maxPendingBytes() : shared.sniffLimit);
        if (moved == StreamBuffer.OVER_BUDGET) {
            stop(FlowAnomaly.GLOBAL_BUFFER_BUDGET);
        }
        if (moved != StreamBuffer.GREW) {
            return false;
        }
        baseSequence = (baseSequence - shift) & SEQUENCE_MASK;
        parser = portParser;
        probationLeft = 0;
        return true;
    }

    private int limit() {
        return parser != null ? parser.maxPendingBytes() : shared.sniffLimit;
    }

    private int stop(FlowAnomaly reason) {
        shared.anomalies.count(reason);
        finish();
        return -1;
    }

    /**
     * The start of the stream is known and no parser claimed it. Inside a proxy tunnel the connection already had a
     * name (the CONNECT or SOCKS target), so only a connection's own first bytes count.
     */
    private void reportUnclaimed() {
        if (!tunnelled) {
            shared.context.unclaimed();
        }
    }

    private void finish() {
        state = DONE;
        buffer.release();
        parser = null;
        probationLeft = 0;
    }
}
