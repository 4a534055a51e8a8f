package io.banwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OffenderMetricsTest {

    private static final OffenderSeries.Key A = new OffenderSeries.Key("kaspersky", "update", "10.0.0.1");
    private static final OffenderSeries.Key A_OTHER = new OffenderSeries.Key("kaspersky", "update", "_other");
    private static final OffenderSeries.Key A_KSN = new OffenderSeries.Key("kaspersky", "ksn", "10.0.0.1");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
    private final OffenderSeries series = new OffenderSeries();
    private final OffenderMetrics metrics = new OffenderMetrics(series);

    private double matches(String host, String category) {
        return registry.get("banwatch.offender.matches")
                .tags("host", host, "category", category)
                .functionCounter()
                .count();
    }

    private double worst(String host, String category) {
        return registry.get("banwatch.offender.worst.outcome")
                .tags("host", host, "category", category)
                .gauge()
                .value();
    }

    @Nested
    class Series {

        @Test
        void aMatchMakesTheSeriesWithItsWorstOutcomeUnknown() {
            series.count(A);
            series.count(A);

            assertThat(series.get(A).matches()).isEqualTo(2);
            assertThat(series.get(A).counted()).isTrue();
            assertThat(series.get(A).worstOutcome()).isZero();
        }

        @Test
        void theWorstOutcomeOnlyRises() {
            series.raiseWorstOutcome(A, 3);
            series.raiseWorstOutcome(A, 1);

            assertThat(series.get(A).worstOutcome()).isEqualTo(3);
            assertThat(series.get(A).counted()).isFalse(); // an outcome alone makes a gauge, not a counter
        }

        @Test
        void movingAHostToOtherAddsItsMatchesAndRaisesOthersWorstOutcome() {
            series.count(A);
            series.count(A);
            series.raiseWorstOutcome(A, 2);
            series.raiseWorstOutcome(A_KSN, 1);
            series.count(A_OTHER);
            series.raiseWorstOutcome(A_OTHER, 3);

            series.moveToOther("10.0.0.1");

            assertThat(series.get(A)).isNull();
            assertThat(series.get(A_KSN)).isNull();
            assertThat(series.get(A_OTHER).matches()).isEqualTo(3);
            assertThat(series.get(A_OTHER).worstOutcome()).isEqualTo(3);
            OffenderSeries.Values ksnOther = series.get(new OffenderSeries.Key("kaspersky", "ksn", "_other"));
            assertThat(ksnOther.counted()).isFalse();
            assertThat(ksnOther.worstOutcome()).isEqualTo(1);
        }
    }

    @Nested
    class Meters {

        @Test
        void aSeriesGetsItsMetersOnTheNextBindingAndTheyReadItsCurrentValues() {
            metrics.bindTo(registry);
            series.count(A);
            assertThat(registry.find("banwatch.offender.matches").meters()).isEmpty();

            metrics.bindNew();
            series.count(A);
            series.raiseWorstOutcome(A, 2);

            assertThat(matches("10.0.0.1", "update")).isEqualTo(2);
            assertThat(worst("10.0.0.1", "update")).isEqualTo(2);
        }

        @Test
        void aSeriesReachedOnlyByAnOutcomeHasAGaugeAndGetsItsCounterWithItsFirstMatch() {
            metrics.bindTo(registry);
            series.raiseWorstOutcome(A_OTHER, 1);
            metrics.bindNew();
            assertThat(registry.find("banwatch.offender.matches").functionCounters())
                    .isEmpty();
            assertThat(worst("_other", "update")).isEqualTo(1);

            series.count(A_OTHER);
            metrics.bindNew();

            assertThat(matches("_other", "update")).isEqualTo(1);
        }

        @Test
        void aMovedHostLosesItsMetersAndOtherCountsItsMatches() {
            metrics.bindTo(registry);
            series.count(A);
            series.raiseWorstOutcome(A, 3);
            metrics.bindNew();

            series.moveToOther("10.0.0.1");
            metrics.bindNew();

            assertThat(registry.find("banwatch.offender.matches")
                            .tag("host", "10.0.0.1")
                            .meters())
                    .isEmpty();
            assertThat(registry.find("banwatch.offender.worst.outcome")
                            .tag("host", "10.0.0.1")
                            .meters())
                    .isEmpty();
            assertThat(matches("_other", "update")).isEqualTo(1);
            assertThat(worst("_other", "update")).isEqualTo(3);
        }

        @Test
        void aHostThatWinsItsLabelBackStartsAfreshInsteadOfReadingItsOldSeries() {
            metrics.bindTo(registry);
            series.count(A);
            series.count(A);
            metrics.bindNew();
            series.moveToOther("10.0.0.1");
            series.count(A); // its label back before the next scrape

            metrics.bindNew();

            assertThat(matches("10.0.0.1", "update")).isEqualTo(1);
            assertThat(matches("_other", "update")).isEqualTo(2);
            assertThat(registry.find("banwatch.offender.matches").functionCounters())
                    .hasSize(2);
        }

        @Test
        void everyScrapeOfThePrometheusRegistryBindsTheSeriesNewSinceTheLast() {
            PrometheusMetrics prometheus = new PrometheusMetrics(new MockClock());
            prometheus.bind(metrics);
            series.count(A);

            String first = new String(prometheus.scrape(null).body(), StandardCharsets.UTF_8);
            series.moveToOther("10.0.0.1");
            String second = new String(prometheus.scrape(null).body(), StandardCharsets.UTF_8);

            assertThat(first)
                    .contains("banwatch_offender_matches_total{category=\"update\",host=\"10.0.0.1\","
                            + "vendor=\"kaspersky\"} 1.0")
                    .contains("banwatch_offender_worst_outcome{category=\"update\",host=\"10.0.0.1\","
                            + "vendor=\"kaspersky\"} 0.0");
            assertThat(second)
                    .doesNotContain("host=\"10.0.0.1\"")
                    .contains("banwatch_offender_matches_total{category=\"update\",host=\"_other\","
                            + "vendor=\"kaspersky\"} 1.0");
        }
    }
}
