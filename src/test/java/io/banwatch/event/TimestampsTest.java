package io.banwatch.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The timestamp text against the JDK's own formatter, over the whole range a long of nanoseconds covers. */
class TimestampsTest {

    private static final DateTimeFormatter MICROS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter NANOS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private static String reference(long epochNanos) {
        var instant = Timestamps.toInstant(epochNanos);
        return (instant.getNano() % 1_000 == 0 ? MICROS : NANOS).format(instant);
    }

    @Test
    void knownTimes() {
        assertThat(Timestamps.format(1_727_582_400_000_000_000L)).isEqualTo("2024-09-29T04:00:00.000000Z");
        assertThat(Timestamps.format(1_727_582_400_000_000_001L)).isEqualTo("2024-09-29T04:00:00.000000001Z");
        assertThat(Timestamps.format(0)).isEqualTo("1970-01-01T00:00:00.000000Z");
        assertThat(Timestamps.format(-1)).isEqualTo("1969-12-31T23:59:59.999999999Z");
        assertThat(Timestamps.format(951_782_400_000_000_000L)).isEqualTo("2000-02-29T00:00:00.000000Z");
        assertThat(Timestamps.format(Long.MAX_VALUE)).isEqualTo(reference(Long.MAX_VALUE));
        assertThat(Timestamps.format(Long.MIN_VALUE)).isEqualTo(reference(Long.MIN_VALUE));
    }

    @Test
    void sameAsTheJdkFormatterEverywhere() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long any = random.nextLong();
            assertThat(Timestamps.format(any)).isEqualTo(reference(any));
            long micros = any / 1_000 * 1_000;
            assertThat(Timestamps.format(micros)).isEqualTo(reference(micros));
            // Around midnights, month ends and leap days of the years captures come from.
            long day = 86_400_000_000_000L * random.nextLong(-100_000, 100_000);
            long near = day + random.nextLong(-2_000_000_000L, 2_000_000_000L);
            assertThat(Timestamps.format(near)).isEqualTo(reference(near));
        }
    }
}
