package io.banwatch.inspect.blindspot;

import io.banwatch.decode.AnomalyCounters;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Remembers the QUIC handshakes recently seen on one port, so that the several long-header packets of one
 * handshake count as one connection. Direct-mapped and lock-free: a race between threads or a collision can only
 * cause a second count, never a missed one. Keys come from {@link #fingerprint}.
 */
final class QuicHandshakeTable {

    /**
     * Handshakes to port 853 in progress at the same moment on one sensor stay far below this; a power of two so a
     * slot is a mask of the key. 1,024 slots of two longs are 16 KiB.
     */
    static final int SLOTS = 1024;

    /**
     * A handshake's long-header packets arrive within a few round trips; 10 s also covers the client's Initial
     * retransmissions (RFC 9002 section 6.2.1, initial probe timeout of 1 s doubling per loss). After this much
     * silence a new long-header packet from the same addresses and ports counts as a new connection.
     */
    static final long WINDOW_NANOS = 10_000_000_000L;

    private static final int MASK = SLOTS - 1;

    /** Per slot: the key, then the capture time it was last seen. */
    private final AtomicLongArray entries = new AtomicLongArray(SLOTS * 2);

    private final AnomalyCounters anomalies;

    QuicHandshakeTable(AnomalyCounters anomalies) {
        this.anomalies = anomalies;
    }

    /** True when {@code key} starts a handshake not seen in the last {@link #WINDOW_NANOS}. */
    boolean firstSighting(long key, long timestampNanos) {
        int at = ((int) (key ^ (key >>> 32)) & MASK) * 2;
        long held = entries.getOpaque(at);
        boolean live = Math.abs(timestampNanos - entries.getOpaque(at + 1)) < WINDOW_NANOS;
        if (held == key && live) {
            entries.setOpaque(at + 1, timestampNanos);
            return false;
        }
        if (held != 0 && held != key && live) {
            anomalies.count(BlindSpotAnomaly.QUIC_HANDSHAKE_TABLE_COLLISION);
        }
        entries.setOpaque(at, key);
        entries.setOpaque(at + 1, timestampNanos);
        return true;
    }

    /**
     * A non-zero 64-bit key of client address and port plus server address and port, computed in place (FNV-1a,
     * then the SplitMix64 finaliser so that the low bits used for the slot are well mixed).
     */
    static long fingerprint(byte[] client, int clientPort, byte[] server, int serverPort, int addressLength) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < addressLength; i++) {
            h = (h ^ (client[i] & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ clientPort) * 0x100000001b3L;
        for (int i = 0; i < addressLength; i++) {
            h = (h ^ (server[i] & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ serverPort) * 0x100000001b3L;
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h == 0 ? 1 : h;
    }
}
