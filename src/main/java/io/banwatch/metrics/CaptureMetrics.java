package io.banwatch.metrics;

import io.banwatch.source.CaptureAnomaly;
import io.banwatch.source.CaptureStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;

/**
 * Exposes the plain counters of capture sources: packets, bytes, kernel and interface drops, odd records, newest
 * packet time.
 */
public final class CaptureMetrics implements MeterBinder {

    private static final double NANOS_PER_SECOND = 1e9;

    private final List<CaptureStats> sources;

    public CaptureMetrics(List<CaptureStats> sources) {
        this.sources = List.copyOf(sources);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (CaptureStats stats : sources) {
            Tags source = Tags.of(BanwatchMeters.SOURCE, stats.source());
            BanwatchMeters.PACKETS
                    .functionCounter(stats, CaptureStats::packets)
                    .tags(source)
                    .register(registry);
            BanwatchMeters.BYTES
                    .functionCounter(stats, CaptureStats::bytes)
                    .tags(source)
                    .register(registry);
            BanwatchMeters.CAPTURE_DROPS
                    .functionCounter(stats, CaptureStats::kernelDrops)
                    .tags(source.and(BanwatchMeters.REASON, DropReason.KERNEL.label()))
                    .register(registry);
            BanwatchMeters.CAPTURE_DROPS
                    .functionCounter(stats, CaptureStats::interfaceDrops)
                    .tags(source.and(BanwatchMeters.REASON, DropReason.INTERFACE.label()))
                    .register(registry);
            for (CaptureAnomaly anomaly : CaptureAnomaly.values()) {
                BanwatchMeters.CAPTURE_ANOMALIES
                        .functionCounter(stats, s -> s.anomalies(anomaly))
                        .tags(source.and(BanwatchMeters.REASON, anomaly.label()))
                        .register(registry);
            }
            BanwatchMeters.LAST_PACKET_TIMESTAMP
                    .gauge(stats, s -> s.lastPacketTimestampNanos() / NANOS_PER_SECOND)
                    .tags(source)
                    .strongReference(true)
                    .register(registry);
        }
    }
}
