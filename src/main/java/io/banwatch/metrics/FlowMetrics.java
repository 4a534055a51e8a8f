package io.banwatch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.LongSupplier;

/** Exposes the number of tracked flows as {@code banwatch_flows_active}. */
public final class FlowMetrics implements MeterBinder {

    private final LongSupplier activeFlows;

    public FlowMetrics(LongSupplier activeFlows) {
        this.activeFlows = activeFlows;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        BanwatchMeters.FLOWS_ACTIVE
                .gauge(activeFlows, LongSupplier::getAsLong)
                .strongReference(true)
                .register(registry);
    }
}
