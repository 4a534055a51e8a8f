package io.banwatch.inspect;

import java.util.Locale;

/** ECS {@code network.transport}. */
public enum Transport {
    TCP,
    UDP;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }
}
