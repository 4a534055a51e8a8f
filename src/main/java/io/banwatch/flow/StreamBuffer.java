package io.banwatch.flow;

/**
 * The buffered bytes of one direction: a contiguous prefix that starts at the first unconsumed byte, and ranges
 * that arrived ahead of a hole. Grows by doubling within the global {@link BufferBudget}; where segments overlap,
 * the bytes written first stay (RFC 9293 section 3.10.7.4 leaves the choice to the receiver; one copy per byte
 * means no byte is parsed twice).
 */
final class StreamBuffer {

    /** 2 KiB: one full-size Ethernet segment (MSS 1460) fits in the first buffer, so most need no growth. */
    static final int MIN_BYTES = 2048;

    /** Results of {@link #write}. */
    static final int GREW = 1, HELD = 0, TOO_MANY_RANGES = -1, OVER_BUDGET = -2;

    /** The tracker's; replaced when a pooled flow is taken by another tracker ({@link #rebind}). */
    private BufferBudget budget;

    private int maxRanges;

    private byte[] bytes;
    private int contiguous;
    private HeldRanges held;
    /** Set when the budget took this buffer's bytes for another flow; the direction must stop. */
    private boolean evicted;

    /** The budget's least-recently-written order; null while the buffer holds no bytes. */
    StreamBuffer older, newer;

    StreamBuffer(BufferBudget budget, int maxRanges) {
        this.budget = budget;
        this.maxRanges = maxRanges;
    }

    /** The head of a budget's list of buffers: linked to itself, never holding bytes. */
    static StreamBuffer sentinel() {
        StreamBuffer sentinel = new StreamBuffer(null, 1);
        sentinel.older = sentinel;
        sentinel.newer = sentinel;
        return sentinel;
    }

    /** Moves a {@link #reset()} buffer, which holds no bytes, to another tracker's budget and cap of ranges. */
    void rebind(BufferBudget budget, int maxRanges) {
        if (bytes != null || older != null) {
            throw new IllegalStateException("a buffer holding bytes cannot change budget");
        }
        this.budget = budget;
        if (maxRanges != this.maxRanges) {
            this.maxRanges = maxRanges;
            held = null;
        }
    }

    /** Whether the budget evicted this buffer since it was last {@link #reset()}. */
    boolean evicted() {
        return evicted;
    }

    /** Makes a buffer usable again after an eviction, for a flow reused from the table's pool. */
    void reset() {
        release();
        evicted = false;
    }

    byte[] bytes() {
        return bytes;
    }

    /** Bytes at the start that arrived without a hole. */
    int contiguous() {
        return contiguous;
    }

    /** Whether nothing is buffered, so the next in-order segment can be parsed in place. */
    boolean isEmpty() {
        return extent() == 0;
    }

    int capacity() {
        return bytes == null ? 0 : bytes.length;
    }

    /**
     * Writes the bytes of {@code [position, position + length)} that nothing filled yet.
     *
     * @param limit the most bytes the buffer may grow to; the caller checked that the segment ends within it
     * @return {@link #GREW} when the contiguous prefix grew, {@link #HELD} when the bytes wait ahead of a hole (or
     *     were all there already), {@link #TOO_MANY_RANGES} or {@link #OVER_BUDGET} when nothing was written
     */
    int write(int position, byte[] data, int offset, int length, int limit) {
        int end = position + length;
        boolean extendsContiguous = position <= contiguous;
        if (!extendsContiguous) {
            if (held == null) {
                held = new HeldRanges(maxRanges);
            }
            if (!held.canAdd(position, end)) {
                return TOO_MANY_RANGES;
            }
        }
        if (!ensureCapacity(end, limit)) {
            return OVER_BUDGET;
        }
        budget.written(this);
        copyUnfilled(position, end, data, offset - position);
        if (!extendsContiguous) {
            held.add(position, end);
            return HELD;
        }
        int before = contiguous;
        contiguous = Math.max(contiguous, end);
        if (held != null) {
            contiguous = held.absorb(contiguous);
        }
        return contiguous > before ? GREW : HELD;
    }

