package io.banwatch.report;

import io.banwatch.event.Timestamps;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the report writes times: UTC throughout, and US Eastern beside the deadline, as BIS states it. */
final class ReportTimes {

    /** The zone of the determination's deadline ("12:00AM Eastern Daylight Time (EDT) on September 29, 2024"). */
    static final ZoneId EASTERN = ZoneId.of("America/New_York");

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTES =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EASTERN_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss z", Locale.US).withZone(EASTERN);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("MM-dd HH:00", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ReportTimes() {}

    static String utc(long nanos) {
        return SECONDS.format(Timestamps.toInstant(nanos));
    }

    static String utcMinutes(long nanos) {
        return MINUTES.format(Timestamps.toInstant(nanos));
    }

    /** The exact instant, for the deadline: {@code 2024-09-29T04:00:00Z}. */
    static String rfc3339(long nanos) {
        return RFC3339.format(Timestamps.toInstant(nanos));
    }

    static String eastern(long nanos) {
        return EASTERN_TIME.format(Timestamps.toInstant(nanos));
    }

    static String day(long nanos) {
        return DAY.format(Timestamps.toInstant(nanos));
    }

    /** An axis label for a bucket of the given width. */
    static String axis(long nanos, long bucketNanos) {
        return bucketNanos < ContactChart.DAY ? HOUR.format(Timestamps.toInstant(nanos)) : day(nanos);
    }

    /** A duration for people: {@code 3 d 4 h}, {@code 5 h 12 min}, {@code 40 s}. */
    static String duration(long nanos) {
        long seconds = nanos / 1_000_000_000L;
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        if (hours > 0) {
            return hours + " h " + minutes + " min";
        }
        return minutes > 0 ? minutes + " min " + seconds % 60 + " s" : seconds + " s";
    }
}
