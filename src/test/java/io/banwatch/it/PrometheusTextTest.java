package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String SCRAPE = """
            # HELP banwatch_observations_total Observations by protocol
            # TYPE banwatch_observations_total counter
            banwatch_observations_total{protocol="dns",} 19.0
            banwatch_observations_total{protocol="tls"} 5.0 1727877600000
            banwatch_matches_total{category="update",phase="updates_banned",protocol="dns",vendor="kaspersky"} 7.0
            banwatch_matches_total{category="update",phase="updates_banned",protocol="http",vendor="kaspersky"} 2.0
            banwatch_matches_total{category="management",phase="updates_banned",protocol="tls",vendor="kaspersky"} 2.0
            banwatch_build_info{version="0.1.0 \\"dev\\", a}b"} 1
            banwatch_flows_active 3
            """;

    private final List<PrometheusText.Sample> samples = PrometheusText.parse(SCRAPE);

    @Test
    void readsEverySampleLineAndSkipsComments() {
        assertThat(samples).hasSize(7);
        assertThat(samples.get(0))
                .isEqualTo(new PrometheusText.Sample("banwatch_observations_total", Map.of("protocol", "dns"), 19.0));
    }

    @Test
    void ignoresTheTimestampAfterTheValue() {
        assertThat(samples.get(1).value()).isEqualTo(5.0);
    }

    @Test
    void unescapesQuotesAndKeepsBracesInsideLabelValues() {
        assertThat(samples.get(5).labels()).containsExactly(Map.entry("version", "0.1.0 \"dev\", a}b"));
    }

    @Test
    void readsSamplesWithoutLabels() {
        assertThat(samples.get(6)).isEqualTo(new PrometheusText.Sample("banwatch_flows_active", Map.of(), 3.0));
    }

    @Test
    void sumsOnlySamplesCarryingAllWantedLabels() {
        assertThat(PrometheusText.sum(samples, "banwatch_matches_total", Map.of("category", "update")))
                .isEqualTo(9.0);
        assertThat(PrometheusText.sum(
                        samples, "banwatch_matches_total", Map.of("category", "update", "protocol", "http")))
                .isEqualTo(2.0);
        assertThat(PrometheusText.sum(samples, "banwatch_matches_total", Map.of("category", "ksn")))
                .isEqualTo(0.0);
    }
}
