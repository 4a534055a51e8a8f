package io.banwatch.report;

import static io.banwatch.report.ReportEvents.BAN;
import static io.banwatch.report.ReportEvents.DAY;
import static io.banwatch.report.ReportEvents.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.store.ReportQueries;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The chart's buckets, chosen by the period's length, and the deadline line drawn where the deadline falls. */
class ContactChartTest {

    private static final ContactChart.Marker DEADLINE = new ContactChart.Marker(BAN, "updates banned");

    @Nested
    class Buckets {

        @Test
        void upToThreeDaysIsDrawnByTheHour() {
            assertThat(ContactChart.bucketWidth(HOUR)).isEqualTo(HOUR);
            assertThat(ContactChart.bucketWidth(3 * DAY)).isEqualTo(HOUR);
        }

        @Test
        void longerPeriodsAreDrawnByTheDay() {
            assertThat(ContactChart.bucketWidth(3 * DAY + 1)).isEqualTo(DAY);
            assertThat(ContactChart.bucketWidth(180 * DAY)).isEqualTo(DAY);
        }

        @Test
        void aYearGetsBucketsOfSeveralDaysSoAtMost180BarsAreDrawn() {
            long width = ContactChart.bucketWidth(365 * DAY);
            assertThat(width).isEqualTo(3 * DAY);
            ContactChart chart = ContactChart.of(BAN, BAN + 365 * DAY, width, List.of(), List.of());
            assertThat(chart.buckets()).hasSizeLessThanOrEqualTo(ContactChart.MAX_BUCKETS);
        }

        @Test
        void everyBucketOfThePeriodIsThereEmptyOnesIncludedAndCountsLandInTheirOwn() {
            long from = BAN - 2 * DAY; // a UTC day starts at 00:00Z, the ban at 04:00Z
            long dayIndex = Math.floorDiv(BAN, DAY);
            ContactChart chart = ContactChart.of(
                    from,
                    BAN + 2 * DAY,
                    DAY,
                    List.of(
                            new ReportQueries.BucketCount(dayIndex, "update", 5),
                            new ReportQueries.BucketCount(dayIndex, "ksn", 2),
                            new ReportQueries.BucketCount(dayIndex + 1, "update", 1)),
                    List.of(DEADLINE));
            assertThat(chart.buckets()).hasSize(5);
            assertThat(chart.buckets().get(0).startNanos()).isEqualTo(Math.floorDiv(from, DAY) * DAY);
            assertThat(chart.buckets().get(1).total()).isZero();
            assertThat(chart.buckets().get(2).contacts())
                    .containsEntry("update", 5L)
                    .containsEntry("ksn", 2L);
            assertThat(chart.buckets().get(3).total()).isEqualTo(1);
            assertThat(chart.categories()).containsExactly("update", "ksn");
            assertThat(chart.maxTotal()).isEqualTo(7);
            assertThat(chart.totalContacts()).isEqualTo(8);
        }
    }

    @Nested
    class Deadline {

        @Test
        void theDeadlineLineStandsAtItsInstantWithItsLabel() {
            // Four days from 2024-09-27T00:00Z: the ban (09-29T04:00Z) is 2 days 4 hours in, 52/96 of the width.
            long from = BAN - 2 * DAY - 4 * HOUR;
            ContactChart chart = ContactChart.of(
                    from,
                    from + 4 * DAY,
                    DAY,
                    List.of(new ReportQueries.BucketCount(Math.floorDiv(BAN, DAY), "update", 3)),
                    List.of(DEADLINE));
            String svg = SvgChart.render(chart);
            Matcher line = Pattern.compile(
                            "<line x1=\"([0-9.]+)\" y1=\"[0-9.]+\" x2=\"\\1\" y2=\"[0-9.]+\" " + "class=\"deadline\"/>")
                    .matcher(svg);
            assertThat(line.find()).as(svg).isTrue();
            double plot = SvgChart.WIDTH - 56 - 16;
            assertThat(Double.parseDouble(line.group(1)))
                    .isCloseTo(56 + plot * 52 / 96.0, org.assertj.core.data.Offset.offset(0.1));
            assertThat(svg).contains(">updates banned</text>");
            assertThat(SvgChart.shows(chart, DEADLINE)).isTrue();
        }

        @Test
        void aDeadlineOutsideThePeriodIsNotDrawn() {
            ContactChart chart = ContactChart.of(
                    BAN + 10 * DAY,
                    BAN + 20 * DAY,
                    DAY,
                    List.of(new ReportQueries.BucketCount(Math.floorDiv(BAN, DAY) + 12, "update", 3)),
                    List.of(DEADLINE));
            assertThat(SvgChart.shows(chart, DEADLINE)).isFalse();
            assertThat(SvgChart.render(chart)).doesNotContain("class=\"deadline\"");
        }

        @Test
        void barsAreStackedPerCategoryWithTheirCountsAsTitles() {
            ContactChart chart = ContactChart.of(
                    BAN,
                    BAN + DAY,
                    HOUR,
                    List.of(
                            new ReportQueries.BucketCount(Math.floorDiv(BAN, HOUR), "update", 4),
                            new ReportQueries.BucketCount(Math.floorDiv(BAN, HOUR), "ksn", 4)),
                    List.of());
            String svg = SvgChart.render(chart);
            assertThat(svg).contains("<title>09-29 04:00 update: 4</title>", "<title>09-29 04:00 ksn: 4</title>");
            assertThat(SvgChart.niceMax(8)).isEqualTo(10);
        }
    }
}