    /**
     * Moves everything {@code shift} bytes later, so that an earlier segment can be written at the start.
     *
     * @return {@link #GREW} on success, {@link #TOO_MANY_RANGES} or {@link #OVER_BUDGET} when nothing moved, or
     *     {@link #HELD} when the bytes would no longer fit within {@code limit}
     */
    int shiftLater(int shift, int limit) {
        int extent = extent();
        if (shift <= 0 || (long) extent + shift > limit) {
            return HELD;
        }
        if (extent == 0) {
            return GREW;
        }
        if (held == null) {
            held = new HeldRanges(maxRanges);
        }
        if (contiguous > 0 && held.count() >= maxRanges) {
            return TOO_MANY_RANGES;
        }
        if (!ensureCapacity(extent + shift, limit)) {
            return OVER_BUDGET;
        }
        System.arraycopy(bytes, 0, bytes, shift, extent);
        held.shift(shift);
        if (contiguous > 0) {
            held.add(shift, shift + contiguous);
        }
        contiguous = 0;
        return GREW;
    }

    /** Drops {@code advance} bytes from the front after a parser consumed or skipped them; frees an empty buffer. */
    void discard(int advance) {
        int extent = extent();
        if (advance < extent) {
            System.arraycopy(bytes, advance, bytes, 0, extent - advance);
        }
        contiguous = Math.max(0, contiguous - advance);
        if (held != null) {
            held.shift(-advance);
            contiguous = held.absorb(contiguous);
        }
        if (extent() == 0) {
            release();
        }
    }

    /** Returns the memory to the budget and forgets every byte. */
    void release() {
        if (bytes != null) {
            budget.release(this, bytes.length);
            budget.recycle(bytes);
            bytes = null;
        }
        contiguous = 0;
        if (held != null) {
            held.clear();
        }
    }

    private boolean ensureCapacity(int needed, int limit) {
        int current = capacity();
        if (current >= needed) {
            return true;
        }
        int capacity = Math.max(MIN_BYTES, Integer.highestOneBit(needed - 1) << 1);
        capacity = Math.max(needed, Math.min(capacity, limit));
        if (!budget.tryReserve(this, capacity - current)) {
            if (bytes == null) {
                unlink(); // nothing held: not a candidate for eviction
            }
            return false;
        }
        byte[] grown = budget.allocate(capacity);
        if (bytes != null) {
            System.arraycopy(bytes, 0, grown, 0, extent());
            budget.recycle(bytes);
        }
        bytes = grown;
        return true;
    }

    /** Copies the bytes of {@code [start, end)} that no earlier segment filled: the first copy wins. */
    private void copyUnfilled(int start, int end, byte[] data, int dataOffsetOfZero) {
        int position = Math.max(start, contiguous);
        int ranges = held == null ? 0 : held.count();
        for (int i = 0; i < ranges && position < end; i++) {
            if (held.end(i) <= position) {
                continue;
            }
            if (held.start(i) >= end) {
                break;
            }
            if (held.start(i) > position) {
                System.arraycopy(data, dataOffsetOfZero + position, bytes, position, held.start(i) - position);
            }
            position = Math.max(position, held.end(i));
        }
        if (position < end) {
            System.arraycopy(data, dataOffsetOfZero + position, bytes, position, end - position);
        }
    }

    /** Frees the bytes for another buffer; the owner sees {@link #evicted()} at its next segment. */
    void evict() {
        release();
        evicted = true;
    }

    void unlink() {
        if (older != null) {
            older.newer = newer;
            newer.older = older;
            older = null;
            newer = null;
        }
    }

    /** Links this buffer just before {@code sentinel}: the newest end of the list. */
    void linkBefore(StreamBuffer sentinel) {
        older = sentinel.older;
        newer = sentinel;
        sentinel.older.newer = this;
        sentinel.older = this;
    }

    private int extent() {
        return Math.max(contiguous, held == null ? 0 : held.extent());
    }
}
