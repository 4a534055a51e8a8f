package io.banwatch.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;

/**
 * Exposes {@link OffenderSeries} as {@code banwatch_offender_matches_total{vendor,category,host}} and {@code
 * banwatch_offender_worst_outcome{vendor,category,host}}. Each series gets its meters on the {@link #bindNew()} after
 * it appears ({@link PrometheusMetrics} runs it before every scrape), and loses them once its host gave its label up
 * to another (its counts then are {@code _other}'s): the scrape thread registers, never the pipeline's.
 */
public final class OffenderMetrics extends LateBinder {

    /** The meters registered for one series, and the values they read. */
    private static final class Bound {
        final OffenderSeries.Values values;
        final Meter gauge;
        Meter counter;

        Bound(OffenderSeries.Values values, Meter gauge) {
            this.values = values;
            this.gauge = gauge;
        }
    }

    private final OffenderSeries series;
    // Holds each series' values strongly: Micrometer keeps a gauge's and a function counter's state weakly.
    private final Map<OffenderSeries.Key, Bound> bound = new HashMap<>();

    public OffenderMetrics(OffenderSeries series) {
        this.series = series;
    }

    @Override
    protected void bindNew(MeterRegistry registry) {
        // A series gone, or made anew since (its host lost its label and won one back): its meters read old values.
        bound.entrySet().removeIf(entry -> {
            Bound meters = entry.getValue();
            if (series.get(entry.getKey()) == meters.values) {
                return false;
            }
            registry.remove(meters.gauge);
            if (meters.counter != null) {
                registry.remove(meters.counter);
            }
            return true;
        });
        series.forEach((key, values) -> bind(registry, key, values));
    }

    private void bind(MeterRegistry registry, OffenderSeries.Key key, OffenderSeries.Values values) {
        Bound meters = bound.get(key);
        if (meters == null) {
            meters = new Bound(
                    values,
                    BanwatchMeters.OFFENDER_WORST_OUTCOME
                            .gauge(values, OffenderSeries.Values::worstOutcome)
                            .tags(tags(key))
                            .register(registry));
            bound.put(key, meters);
        }
        if (meters.counter == null && meters.values == values && values.counted()) {
            meters.counter = BanwatchMeters.OFFENDER_MATCHES
                    .functionCounter(values, OffenderSeries.Values::matches)
                    .tags(tags(key))
                    .register(registry);
        }
    }

    private static Tags tags(OffenderSeries.Key key) {
        return Tags.of(
                BanwatchMeters.VENDOR, key.vendor(),
                BanwatchMeters.CATEGORY, key.category(),
                BanwatchMeters.HOST, key.host());
    }
}
