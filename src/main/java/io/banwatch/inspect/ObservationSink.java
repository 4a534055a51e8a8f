package io.banwatch.inspect;

/** Receives observations from inspectors, on the capture thread. */
@FunctionalInterface
public interface ObservationSink {

    void accept(Observation observation);
}
