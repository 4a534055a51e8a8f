package io.banwatch.flow;

import java.util.concurrent.TimeUnit;

/**
 * The bounds of the flow table and of stream reassembly.
 *
 * @param maxFlows flows tracked at once; beyond it the least recently seen flow is evicted
 * @param tcpIdleNanos a TCP flow with no packet for this long (packet time) is forgotten
 * @param tcpClosedIdleNanos the same after a FIN or RST was seen
 * @param maxOutOfOrderSegments separate byte ranges held ahead of a hole, per direction
 * @param globalBufferBytes reassembly buffer bytes allocated across all flows
 */
public record FlowLimits(
        int maxFlows, long tcpIdleNanos, long tcpClosedIdleNanos, int maxOutOfOrderSegments, long globalBufferBytes) {

    /**
     * 262,144 flows: a busy 10 Gb/s link opens a few ten thousand connections per second, so this holds several
     * seconds of new connections plus the long-lived ones, at roughly 300 bytes each (~80 MB with the table).
     */
    public static final int DEFAULT_MAX_FLOWS = 1 << 18;

    /** 300 s: longer than the usual keep-alive of HTTP clients and TLS sessions that are still in use. */
    public static final long DEFAULT_TCP_IDLE_NANOS = TimeUnit.SECONDS.toNanos(300);

    /** 30 s: after FIN/RST only stray retransmissions follow; a short timeout frees the slot for new connections. */
    public static final long DEFAULT_TCP_CLOSED_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** 8 ranges: reordering on real paths spans a few segments; a first flight is rarely more than 8 segments. */
    public static final int DEFAULT_MAX_OUT_OF_ORDER_SEGMENTS = 8;

    /** 64 MiB: about 4,000 directions buffering a full 16 KiB ClientHello at once, a bounded share of the heap. */
    public static final long DEFAULT_GLOBAL_BUFFER_BYTES = 64L << 20;

    public static final FlowLimits DEFAULTS = new FlowLimits(
            DEFAULT_MAX_FLOWS,
            DEFAULT_TCP_IDLE_NANOS,
            DEFAULT_TCP_CLOSED_IDLE_NANOS,
            DEFAULT_MAX_OUT_OF_ORDER_SEGMENTS,
            DEFAULT_GLOBAL_BUFFER_BYTES);

    public FlowLimits {
        if (maxFlows < 1 || maxFlows > 1 << 28) {
            throw new IllegalArgumentException("maxFlows must be in [1, 2^28]: " + maxFlows);
        }
        if (tcpIdleNanos <= 0 || tcpClosedIdleNanos <= 0) {
            throw new IllegalArgumentException("idle timeouts must be positive");
        }
        if (maxOutOfOrderSegments < 1 || globalBufferBytes < 0) {
            throw new IllegalArgumentException("maxOutOfOrderSegments must be >= 1 and globalBufferBytes >= 0");
        }
    }
}
