package io.banwatch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Exposes the catalog in use: {@code banwatch_catalog_reloads_total{result}}, {@code banwatch_catalog_rules} and
 * {@code banwatch_catalog_loaded_timestamp_seconds}, read from the reloader's plain counters.
 */
public final class CatalogMetrics implements MeterBinder {

    /** What the binder reads; the catalog's owner keeps these as plain fields. */
    public interface Source {
        long reloadsSucceeded();

        long reloadsFailed();

        long rules();

        /** Unix time in milliseconds when the catalog in use was loaded. */
        long loadedAtMillis();
    }

    private final Source source;

    public CatalogMetrics(Source source) {
        this.source = source;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        BanwatchMeters.CATALOG_RELOADS
                .functionCounter(source, Source::reloadsSucceeded)
                .tag(BanwatchMeters.RESULT, "success")
                .register(registry);
        BanwatchMeters.CATALOG_RELOADS
                .functionCounter(source, Source::reloadsFailed)
                .tag(BanwatchMeters.RESULT, "failure")
                .register(registry);
        BanwatchMeters.CATALOG_RULES
                .gauge(source, Source::rules)
                .strongReference(true)
                .register(registry);
        BanwatchMeters.CATALOG_LOADED_TIMESTAMP
                .gauge(source, s -> s.loadedAtMillis() / 1000.0)
                .strongReference(true)
                .register(registry);
    }
}
