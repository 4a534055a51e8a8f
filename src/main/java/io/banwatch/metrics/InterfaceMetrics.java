package io.banwatch.metrics;

import io.banwatch.source.InterfaceState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Exposes whether a live interface is being read and how often its capture was reopened. */
public final class InterfaceMetrics implements MeterBinder {

    private final InterfaceState state;

    public InterfaceMetrics(InterfaceState state) {
        this.state = state;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags source = Tags.of(BanwatchMeters.SOURCE, state.source());
        BanwatchMeters.CAPTURE_INTERFACE_UP
                .gauge(state, s -> s.up() ? 1 : 0)
                .tags(source)
                .strongReference(true)
                .register(registry);
        BanwatchMeters.CAPTURE_REOPENS
                .functionCounter(state, InterfaceState::reopens)
                .tags(source)
                .register(registry);
    }
}
