package io.banwatch.metrics;

import java.util.Locale;

/** The {@code reason} label of {@code banwatch_capture_drops_total}. */
public enum DropReason {
    /** The kernel had no buffer space (pcap_stats ps_drop). */
    KERNEL,
    /** The interface or its driver dropped the packet (pcap_stats ps_ifdrop). */
    INTERFACE,
    /** The pipeline's hand-off queue was full. */
    QUEUE;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }
}
