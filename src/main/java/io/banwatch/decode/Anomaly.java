package io.banwatch.decode;

/**
 * A named reason why a stage skipped malformed or unsupported input. Each stage declares a closed enum of
 * these; {@link AnomalyCounters} counts them and the metrics layer exports one series per layer and reason.
 */
public interface Anomaly {

    /** The stage that saw the problem, for example {@code ethernet}, {@code ipv4}, {@code dns}, {@code tls}. */
    String layer();

    /** The reason in snake_case, for example {@code header_too_small}. */
    String reason();
}
