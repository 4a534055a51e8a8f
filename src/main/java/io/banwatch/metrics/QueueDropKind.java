package io.banwatch.metrics;

import java.util.Locale;

/**
 * The {@code kind} label of {@code banwatch_pipeline_queue_drops_total}: what the full pipeline queue dropped. A closed
 * set, so the counter has exactly these three series; unmatched observations are dropped before the other two.
 */
public enum QueueDropKind {
    /** A contact that matched a catalog rule. */
    MATCHED,
    /** The outcome (blocked, connected, transferred) of a matched contact. */
    OUTCOME,
    /** An observation that matched no rule: DNS noise, other sites' names. */
    UNMATCHED;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }
}
