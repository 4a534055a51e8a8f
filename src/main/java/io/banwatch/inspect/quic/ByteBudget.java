package io.banwatch.inspect.quic;

import io.banwatch.decode.AnomalyCounters;

/**
 * The bytes that the reassembly buffers of one connection table may hold together, and the streams that hold them
 * in least-recently-written order. When a stream needs more than is left, the streams written least recently give
 * their bytes up first ({@link QuicAnomaly#BUFFER_EVICTED}): refusing the newcomer instead would let a few
 * thousand junk first Initials blind the inspector to every later split hello, while a real client sends the rest of
 * its first flight within a round trip and so stays among the most recently written.
 */
final class ByteBudget {

    private final long limit;
    private final AnomalyCounters anomalies;
    /** Sentinel of the holders' list: {@code newer} is the least recently written stream. */
    private final CryptoStream holders = CryptoStream.sentinel();

    private long used;

    ByteBudget(long limit) {
        this(limit, new AnomalyCounters().register(QuicAnomaly.class));
    }

    ByteBudget(long limit, AnomalyCounters anomalies) {
        this.limit = limit;
        this.anomalies = anomalies;
    }

    /**
     * Takes {@code bytes} for {@code stream}, evicting the least recently written other streams while that would
     * exceed the budget; returns false and takes nothing only when the budget cannot hold the request at all.
     */
    boolean tryReserve(CryptoStream stream, int bytes) {
        written(stream);
        while (limit - used < bytes) {
            CryptoStream oldest = holders.newer;
            if (oldest == stream || oldest == holders) {
                return false;
            }
            anomalies.count(QuicAnomaly.BUFFER_EVICTED);
            oldest.evict(this);
        }
        used += bytes;
        return true;
    }

    /** Marks {@code stream} as the most recently written. */
    void written(CryptoStream stream) {
        stream.unlink();
        stream.linkBefore(holders);
    }

    /** Returns a stream's bytes and takes it off the list. */
    void release(CryptoStream stream, int bytes) {
        used -= bytes;
        stream.unlink();
    }

    long used() {
        return used;
    }
}
