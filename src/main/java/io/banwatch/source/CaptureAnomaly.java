package io.banwatch.source;

import java.util.Locale;

/**
 * What is wrong with a capture record that is still read: the {@code reason} label of {@code
 * banwatch_capture_anomalies_total}. Every such record is counted as a packet and handed on; only its odd field is
 * corrected as said here.
 */
public enum CaptureAnomaly {
    /**
     * The fraction of a second is 1,000,000 µs (1,000,000,000 ns) or more, 0xFFFFFFFF for one: no receiver can place
     * it, so it is clamped to the last nanosecond of its second.
     */
    TIMESTAMP_FRACTION,
    /** Seconds that do not fit the file format or overflow nanoseconds since 1970 (year 2262): set to 0. */
    TIMESTAMP_OUT_OF_RANGE,
    /** Earlier than the record before it in the same source; kept as recorded (merged or re-ordered captures). */
    TIMESTAMP_BACKWARDS,
    /** A record of zero captured bytes; handed on, so the decoder counts it too. */
    EMPTY_RECORD,
    /** Captured length larger than the length on the wire; the wire length is taken to be the captured one. */
    CAPLEN_BEYOND_WIRE_LENGTH,
    /**
     * More captured bytes than {@link PcapCapture#MAX_RECORD_BYTES}; the first that many are handed on and the rest
     * skipped.
     */
    RECORD_OVER_LONG;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }
}
