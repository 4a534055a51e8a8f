package io.banwatch.source;

/**
 * Turns the seconds and nanoseconds libpcap hands over into nanoseconds since 1970, repairing what libpcap passes
 * on unchecked, and counts what it repairs.
 *
 * <p>A pcap record's seconds are an unsigned 32-bit number (draft-ietf-opsawg-pcap section 5: "Timestamp (Seconds)
 * ... 32-bit unsigned integer"), good until 2106, but libpcap reads them into a signed {@code bpf_int32} ({@code
 * sf-pcap.c}, {@code struct pcap_timeval}), so a time from 2038 on arrives negative: 1901 instead of 2038. Negative
 * seconds that fit 32 bits are therefore read back as unsigned; no capture format and no kernel can mean a time
 * before 1970. libpcap also passes the fraction through unchecked, so a microsecond field of 0xFFFFFFFF arrives as
 * -1000 ns and one of 1,000,000 as a whole second.
 */
final class RecordTimestamps {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** The last nanosecond of a second: where an impossible fraction is placed, so the record stays in its second. */
    private static final long LAST_NANO = NANOS_PER_SECOND - 1;

    /** Seconds beyond this overflow a long of nanoseconds (the year 2262). */
    private static final long MAX_SECONDS = Long.MAX_VALUE / NANOS_PER_SECOND - 1;

    private final CaptureStats stats;
    private long previous = Long.MIN_VALUE;

    RecordTimestamps(CaptureStats stats) {
        this.stats = stats;
    }

    /**
     * @param seconds {@code tv_sec} as libpcap set it
     * @param nanos {@code tv_usec} of a handle opened with nanosecond precision
     * @return nanoseconds since 1970
     */
    long toNanos(long seconds, long nanos) {
        if (seconds < 0) {
            if (seconds >= Integer.MIN_VALUE) {
                seconds &= 0xFFFF_FFFFL; // a pcap record's unsigned seconds, sign-extended by libpcap
            } else {
                stats.anomaly(CaptureAnomaly.TIMESTAMP_OUT_OF_RANGE);
                seconds = 0;
            }
        } else if (seconds > MAX_SECONDS) {
            stats.anomaly(CaptureAnomaly.TIMESTAMP_OUT_OF_RANGE);
            seconds = 0;
        }
        if (nanos < 0 || nanos > LAST_NANO) {
            stats.anomaly(CaptureAnomaly.TIMESTAMP_FRACTION);
            nanos = LAST_NANO;
        }
        long result = seconds * NANOS_PER_SECOND + nanos;
        if (result < previous) {
            stats.anomaly(CaptureAnomaly.TIMESTAMP_BACKWARDS);
        }
        previous = result;
        return result;
    }
}
