package io.banwatch.flow;

/**
 * Reassembles one direction of a TCP connection by sequence number (RFC 9293 section 3.4) and feeds the
 * contiguous bytes to the direction's {@link StreamParser}. Segments that continue the stream are parsed straight
 * from the packet; a buffer is taken only for bytes a parser could not finish yet or that arrived ahead of a hole,
 * and is released as soon as nothing is pending. Where copies overlap, the first copy wins and no byte is handed
 * to a parser twice.
 */
final class StreamReassembler {

    /**
     * Further segments within which a direction without a SYN waits for an earlier segment after no parser
     * recognised its first bytes (the real start may have been reordered): reordering rarely spans more.
     */
    static final int PROBATION_SEGMENTS = 4;

    /** 2 KiB: one full-size Ethernet segment (MSS 1460) fits in the first buffer, so most need no growth. */
    static final int MIN_BUFFER_BYTES = 2048;

    /** 1 GiB: sequence distances are read as signed 32-bit numbers, so a skip must stay well below 2^31. */
    static final int MAX_SKIP_BYTES = 1 << 30;

    private static final long SEQUENCE_MASK = 0xffffffffL;
    private static final int IDLE = 0, ACTIVE = 1, DONE = 2;

    private final ReassemblyShared shared;

    private int state = IDLE;
    /** True once a SYN fixed the stream start at ISN + 1. */
    private boolean anchored;

    private long synStart;
    /** Sequence number of {@code buffer[0]}: the first byte no parser has consumed yet. */
    private long baseSequence;

    private byte[] buffer;
    /** Bytes at the start of the buffer that arrived without a hole. */
    private int contiguous;
    /** Ranges of the buffer that arrived ahead of a hole. */
    private HeldRanges held;

    private StreamParser portParser;
    private StreamParser parser;
    private int probationLeft;
    private boolean consumedAny;
    private int messages;

    StreamReassembler(ReassemblyShared shared) {
        this.shared = shared;
    }

    boolean isDone() {
        return state == DONE;
    }

    int messagesParsed() {
        return messages;
    }

    /** Whether a SYN already started this direction at a different sequence number: a new connection. */
    boolean anchoredElsewhere(long synSequence) {
        return anchored && synStart != ((synSequence + 1) & SEQUENCE_MASK);
    }

    /** Bytes currently buffered (for tests and gauges). */
    int bufferedCapacity() {
        return buffer == null ? 0 : buffer.length;
    }

    /**
     * Handles one segment of this direction.
     *
     * @param portParser the parser chosen by port for this connection, or null to sniff
     */
    void onSegment(long sequence, boolean syn, byte[] data, int offset, int length, StreamParser portParser) {
        if (state == DONE) {
            return;
        }
        if (syn) {
            // RFC 9293 section 3.4: the SYN occupies ISN; the first data byte is ISN + 1.
            sequence = (sequence + 1) & SEQUENCE_MASK;
            if (state == IDLE) {
                begin(sequence, portParser);
            } else if (!anchored && !consumedAny) {
                int distance = (int) (sequence - baseSequence);
                if (distance < 0 && !rebase(-distance) && state == DONE) {
                    return;
                }
                if (distance == 0 && probationLeft > 0) {
                    finish(); // the bytes no parser recognised really were the start
                    return;
                }
            }
            anchored = true;
            synStart = sequence;
        } else if (state == IDLE) {
            if (length == 0) {
                return;
            }
            begin(sequence, portParser);
        }
        if (length > 0) {
            place(sequence, data, offset, length);
        }
    }

    /** Frees the buffer and forgets the direction, for reuse by another flow. */
    void reset() {
        releaseBuffer();
        held = null;
        state = IDLE;
        anchored = false;
        parser = null;
        portParser = null;
        probationLeft = 0;
        consumedAny = false;
        messages = 0;
    }

