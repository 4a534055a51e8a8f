package io.banwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.blindspot.BlindSpotKind;
import io.banwatch.inspect.blindspot.BlindSpotSettings;
import io.banwatch.inspect.blindspot.BlindSpots;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlindSpotMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
    private final BlindSpots spots =
            new BlindSpots(new BlindSpotSettings(List.of("10.0.0.53/32"), List.of(), 64), new AnomalyCounters());

    @Test
    void everyKindIsBoundAtZero() {
        new BlindSpotMetrics(spots).bindTo(registry);

        assertThat(registry.find("banwatch.blind.spots").functionCounters()).hasSize(BlindSpotKind.values().length);
        for (BlindSpotKind kind : BlindSpotKind.values()) {
            assertThat(count(kind.label())).isZero();
        }
    }

    @Test
    void countersFollowTheLiveCounts() {
        new BlindSpotMetrics(spots).bindTo(registry);
        Endpoint client = Endpoint.parse("10.1.2.3", 50_000);

        spots.onClientHello("cloudflare-ech.com", true, 443);
        spots.onClientHello("dns.google", false, 443);
        spots.onHttpRequest("/dns-query");
        spots.onDnsQuery(client, Endpoint.parse("8.8.8.8", 53));
        spots.onDnsQuery(client, Endpoint.parse("8.8.4.4", 53));
        spots.onDnsQuery(client, Endpoint.parse("10.0.0.53", 53));

        assertThat(count("ech")).isEqualTo(1);
        assertThat(count("dns_over_https")).isEqualTo(2);
        assertThat(count("dns_external_resolver")).isEqualTo(2);
        assertThat(count("dns_kaspersky_fallback_resolver")).isEqualTo(1);
        assertThat(count("dns_over_tls")).isZero();
        assertThat(count("dns_over_quic")).isZero();
    }

    @Test
    void scrapeNamesTheMetricBlindSpotsTotalWithKind() {
        PrometheusMetrics metrics = new PrometheusMetrics(new MockClock());
        metrics.bind(new BlindSpotMetrics(spots));
        spots.onHttpRequest("/dns-query");
        spots.onHttpRequest("/dns-query");

        String text = new String(metrics.scrape(null).body(), StandardCharsets.UTF_8);

        assertThat(text)
                .contains("# TYPE banwatch_blind_spots_total counter\n")
                .contains("banwatch_blind_spots_total{kind=\"dns_over_https\"} 2.0\n")
                .contains("banwatch_blind_spots_total{kind=\"ech\"} 0.0\n");
    }

    private double count(String kind) {
        return registry.get("banwatch.blind.spots")
                .tag("kind", kind)
                .functionCounter()
                .count();
    }
}
