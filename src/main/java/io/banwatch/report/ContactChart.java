package io.banwatch.report;

import io.banwatch.match.Category;
import io.banwatch.store.ReportQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Contacts over time by category: consecutive buckets of one width covering the report's period, and the deadlines
 * to mark on it.
 *
 * @param bucketNanos the width of every bucket: an hour for short periods, a day (or several) for long ones
 * @param buckets in time order, empty ones included, so the chart's x axis is time
 * @param categories the categories that have contacts, in catalog order
 */
public record ContactChart(long bucketNanos, List<Bucket> buckets, List<String> categories, List<Marker> markers) {

    public static final long HOUR = 3_600_000_000_000L;
    public static final long DAY = 24 * HOUR;

    /** Periods up to this long are drawn by the hour: three days is 72 bars, still readable on a page. */
    static final long HOURLY_UP_TO = 3 * DAY;

    /** Bars a chart draws at most; a longer period gets buckets of several days so a bar stays wider than a line. */
    static final int MAX_BUCKETS = 180;

    /** One bucket: contacts per category from {@code startNanos} for one bucket width. */
    public record Bucket(long startNanos, Map<String, Long> contacts) {

        public long total() {
            return contacts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A vertical line at an instant, for example the updates ban, with its label. */
    public record Marker(long atNanos, String label) {}

    /** The bucket width for a period of {@code spanNanos}: hourly, daily, or whole days keeping at most 180 bars. */
    public static long bucketWidth(long spanNanos) {
        if (spanNanos <= HOURLY_UP_TO) {
            return HOUR;
        }
        long days = Math.ceilDiv(spanNanos, DAY);
        return Math.max(1, Math.ceilDiv(days, MAX_BUCKETS)) * DAY;
    }

    /** The chart of a period from per-bucket counts as {@link ReportQueries#contactsPerBucket} returns them. */
    public static ContactChart of(
            long fromNanos,
            long untilNanos,
            long bucketNanos,
            List<ReportQueries.BucketCount> counts,
            List<Marker> markers) {
        long first = Math.floorDiv(fromNanos, bucketNanos);
        long last = Math.floorDiv(Math.max(fromNanos, untilNanos - 1), bucketNanos);
        Map<Long, Map<String, Long>> byBucket = new LinkedHashMap<>();
        TreeSet<String> seen = new TreeSet<>();
        for (ReportQueries.BucketCount count : counts) {
            // The query buckets by microsecond; the same width in nanoseconds gives the same index.
            byBucket.computeIfAbsent(count.bucket(), b -> new LinkedHashMap<>())
                    .merge(count.category(), count.contacts(), Long::sum);
            seen.add(count.category());
        }
        List<Bucket> buckets = new ArrayList<>();
        for (long b = first; b <= last; b++) {
            buckets.add(new Bucket(b * bucketNanos, byBucket.getOrDefault(b, Map.of())));
        }
        return new ContactChart(bucketNanos, buckets, ordered(seen), markers);
    }

    /** Catalog categories in their declared order, then anything else the store holds. */
    private static List<String> ordered(TreeSet<String> seen) {
        List<String> ordered = new ArrayList<>();
        for (Category category : Category.values()) {
            if (seen.remove(category.label())) {
                ordered.add(category.label());
            }
        }
        ordered.addAll(seen);
        return ordered;
    }

    public long fromNanos() {
        return buckets.isEmpty() ? 0 : buckets.get(0).startNanos();
    }

    public long untilNanos() {
        return buckets.isEmpty() ? 0 : buckets.get(buckets.size() - 1).startNanos() + bucketNanos;
    }

    public long totalContacts() {
        return buckets.stream().mapToLong(Bucket::total).sum();
    }

    /** The largest bucket total, which sets the y axis. */
    public long maxTotal() {
        return buckets.stream().mapToLong(Bucket::total).max().orElse(0);
    }
}