    private void begin(long start, StreamParser byPort) {
        state = ACTIVE;
        baseSequence = start;
        portParser = byPort;
        parser = byPort;
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
            finish();
            return;
        }
        if (distance < 0) {
            // Bytes before baseSequence were consumed or skipped already: RFC 9293 section 3.10.7.4, trim the segment.
            if (-distance >= length) {
                return;
            }
            offset += (int) -distance;
            length -= (int) -distance;
            distance = 0;
        }
        if (distance == 0 && contiguous == 0 && heldCount() == 0) {
            // The common case: the segment continues the stream and nothing is pending, so parse it in place.
            int used = deliver(data, offset, length);
            if (used >= 0 && used < length) {
                store(0, data, offset + used, length - used); // the parser has seen these bytes: keep them for later
            }
            return;
        }
        if (store((int) Math.min(distance, Integer.MAX_VALUE), data, offset, length)) {
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
        while (contiguous > 0 && state != DONE) {
            int advance = step(buffer, 0, contiguous);
            if (advance <= 0) {
                return;
            }
            discard(advance);
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
                return 0;
            }
            if (sniff == StreamParser.Sniff.NO) {
                if (anchored) {
                    finish();
                    return -1;
                }
                probationLeft = PROBATION_SEGMENTS;
                return 0;
            }
        }
        int result = parser.parse(shared.context, data, offset, length);
        if (result == 0) {
            if (length >= parser.maxPendingBytes()) {
                shared.anomalies.count(FlowAnomaly.STREAM_BUFFER_CAP);
                finish();
                return -1;
            }
            return 0;
        }
        if (result < 0) {
            finish();
            return -1;
        }
        if (result > MAX_SKIP_BYTES) {
            shared.anomalies.count(FlowAnomaly.SKIP_CAP);
            finish();
            return -1;
        }
        messages++;
        consumedAny = true;
        baseSequence = (baseSequence + result) & SEQUENCE_MASK;
        return result;
    }

    /** Sets {@link #parser} to the first parser that claims the bytes, in order; an earlier NEED_MORE waits. */
    private StreamParser.Sniff sniff(byte[] data, int offset, int length) {
        for (StreamParser candidate : shared.sniffedParsers) {
            StreamParser.Sniff sniff = candidate.sniff(data, offset, length);
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

    /** Copies a segment into the buffer at {@code position}; returns whether the contiguous bytes grew. */
    private boolean store(int position, byte[] data, int offset, int length) {
        long end = (long) position + length;
        if (end > limit()) {
            if (probationLeft == 0) {
                shared.anomalies.count(FlowAnomaly.STREAM_BUFFER_CAP);
            }
            finish();
            return false;
        }
        boolean extendsContiguous = position <= contiguous;
        if (!extendsContiguous) {
            if (held == null) {
                held = new HeldRanges(shared.maxOutOfOrderSegments);
            }
            if (!held.canAdd(position, (int) end)) {
                // The receiver has these bytes and will not see them again: the hole could never be filled.
                shared.anomalies.count(FlowAnomaly.OUT_OF_ORDER_CAP);
                finish();
                return false;
            }
        }
        if (!ensureCapacity((int) end)) {
            return false;
        }
        copyUnfilled(position, (int) end, data, offset - position);
        if (!extendsContiguous) {
            held.add(position, (int) end);
            return false;
        }
        int before = contiguous;
        contiguous = Math.max(contiguous, (int) end);
        if (held != null) {
            contiguous = held.absorb(contiguous);
        }
        return contiguous > before;
    }

    /** Copies the bytes of {@code [start, end)} that no earlier segment filled: the first copy wins. */
    private void copyUnfilled(int start, int end, byte[] data, int dataOffsetOfZero) {
        int position = Math.max(start, contiguous);
        for (int i = 0, n = heldCount(); i < n && position < end; i++) {
            if (held.end(i) <= position) {
                continue;
            }
            if (held.start(i) >= end) {
                break;
            }
            if (held.start(i) > position) {
                System.arraycopy(data, dataOffsetOfZero + position, buffer, position, held.start(i) - position);
            }
            position = Math.max(position, held.end(i));
        }
        if (position < end) {
            System.arraycopy(data, dataOffsetOfZero + position, buffer, position, end - position);
        }
    }

    /**
     * Moves the buffered bytes {@code shift} bytes later so that an earlier segment can become the start; fails
     * when they would no longer fit.
     */
    private boolean rebase(int shift) {
        int extent = extent();
        if ((long) extent + shift > (portParser != null ? portParser.maxPendingBytes() : shared.sniffLimit)) {
            return false;
        }
        if (extent > 0) {
            if (held == null) {
                held = new HeldRanges(shared.maxOutOfOrderSegments);
            }
            if (contiguous > 0 && held.count() >= shared.maxOutOfOrderSegments) {
                return false;
            }
            if (!ensureCapacity(extent + shift)) {
                return false;
            }
            System.arraycopy(buffer, 0, buffer, shift, extent);
            held.shift(shift);
            if (contiguous > 0) {
                held.add(shift, shift + contiguous);
            }
            contiguous = 0;
        }
        baseSequence = (baseSequence - shift) & SEQUENCE_MASK;
        parser = portParser;
        probationLeft = 0;
        return true;
    }

    /** Drops {@code advance} bytes from the front of the buffer after a parser consumed or skipped them. */
    private void discard(int advance) {
        int extent = extent();
        if (advance < extent) {
            System.arraycopy(buffer, advance, buffer, 0, extent - advance);
        }
        contiguous = Math.max(0, contiguous - advance);
        if (held != null) {
            held.shift(-advance);
            contiguous = held.absorb(contiguous);
        }
        if (extent() == 0) {
            releaseBuffer();
        }
    }

    private boolean ensureCapacity(int needed) {
        int current = buffer == null ? 0 : buffer.length;
        if (current >= needed) {
            return true;
        }
        int capacity = Math.max(MIN_BUFFER_BYTES, Integer.highestOneBit(needed - 1) << 1);
        capacity = Math.max(needed, Math.min(capacity, limit()));
        if (!shared.budget.tryReserve(capacity - current)) {
            shared.anomalies.count(FlowAnomaly.GLOBAL_BUFFER_BUDGET);
            finish();
            return false;
        }
        byte[] grown = new byte[capacity];
        if (buffer != null) {
            System.arraycopy(buffer, 0, grown, 0, extent());
        }
        buffer = grown;
        return true;
    }

    private int limit() {
        return parser != null ? parser.maxPendingBytes() : shared.sniffLimit;
    }

    private int extent() {
        return Math.max(contiguous, held == null ? 0 : held.extent());
    }

    private int heldCount() {
        return held == null ? 0 : held.count();
    }

    private void finish() {
        state = DONE;
        releaseBuffer();
        held = null;
        parser = null;
        probationLeft = 0;
    }

    private void releaseBuffer() {
        if (buffer != null) {
            shared.budget.release(buffer.length);
            buffer = null;
        }
        contiguous = 0;
        if (held != null) {
            held.clear();
        }
    }
}
