package io.banwatch.outcome;

import java.util.concurrent.TimeUnit;

/**
 * How outcomes are judged ({@code outcomes.*}) and how long followed contacts are kept.
 *
 * @param transferBytes server bytes from which a connection is {@code transferred}
 * @param noReplyNanos silence (packet time) after which an unanswered contact is {@code blocked}, {@code no_reply}
 * @param tcpIdleNanos a followed TCP connection idle this long is decided as it stands
 * @param udpIdleNanos the same for QUIC, which shows no end on the wire (CONNECTION_CLOSE is encrypted)
 * @param sinkholes the addresses a blocking resolver answers with
 */
public record OutcomeSettings(
        long transferBytes, long noReplyNanos, long tcpIdleNanos, long udpIdleNanos, Sinkholes sinkholes) {

    /**
     * 65,536 contacts followed at once per capture thread: every host of a large site running Kaspersky with a few
     * update, KSN and management connections open, at about 300 bytes each (~20 MB). Past it the least recently
     * active contact is decided with what is known of it, so that new contacts are still followed.
     */
    public static final int MAX_FOLLOWED_CONTACTS = 65_536;

    /** 65,536 DNS queries awaiting an answer: a resolver's worth of queries for vendor names within the timeout. */
    public static final int MAX_PENDING_DNS_QUERIES = 65_536;

    public static final OutcomeSettings DEFAULTS = new OutcomeSettings(
            65_536,
            TimeUnit.SECONDS.toNanos(10),
            TimeUnit.SECONDS.toNanos(300),
            TimeUnit.SECONDS.toNanos(120),
            Sinkholes.of(java.util.List.of()));

    public OutcomeSettings {
        if (transferBytes < 1 || noReplyNanos <= 0 || tcpIdleNanos <= 0 || udpIdleNanos <= 0) {
            throw new IllegalArgumentException("outcome thresholds and timeouts must be positive");
        }
    }
}
