package io.banwatch.pipeline;

import java.time.Duration;

/**
 * Tunables of the event pipeline.
 *
 * @param queueCapacity events the hand-off queue holds before new ones are dropped and counted
 * @param maxHostSeries distinct {@code host} label values of {@code banwatch_offender_matches_total} before the
 *     rest are counted under {@code _other} ({@code metrics.max_host_series})
 * @param dedupWindow packet time within which the same host, protocol, name and rule is marked a repeat
 * @param alertRenotify packet time after which an alert whose contacts go on is sent again
 */
public record PipelineSettings(int queueCapacity, int maxHostSeries, Duration dedupWindow, Duration alertRenotify) {

    // Holds about a second of a 65k names/s burst (~20 MB of events) while the event loop catches up after a GC
    // pause or a slow observations file; more only delays the drop that a sustained overload makes inevitable.
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;

    // A few hundred hosts keep the offender panel readable and the scrape small; the store has every host.
    public static final int DEFAULT_MAX_HOST_SERIES = 500;

    // Clients repeat a lookup or connection many times a minute; one stored event per minute keeps the timeline.
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofSeconds(60);

    // One alert per host, vendor and category, sent again after an hour of further contacts: a signal for people,
    // not a stream.
    public static final Duration DEFAULT_ALERT_RENOTIFY = Duration.ofHours(1);

    public PipelineSettings {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
        }
        if (maxHostSeries < 0) {
            throw new IllegalArgumentException("maxHostSeries must not be negative, was " + maxHostSeries);
        }
        if (dedupWindow.isNegative() || alertRenotify.isNegative()) {
            throw new IllegalArgumentException("windows must not be negative");
        }
    }

    public static PipelineSettings defaults() {
        return new PipelineSettings(
                DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_HOST_SERIES, DEFAULT_DEDUP_WINDOW, DEFAULT_ALERT_RENOTIFY);
    }
}
