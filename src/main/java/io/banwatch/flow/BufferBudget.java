package io.banwatch.flow;

import io.banwatch.decode.AnomalyCounters;
import java.util.Arrays;

/**
 * The reassembly buffer bytes allocated across all flows, against {@link FlowLimits#globalBufferBytes()}, and the
 * buffers that hold them in least-recently-written order. When a buffer needs more than is left, the buffers written
 * least recently are evicted first (their directions stop, counted as {@link FlowAnomaly#BUFFER_EVICTED}): refusing
 * the newcomer instead would let anyone blind the sensor with a few megabytes of half-sent hellos, while a real
 * client writes its next segment within a round trip and so stays among the most recently written.
 */
final class BufferBudget {

    /**
     * Freed arrays of 2 to 64 KiB whose length is a power of two (what buffers grow to, below a parser's own cap) are
     * kept for the next buffer of the same length, within the budget: a flood of half-sent hellos then allocates no
     * new array per connection, and the arrays held, in use or free, never exceed the budget.
     */
    private static final int MIN_POOLED_SHIFT = 11, MAX_POOLED_SHIFT = 16;

    private final byte[][][] free = new byte[MAX_POOLED_SHIFT - MIN_POOLED_SHIFT + 1][][];
    private final int[] freeCount = new int[MAX_POOLED_SHIFT - MIN_POOLED_SHIFT + 1];
    private long pooledBytes;

    private final long maxBytes;
    private final AnomalyCounters anomalies;
    /** Sentinel of the holders' list: {@code newer} is the least recently written buffer. */
    private final StreamBuffer holders = StreamBuffer.sentinel();

    private long usedBytes;

    BufferBudget(long maxBytes, AnomalyCounters anomalies) {
        this.maxBytes = maxBytes;
        this.anomalies = anomalies;
    }

    /**
     * Takes {@code bytes} for {@code buffer}, evicting the least recently written other buffers while that would
     * exceed the budget; returns false and takes nothing only when the budget cannot hold the request at all.
     */
    boolean tryReserve(StreamBuffer buffer, int bytes) {
        written(buffer);
        while (usedBytes + bytes > maxBytes) {
            StreamBuffer oldest = holders.newer;
            if (oldest == buffer || oldest == holders) {
                return false;
            }
            anomalies.count(FlowAnomaly.BUFFER_EVICTED);
            oldest.evict();
        }
        usedBytes += bytes;
        return true;
    }

    /**
     * An array of {@code length} bytes for a buffer that reserved them ({@link #tryReserve}): a freed one when there
     * is, else a new one after dropping as many freed arrays as the reservation needs.
     */
    byte[] allocate(int length) {
        int c = sizeClass(length);
        byte[] array = null;
        if (c >= 0 && freeCount[c] > 0) {
            array = take(c);
            pooledBytes -= array.length;
        }
        for (int i = free.length - 1; i >= 0 && usedBytes + pooledBytes > maxBytes; i--) {
            while (freeCount[i] > 0 && usedBytes + pooledBytes > maxBytes) {
                pooledBytes -= take(i).length; // free memory the reservation needs: the collector takes it
            }
        }
        return array != null ? array : new byte[length];
    }

    /** Keeps an array a buffer no longer uses (its bytes already released) for the next, if the budget has room. */
    void recycle(byte[] array) {
        int c = sizeClass(array.length);
        if (c < 0 || usedBytes + pooledBytes + array.length > maxBytes) {
            return;
        }
        if (free[c] == null || freeCount[c] == free[c].length) {
            free[c] = Arrays.copyOf(free[c] == null ? new byte[0][] : free[c], Math.max(16, freeCount[c] * 2));
        }
        free[c][freeCount[c]++] = array;
        pooledBytes += array.length;
    }

    /** Bytes of freed arrays kept for reuse. */
    long pooledBytes() {
        return pooledBytes;
    }

    private byte[] take(int sizeClass) {
        int at = --freeCount[sizeClass];
        byte[] array = free[sizeClass][at];
        free[sizeClass][at] = null;
        return array;
    }

    private static int sizeClass(int length) {
        if (Integer.bitCount(length) != 1) {
            return -1;
        }
        int shift = Integer.numberOfTrailingZeros(length);
        return shift >= MIN_POOLED_SHIFT && shift <= MAX_POOLED_SHIFT ? shift - MIN_POOLED_SHIFT : -1;
    }

    /** Marks {@code buffer} as the most recently written. */
    void written(StreamBuffer buffer) {
        buffer.unlink();
        buffer.linkBefore(holders);
    }

    /** Returns a buffer's bytes and takes it off the list. */
    void release(StreamBuffer buffer, int bytes) {
        usedBytes -= bytes;
        buffer.unlink();
    }

    long usedBytes() {
        return usedBytes;
    }
}
