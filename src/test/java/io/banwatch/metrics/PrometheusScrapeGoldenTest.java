package io.banwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.Anomaly;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.source.CaptureAnomaly;
import io.banwatch.source.CaptureStats;
import io.banwatch.source.InterfaceState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The exact scrape text of every metric in the DESIGN.md table: renaming one fails this test. */
class PrometheusScrapeGoldenTest {

    enum TestAnomaly implements Anomaly {
        HEADER_TOO_SMALL;

        @Override
        public String layer() {
            return "ethernet";
        }

        @Override
        public String reason() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Test
    void prometheusTextMatchesGolden() throws IOException {
        PrometheusMetrics metrics = fixedMetrics();

        Scrape scrape = metrics.scrape(null);

        assertThat(scrape.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(new String(scrape.body(), StandardCharsets.UTF_8)).isEqualTo(golden("scrape-golden.txt"));
    }

    @Test
    void openMetricsTextMatchesGolden() throws IOException {
        PrometheusMetrics metrics = fixedMetrics();

        Scrape scrape = metrics.scrape("application/openmetrics-text; version=1.0.0,text/plain;q=0.5");

        assertThat(scrape.contentType()).isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(new String(scrape.body(), StandardCharsets.UTF_8)).isEqualTo(golden("scrape-golden.openmetrics"));
    }

    private static PrometheusMetrics fixedMetrics() {
        PrometheusMetrics metrics = new PrometheusMetrics(new MockClock());
        CaptureStats eth1 = new CaptureStats("eth1");
        eth1.packet(1500, 1_727_712_000_500_000_000L);
        eth1.packet(60, 1_727_712_001_000_000_000L);
        eth1.anomaly(CaptureAnomaly.TIMESTAMP_BACKWARDS);
        eth1.drops(3, 1);
        InterfaceState eth1Link = new InterfaceState("eth1");
        eth1Link.down();
        eth1Link.reopened();
        AnomalyCounters anomalies = new AnomalyCounters().register(TestAnomaly.class);
        anomalies.count(TestAnomaly.HEADER_TOO_SMALL);
        metrics.bind(new CaptureMetrics(List.of(eth1)))
                .bind(new InterfaceMetrics(eth1Link))
                .bind(new AnomalyMetrics(anomalies))
                .bind(new FlowMetrics(() -> 42))
                .bind(new BuildInfoMetrics("0.1.0"))
                .bind(new CatalogMetrics(new CatalogMetrics.Source() {
                    @Override
                    public long reloadsSucceeded() {
                        return 2;
                    }

                    @Override
                    public long reloadsFailed() {
                        return 1;
                    }

                    @Override
                    public long rules() {
                        return 310;
                    }

                    @Override
                    public long loadedAtMillis() {
                        return 1_727_712_002_000L;
                    }
                }));

        MeterRegistry registry = metrics.registry();
        BanwatchMeters.CAPTURE_DROPS
                .counter()
                .tags(BanwatchMeters.SOURCE, "pipeline", BanwatchMeters.REASON, DropReason.QUEUE.label())
                .register(registry)
                .increment(2);
        BanwatchMeters.PIPELINE_QUEUE_DROPS
                .counter()
                .tag(BanwatchMeters.KIND, QueueDropKind.UNMATCHED.label())
                .register(registry)
                .increment(2);
        BanwatchMeters.OBSERVATIONS
                .counter()
                .tag(BanwatchMeters.PROTOCOL, "dns")
                .register(registry)
                .increment(7);
        BanwatchMeters.MATCHES
                .counter()
                .tags(
                        BanwatchMeters.VENDOR, "kaspersky",
                        BanwatchMeters.CATEGORY, "update",
                        BanwatchMeters.PROTOCOL, "dns",
                        BanwatchMeters.PHASE, "updates_banned")
                .register(registry)
                .increment(5);
        // The per-host series, as the pipeline counts them: their meters are made by the scrape.
        OffenderSeries offenders = new OffenderSeries();
        OffenderSeries.Key host = new OffenderSeries.Key("kaspersky", "update", "10.4.7.19");
        for (int i = 0; i < 5; i++) {
            offenders.count(host);
        }
        offenders.raiseWorstOutcome(host, 3); // transferred
        metrics.bind(new OffenderMetrics(offenders));
        BanwatchMeters.ALERTS
                .counter()
                .tags(
                        BanwatchMeters.VENDOR, "kaspersky",
                        BanwatchMeters.CATEGORY, "update",
                        BanwatchMeters.SEVERITY, "critical")
                .register(registry)
                .increment();
        BanwatchMeters.STORE_LOOKUP_EVICTIONS
                .counter()
                .tag(BanwatchMeters.TABLE, "terms")
                .register(registry)
                .increment(4);
        BanwatchMeters.ALERT_DELIVERIES
                .counter()
                .tags(BanwatchMeters.SINK, "log", BanwatchMeters.OUTCOME, DeliveryOutcome.DELIVERED.label())
                .register(registry)
                .increment();
        return metrics;
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = PrometheusScrapeGoldenTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
