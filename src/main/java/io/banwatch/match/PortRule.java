package io.banwatch.match;

import io.banwatch.inspect.Transport;

/**
 * A {@code ports} entry: a connection to this internal service port (reported as a {@code ksc} observation)
 * belongs to the vendor with this category; the description says which service listens there.
 */
public record PortRule(int port, Transport transport, Category category, String description, String source) {

    /** The rule as reported in matches and listings, for example {@code tcp/13000}. */
    public String text() {
        return transport.label() + "/" + port;
    }
}
