package io.banwatch.inspect.quic;

import java.time.Duration;

/**
 * The bounds of one QUIC inspector's connection table.
 *
 * @param maxConnections connections tracked at once, in progress or done (done ones absorb retransmissions)
 * @param maxBufferedBytes reassembly bytes held by all connections together
 * @param idleTimeout packet time after which a silent connection is forgotten
 */
public record QuicLimits(int maxConnections, long maxBufferedBytes, Duration idleTimeout) {

    /**
     * 16,384 entries cover 1,600 new QUIC connections per second for the idle timeout at about 300 bytes each; 16
     * MiB holds 256 of the largest hellos at once or 8,000 typical 2 KB ones; a client that has not finished its
     * first flight within 10 s has given up (RFC 9002 6.2.1 starts the probe timeout near 1 s and doubles it).
     */
    public static final QuicLimits DEFAULT = new QuicLimits(16_384, 16L << 20, Duration.ofSeconds(10));

    public QuicLimits {
        if (maxConnections < 1 || maxBufferedBytes < 0 || idleTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "QUIC limits must be positive: " + maxConnections + ", " + maxBufferedBytes + ", " + idleTimeout);
        }
    }
}
