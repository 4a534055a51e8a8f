package io.banwatch.metrics;

import io.banwatch.decode.Anomaly;
import io.banwatch.decode.AnomalyCounters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exposes {@link AnomalyCounters} as {@code banwatch_decode_anomalies_total{layer,reason}}.
 *
 * <p>Stages register their anomaly enums before binding, so every reason is bound at zero from the start. A reason
 * first counted later (an enum nobody registered) gets its counter on the next {@link #bindNew()};
 * {@link PrometheusMetrics} runs that before every scrape, so such a series appears on the scrape after its first
 * count and nothing is lost, because the counter behind it already holds the total.
 */
public final class AnomalyMetrics extends LateBinder {

    private final AnomalyCounters counters;
    private final Set<Anomaly> bound = new HashSet<>();

    public AnomalyMetrics(AnomalyCounters counters) {
        this.counters = counters;
    }

    @Override
    protected void bindNew(MeterRegistry registry) {
        counters.forEach((anomaly, adder) -> bindOnce(registry, anomaly, adder));
    }

    private void bindOnce(MeterRegistry registry, Anomaly anomaly, LongAdder adder) {
        if (bound.add(anomaly)) {
            BanwatchMeters.DECODE_ANOMALIES
                    .functionCounter(adder, LongAdder::sum)
                    .tags(Tags.of(BanwatchMeters.LAYER, anomaly.layer(), BanwatchMeters.REASON, anomaly.reason()))
                    .register(registry);
        }
    }
}
