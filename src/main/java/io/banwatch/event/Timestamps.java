package io.banwatch.event;

import java.time.Instant;

/** RFC 3339 UTC timestamps with microseconds, or nanoseconds when the capture has them. */
public final class Timestamps {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400;

    private Timestamps() {}

    public static Instant toInstant(long epochNanos) {
        return Instant.ofEpochSecond(
                Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    public static long toNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    /**
     * {@code 2024-09-29T04:00:00.000000Z}, or with nine fraction digits when the time has nanoseconds. Written digit by
     * digit: every stored, streamed and alerted event has one, and {@code DateTimeFormatter} cost more than the rest
     * of the event's JSON. A {@code long} of nanoseconds spans the years 1677 to 2262, always four digits.
     */
    public static String format(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        int nanos = (int) Math.floorMod(epochNanos, NANOS_PER_SECOND);
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        // Days to a proleptic Gregorian date, counting eras of 400 years from 0000-03-01 (H. Hinnant, "chrono-
        // Compatible Low-Level Date Algorithms", civil_from_days:
        // https://howardhinnant.github.io/date_algorithms.html).
        long shifted = days + 719_468;
        long era = Math.floorDiv(shifted, 146_097);
        int dayOfEra = (int) (shifted - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int shiftedMonth = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
        int month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        boolean micros = nanos % 1_000 == 0;
        char[] text = new char[micros ? 27 : 30];
        digits(text, 0, 4, year);
        text[4] = '-';
        digits(text, 5, 2, month);
        text[7] = '-';
        digits(text, 8, 2, day);
        text[10] = 'T';
        digits(text, 11, 2, secondOfDay / 3_600);
        text[13] = ':';
        digits(text, 14, 2, secondOfDay / 60 % 60);
        text[16] = ':';
        digits(text, 17, 2, secondOfDay % 60);
        text[19] = '.';
        digits(text, 20, micros ? 6 : 9, micros ? nanos / 1_000 : nanos);
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    private static void digits(char[] text, int at, int count, long value) {
        for (int i = at + count - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
