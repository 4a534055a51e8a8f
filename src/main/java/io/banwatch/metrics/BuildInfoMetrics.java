package io.banwatch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Exposes {@code banwatch_build_info{version}} = 1, so dashboards can show which build a sensor runs. */
public final class BuildInfoMetrics implements MeterBinder {

    private final String version;

    public BuildInfoMetrics(String version) {
        this.version = version;
    }

    /** The version from the jar manifest, or {@code unknown} when running from classes (tests, IDE). */
    public static BuildInfoMetrics fromManifest() {
        String version = BuildInfoMetrics.class.getPackage().getImplementationVersion();
        return new BuildInfoMetrics(version == null ? "unknown" : version);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        BanwatchMeters.BUILD_INFO
                .gauge(this, b -> 1.0)
                .tag(BanwatchMeters.VERSION, version)
                .strongReference(true)
                .register(registry);
    }
}
