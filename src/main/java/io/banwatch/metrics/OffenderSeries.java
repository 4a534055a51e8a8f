package io.banwatch.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The values behind {@code banwatch_offender_matches_total} and {@code banwatch_offender_worst_outcome}, one series per
 * vendor, category and client host, as plain fields: the pipeline's thread counts into them and {@link
 * OffenderMetrics} gives each series its meters before a scrape. Registering a Micrometer meter takes tens of
 * microseconds (its id, tags and name conventions, and the Prometheus collector's child), and the offender series,
 * unlike every other, grow with the hosts seen: registered on the pipeline's thread, they took about 0.17 CPU-s of a
 * replay of the tap capture (a run with {@code metrics.max_host_series: 1} against the default 500).
 *
 * <p>Only the pipeline's thread writes (one writer, so a volatile field needs no atomic update); the scrape reads.
 * Every series has a worst-outcome gauge; one with {@link Values#counted()} also has a match counter, which a series
 * only outcomes reached (host {@code _other}, for the outcomes of hosts without a label) lacks.
 */
public final class OffenderSeries {

    /** One series' labels. */
    public record Key(String vendor, String category, String host) {

        Key asOther() {
            return new Key(vendor, category, BanwatchMeters.OTHER_HOST);
        }

        // Written out: a record's own equals and hashCode run through method handles, slow in the interpreter and C1
        // code where a replay spends its first seconds (README, Performance).
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && Objects.equals(host, k.host)
                    && Objects.equals(vendor, k.vendor)
                    && Objects.equals(category, k.category);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Objects.hashCode(host) + Objects.hashCode(vendor)) + Objects.hashCode(category);
        }
    }

    /** One series' values: written by the pipeline's thread only. */
    public static final class Values {
        private volatile long matches;
        private volatile boolean counted;
        private volatile int worstOutcome;

        /** Matches counted, repeats included. */
        public long matches() {
            return matches;
        }

        /** Whether the series has counted a match (and so has a counter). */
        public boolean counted() {
            return counted;
        }

        /** The worst outcome's ordinal ({@code Outcome}), 0 (unknown) until an outcome arrives. */
        public int worstOutcome() {
            return worstOutcome;
        }

        private void add(long count) {
            // One writer: a read and a write of the volatile field need no atomic update.
            matches += count;
            counted = true;
        }

        private void raise(int outcome) {
            if (outcome > worstOutcome) {
                worstOutcome = outcome;
            }
        }
    }

    // Bounded by the caller's host cap: (max_host_series + 1) hosts x vendors x categories.
    private final Map<Key, Values> series = new ConcurrentHashMap<>();

    /** Counts a match of the series, making it (with its gauge at unknown) when new. */
    public void count(Key key) {
        values(key).add(1);
    }

    /** Raises the series' worst outcome to {@code outcome} (an ordinal) if worse, making it when new. */
    public void raiseWorstOutcome(Key key, int outcome) {
        values(key).raise(outcome);
    }

    /**
     * Moves every series of {@code host} to host {@code _other}: its matches are added to {@code _other}'s and its
     * worst outcome raises {@code _other}'s, so the sum over hosts stays the number of matches.
     */
    public void moveToOther(String host) {
        List<Key> keys =
                series.keySet().stream().filter(k -> k.host().equals(host)).toList();
        for (Key key : keys) {
            Values moved = series.remove(key);
            Values other = values(key.asOther());
            if (moved.counted) {
                other.add(moved.matches);
            }
            other.raise(moved.worstOutcome);
        }
    }

    /** The series' values, or null when it has none. */
    public Values get(Key key) {
        return series.get(key);
    }

    /** Every series; safe beside the writer (a series made or moved meanwhile may be seen or not). */
    public void forEach(BiConsumer<Key, Values> action) {
        series.forEach(action);
    }

    private Values values(Key key) {
        Values values = series.get(key);
        if (values == null) {
            values = new Values();
            series.put(key, values);
        }
        return values;
    }
}
