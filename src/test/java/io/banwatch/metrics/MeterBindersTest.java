package io.banwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.Anomaly;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.source.CaptureStats;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MeterBindersTest {

    enum LateAnomaly implements Anomaly {
        BAD_CHECKSUM;

        @Override
        public String layer() {
            return "udp";
        }

        @Override
        public String reason() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());

    @Nested
    class Capture {

        @Test
        void readsLiveCountersOfEverySource() {
            CaptureStats eth1 = new CaptureStats("eth1");
            CaptureStats eth2 = new CaptureStats("eth2");
            new CaptureMetrics(List.of(eth1, eth2)).bindTo(registry);

            eth1.packet(100, 2_000_000_000L);
            eth1.packet(50, 3_500_000_000L);
            eth2.drops(7, 2);

            assertThat(functionCount("banwatch.packets", "source", "eth1")).isEqualTo(2);
            assertThat(functionCount("banwatch.bytes", "source", "eth1")).isEqualTo(150);
            assertThat(functionCount("banwatch.packets", "source", "eth2")).isZero();
            assertThat(registry.get("banwatch.capture.drops")
                            .tags("source", "eth2", "reason", "kernel")
                            .functionCounter()
                            .count())
                    .isEqualTo(7);
            assertThat(registry.get("banwatch.capture.drops")
                            .tags("source", "eth2", "reason", "interface")
                            .functionCounter()
                            .count())
                    .isEqualTo(2);
            assertThat(registry.get("banwatch.last.packet.timestamp")
                            .tag("source", "eth1")
                            .gauge()
                            .value())
                    .isEqualTo(3.5);
        }
    }

    @Nested
    class Anomalies {

        @Test
        void bindsRegisteredReasonsAtZero() {
            AnomalyCounters counters = new AnomalyCounters().register(LateAnomaly.class);
            new AnomalyMetrics(counters).bindTo(registry);

            assertThat(anomalyCount("udp", "bad_checksum")).isZero();
            counters.count(LateAnomaly.BAD_CHECKSUM);
            assertThat(anomalyCount("udp", "bad_checksum")).isEqualTo(1);
        }

        @Test
        void bindsReasonsFirstCountedAfterBindingOnBindNew() {
            AnomalyCounters counters = new AnomalyCounters();
            AnomalyMetrics metrics = new AnomalyMetrics(counters);
            metrics.bindTo(registry);
            counters.count(LateAnomaly.BAD_CHECKSUM);
            assertThat(registry.find("banwatch.decode.anomalies").functionCounter())
                    .isNull();

            metrics.bindNew();
            metrics.bindNew();

            assertThat(anomalyCount("udp", "bad_checksum")).isEqualTo(1);
            assertThat(registry.find("banwatch.decode.anomalies").functionCounters())
                    .hasSize(1);
        }

        @Test
        void scrapeBindsLateReasons() {
            PrometheusMetrics metrics = new PrometheusMetrics(new MockClock());
            AnomalyCounters counters = new AnomalyCounters();
            metrics.bind(new AnomalyMetrics(counters));
            counters.count(LateAnomaly.BAD_CHECKSUM);
            counters.count(LateAnomaly.BAD_CHECKSUM);

            String text = new String(metrics.scrape(null).body(), StandardCharsets.UTF_8);

            assertThat(text).contains("banwatch_decode_anomalies_total{layer=\"udp\",reason=\"bad_checksum\"} 2.0\n");
        }

        private double anomalyCount(String layer, String reason) {
            return registry.get("banwatch.decode.anomalies")
                    .tags("layer", layer, "reason", reason)
                    .functionCounter()
                    .count();
        }
    }

    @Nested
    class FlowsAndBuild {

        @Test
        void flowsGaugeFollowsSupplier() {
            AtomicLong flows = new AtomicLong(3);
            new FlowMetrics(flows::get).bindTo(registry);
            flows.set(11);

            assertThat(registry.get("banwatch.flows.active").gauge().value()).isEqualTo(11);
        }

        @Test
        void buildInfoIsOneWithVersion() {
            new BuildInfoMetrics("1.2.3").bindTo(registry);

            assertThat(registry.get("banwatch.build.info")
                            .tag("version", "1.2.3")
                            .gauge()
                            .value())
                    .isEqualTo(1);
        }
    }

    @Nested
    class ContentNegotiation {

        private final PrometheusMetrics metrics = new PrometheusMetrics(new MockClock());

        @Test
        void textWithoutAcceptHeader() {
            assertThat(metrics.scrape(null).contentType()).isEqualTo(PrometheusMetrics.TEXT_CONTENT_TYPE);
        }

        @Test
        void textForPrometheusDefaultAccept() {
            assertThat(metrics.scrape("text/plain;version=0.0.4;q=0.9,*/*;q=0.1")
                            .contentType())
                    .isEqualTo(PrometheusMetrics.TEXT_CONTENT_TYPE);
        }

        @Test
        void openMetricsWhenAsked() {
            Scrape scrape = metrics.scrape("application/openmetrics-text;version=1.0.0;q=0.75,text/plain;q=0.5");

            assertThat(scrape.contentType()).isEqualTo(PrometheusMetrics.OPENMETRICS_CONTENT_TYPE);
            assertThat(new String(scrape.body(), StandardCharsets.UTF_8)).endsWith("# EOF\n");
        }
    }

    private double functionCount(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).functionCounter().count();
    }
}
