package io.banwatch.metrics;

import java.util.Locale;

/** The {@code outcome} label of {@code banwatch_sink_events_total}. */
public enum SinkOutcome {
    /** The broker acknowledged the event. */
    SENT,
    /** The sink's buffer was full (or the sink was stopping): the event was never sent. */
    DROPPED,
    /** The event was sent and retried, and the broker never acknowledged it in time. */
    FAILED;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }
}
