package io.banwatch.match;

import java.util.Locale;

/** What a vendor service is for; the lower-case name is used in catalogs, events and metric labels. */
public enum Category {
    UPDATE,
    KSN,
    LICENSING,
    MANAGEMENT,
    TELEMETRY,
    WEB,
    THREAT_INTEL;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    /** Parses a catalog label such as {@code threat_intel}; null when there is no such category. */
    public static Category fromLabel(String label) {
        for (Category c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        return null;
    }
}
