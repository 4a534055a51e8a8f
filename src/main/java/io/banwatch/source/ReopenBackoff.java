package io.banwatch.source;

import java.time.Duration;

/**
 * The waits between attempts to reopen a live interface: 1 s, doubling, capped at 30 s. One per outage, on the
 * capture thread.
 */
public final class ReopenBackoff {

    /** An interface that is re-created at once (a veth recreated, a driver reloaded) is read again within a second. */
    public static final Duration FIRST_DELAY = Duration.ofSeconds(1);

    /**
     * The longest wait between attempts: an interface back after a long outage misses at most 30 s of traffic, and
     * one failed pcap_create/pcap_activate (a few system calls) every 30 s costs nothing while it stays away.
     */
    public static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private Duration next = FIRST_DELAY;

    /** The wait before the next attempt; each call doubles the one after, up to {@link #MAX_DELAY}. */
    public Duration next() {
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : doubled;
        return delay;
    }
}
