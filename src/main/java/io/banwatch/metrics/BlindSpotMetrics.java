package io.banwatch.metrics;

import io.banwatch.inspect.blindspot.BlindSpotKind;
import io.banwatch.inspect.blindspot.BlindSpots;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Exposes {@link BlindSpots} as {@code banwatch_blind_spots_total{kind}}, every kind bound from the start. */
public final class BlindSpotMetrics implements MeterBinder {

    private final BlindSpots blindSpots;

    public BlindSpotMetrics(BlindSpots blindSpots) {
        this.blindSpots = blindSpots;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (BlindSpotKind kind : BlindSpotKind.values()) {
            BanwatchMeters.BLIND_SPOTS
                    .functionCounter(blindSpots, spots -> spots.count(kind))
                    .tag(BanwatchMeters.KIND, kind.label())
                    .register(registry);
        }
    }
}
