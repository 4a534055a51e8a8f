package io.banwatch.metrics;

import java.util.Locale;

/** The {@code outcome} label of {@code banwatch_alert_deliveries_total}. */
public enum DeliveryOutcome {
    DELIVERED,
    RETRIED,
    FAILED;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }
}
