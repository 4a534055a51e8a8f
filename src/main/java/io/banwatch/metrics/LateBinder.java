package io.banwatch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A binder whose series appear while the sensor runs: {@link PrometheusMetrics} runs {@link #bindNew()} before every
 * scrape, so a series counted since the last one is on this scrape, with everything it counted meanwhile.
 */
public abstract class LateBinder implements MeterBinder {

    private MeterRegistry registry;

    @Override
    public final synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
        bindNew(registry);
    }

    /** Registers (and unregisters) the meters of series that appeared (or went) since the last call. */
    public final synchronized void bindNew() {
        if (registry != null) {
            bindNew(registry);
        }
    }

    /** {@link #bindNew()} once bound, called with the binder's lock held. */
    protected abstract void bindNew(MeterRegistry registry);
}
