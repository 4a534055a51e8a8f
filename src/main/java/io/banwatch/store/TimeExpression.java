package io.banwatch.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times of a query filter, as {@code banwatch query} and the HTTP API take them: a date ({@code 2024-09-29}, UTC
 * midnight), an RFC 3339 time ({@code 2024-09-29T04:00:00Z}, {@code 2024-09-29T00:00:00-04:00}) or an age
 * ({@code 30d}, {@code 12h}, {@code 15m}, {@code 90s}, {@code 2w}).
 */
public final class TimeExpression {

    // Up to 9 digits: an age of a billion weeks is already far before any capture, and longer ones overflow.
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhdw])");

    public static final String FORMS =
            "give a date (2024-09-29), an RFC 3339 time (2024-09-29T04:00:00Z) or an age (30d, 12h, 15m)";

    private TimeExpression() {}

    /**
     * Nanoseconds since the epoch.
     *
     * @throws IllegalArgumentException when the text is none of the forms
     */
    public static long parse(String text, Instant now) {
        Matcher age = AGE.matcher(text);
        if (age.matches()) {
            long amount = Long.parseLong(age.group(1));
            Duration unit = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            return nanos(now.minus(unit.multipliedBy(amount)));
        }
        try {
            return nanos(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException | ArithmeticException notATime) {
            try {
                return nanos(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException | ArithmeticException notADate) {
                throw new IllegalArgumentException("\"" + text + "\" is not a time: " + FORMS);
            }
        }
    }

    private static long nanos(Instant instant) {
        // Math.*Exact: a year such as +999999999 would wrap around silently.
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
