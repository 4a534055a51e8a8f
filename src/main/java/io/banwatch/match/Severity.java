package io.banwatch.match;

import java.util.Locale;

/** How urgent a match is; ordered from least to most urgent. */
public enum Severity {
    INFO,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    // values() copies its array on every call; the store folds each event's labels through fromLabel.
    private static final Severity[] ALL = values();

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    /** Parses a catalog label such as {@code critical}; null when there is no such severity. */
    public static Severity fromLabel(String label) {
        for (Severity s : ALL) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        return null;
    }
}
