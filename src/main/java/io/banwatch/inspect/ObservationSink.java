package io.banwatch.inspect;

/**
 * Receives observations from inspectors, on the capture thread. Inspectors also report what carried no name (a
 * ClientHello without server name, a {@link Protocol#KASPERSKY} or {@link Protocol#KSC} flow); the per-packet
 * processor's attribution stage gives those a name from DNS answers or drops them, so sinks after it see a
 * name-less observation only for the {@code kaspersky} and {@code ksc} protocols.
 */
@FunctionalInterface
public interface ObservationSink {

    void accept(Observation observation);
}
