package io.banwatch.inspect.quic;

import static io.banwatch.inspect.tls.ClientHelloParser.HANDSHAKE_HEADER_LENGTH;
import static io.banwatch.inspect.tls.ClientHelloParser.MAX_CLIENT_HELLO_BYTES;

/**
 * The Initial CRYPTO stream of one connection (RFC 9000 19.6): pieces placed by offset in any order, duplicates and
 * overlaps kept once, until the bytes from offset 0 are contiguous. The buffer grows on demand up to
 * {@link #MAX_BYTES}, drawing on the table's {@link ByteBudget}.
 */
final class CryptoStream {

    /** The largest ClientHello the TLS parser accepts, with its handshake header: nothing longer can be one. */
    static final int MAX_BYTES = HANDSHAKE_HEADER_LENGTH + MAX_CLIENT_HELLO_BYTES;

    /**
     * Chrome cuts its ClientHello into a handful of CRYPTO frames per Initial and shuffles them; 32 disjoint pieces at
     * once is far beyond that, and bounds the work of placing each frame.
     */
    static final int MAX_RANGES = 32;

    /** A post-quantum ClientHello (about 1.8 KB) fits without growing. */
    private static final int INITIAL_CAPACITY = 2048;

    /** What {@link #place} says. */
    enum Placement {
        PLACED,
        /** Placed; some retransmitted bytes differed from those held, which were kept. */
        CONFLICT,
        BEYOND_CAP,
        TOO_FRAGMENTED,
        OVER_BUDGET,
        /** The budget gave this stream's bytes to a more recent writer: the hello cannot be completed. */
        EVICTED
    }

    private byte[] buffer;
    /** Received byte ranges [starts[i], ends[i]), sorted, disjoint and not touching. */
    private final int[] starts = new int[MAX_RANGES];

    private final int[] ends = new int[MAX_RANGES];
    private int rangeCount;
    private boolean evicted;

    /** The budget's least-recently-written order; null while the stream holds no bytes. */
    CryptoStream older, newer;

    /** The head of a budget's list of streams: linked to itself, never holding bytes. */
    static CryptoStream sentinel() {
        CryptoStream sentinel = new CryptoStream();
        sentinel.older = sentinel;
        sentinel.newer = sentinel;
        return sentinel;
    }

    /** Copies {@code data[pos, +length)}, the CRYPTO data at stream offset {@code offset}, into place. */
    Placement place(long offset, byte[] data, int pos, int length, ByteBudget budget) {
        if (evicted) {
            return Placement.EVICTED;
        }
        if (length == 0) {
            return Placement.PLACED;
        }
        if (offset > MAX_BYTES - length) {
            return Placement.BEYOND_CAP;
        }
        int start = (int) offset;
        int end = start + length;
        int first = 0; // the first range that ends at or after start: it overlaps or touches the piece, or follows it
        while (first < rangeCount && ends[first] < start) {
            first++;
        }
        int last = first - 1; // the last range that starts at or before end
        while (last + 1 < rangeCount && starts[last + 1] <= end) {
            last++;
        }
        if (last < first && rangeCount == MAX_RANGES) {
            return Placement.TOO_FRAGMENTED;
        }
        if (!ensureCapacity(end, budget)) {
            return Placement.OVER_BUDGET;
        }
        budget.written(this);
        boolean conflict = copyIntoGaps(data, pos, start, end, first, last);
        merge(start, end, first, last);
        return conflict ? Placement.CONFLICT : Placement.PLACED;
    }

    /** Copies the parts of [start, end) that no range holds yet, and compares the parts that one does. */
    private boolean copyIntoGaps(byte[] data, int pos, int start, int end, int first, int last) {
        boolean conflict = false;
        int cursor = start;
        for (int i = first; i <= last; i++) {
            int heldFrom = Math.max(start, starts[i]);
            int heldTo = Math.min(end, ends[i]);
            if (heldFrom > cursor) {
                System.arraycopy(data, pos + cursor - start, buffer, cursor, heldFrom - cursor);
            }
            for (int b = heldFrom; b < heldTo; b++) {
                conflict |= buffer[b] != data[pos + b - start];
            }
            cursor = Math.max(cursor, heldTo);
        }
        if (cursor < end) {
            System.arraycopy(data, pos + cursor - start, buffer, cursor, end - cursor);
        }
        return conflict;
    }

    /** Replaces ranges first..last with their union with [start, end), or inserts it at first when none touch. */
    private void merge(int start, int end, int first, int last) {
        if (last < first) {
            System.arraycopy(starts, first, starts, first + 1, rangeCount - first);
            System.arraycopy(ends, first, ends, first + 1, rangeCount - first);
            starts[first] = start;
            ends[first] = end;
            rangeCount++;
            return;
        }
        starts[first] = Math.min(start, starts[first]);
        ends[first] = Math.max(end, ends[last]);
        int removed = last - first;
        System.arraycopy(starts, last + 1, starts, first + 1, rangeCount - last - 1);
        System.arraycopy(ends, last + 1, ends, first + 1, rangeCount - last - 1);
        rangeCount -= removed;
    }

    private boolean ensureCapacity(int needed, ByteBudget budget) {
        int capacity = buffer == null ? 0 : buffer.length;
        if (needed <= capacity) {
            return true;
        }
        int grown = Math.min(MAX_BYTES, Math.max(needed, Math.max(INITIAL_CAPACITY, capacity * 2)));
        if (!budget.tryReserve(this, grown - capacity)) {
            if (buffer == null) {
                unlink(); // nothing held: not a candidate for eviction
            }
            return false;
        }
        byte[] larger = new byte[grown];
        if (buffer != null) {
            System.arraycopy(buffer, 0, larger, 0, capacity);
        }
        buffer = larger;
        return true;
    }

    /** How many bytes from offset 0 have all arrived. */
    int contiguousLength() {
        return rangeCount > 0 && starts[0] == 0 ? ends[0] : 0;
    }

    /** The bytes; {@code [0, contiguousLength())} is valid. Null before the first piece. */
    byte[] buffer() {
        return buffer;
    }

    int rangeCount() {
        return rangeCount;
    }

    /** Frees the buffer and returns its bytes to the budget. */
    void release(ByteBudget budget) {
        if (buffer != null) {
            budget.release(this, buffer.length);
            buffer = null;
        }
        rangeCount = 0;
    }

    /** Frees the bytes for another stream; the next {@link #place} says {@link Placement#EVICTED}. */
    void evict(ByteBudget budget) {
        release(budget);
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

    /** Links this stream just before {@code sentinel}: the newest end of the list. */
    void linkBefore(CryptoStream sentinel) {
        older = sentinel.older;
        newer = sentinel;
        sentinel.older.newer = this;
        sentinel.older = this;
    }
}
