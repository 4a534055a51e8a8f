package io.banwatch.flow;

import io.banwatch.decode.AnomalyCounters;

/**
 * The reassembly buffer bytes allocated across all flows, against {@link FlowLimits#globalBufferBytes()}, and the
 * buffers that hold them in least-recently-written order. When a buffer needs more than is left, the buffers written
 * least recently are evicted first (their directions stop, counted as {@link FlowAnomaly#BUFFER_EVICTED}): refusing
 * the newcomer instead would let anyone blind the sensor with a few megabytes of half-sent hellos, while a real
 * client writes its next segment within a round trip and so stays among the most recently written.
 */
final class BufferBudget {

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
