package io.banwatch.match;

import java.util.Locale;

/** How well a catalog entry's ownership or purpose is established by its sources; ordered from weakest. */
public enum Confidence {
    LOW,
    MEDIUM,
    HIGH;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    /** Parses a catalog label such as {@code medium}; null when there is no such confidence. */
    public static Confidence fromLabel(String label) {
        for (Confidence c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        return null;
    }
}
