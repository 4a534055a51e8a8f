package io.banwatch.decode;

import java.time.Duration;

/**
 * The caps of IP fragment reassembly: datagrams in progress, bytes buffered for them, how long one may stay
 * incomplete (measured on packet timestamps), and how many fragments one may have.
 */
public record FragmentLimits(int maxDatagrams, long maxBytes, Duration timeout, int maxFragmentsPerDatagram) {

    /**
     * 1,024 datagrams and 4 MiB follow Linux's defaults (ipfrag_high_thresh is 4 MB); 30 s is Linux's
     * ipfrag_time (RFC 8200 section 4.5 allows 60 s); 128 fragments cover a 65,535-byte datagram cut for the
     * 576-byte IPv4 minimum MTU, which needs 117.
     */
    public static final FragmentLimits DEFAULTS = new FragmentLimits(1024, 4L << 20, Duration.ofSeconds(30), 128);

    public FragmentLimits {
        if (maxDatagrams < 1 || maxBytes < 1 || maxFragmentsPerDatagram < 1) {
            throw new IllegalArgumentException("fragment limits must be positive: " + maxDatagrams + ", " + maxBytes
                    + ", " + maxFragmentsPerDatagram);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("fragment timeout must be positive: " + timeout);
        }
    }
}
