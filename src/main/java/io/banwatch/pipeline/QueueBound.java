package io.banwatch.pipeline;

import io.banwatch.event.Event;
import io.banwatch.inspect.DnsAnswers;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline queue's bound in events and in bytes, with unmatched observations held to half of each: a flood of
 * unmatched DNS answers (70 records each, ~27 KB as objects) filled 450 MB within the event bound alone, and must
 * never take the room of a match. Places are taken optimistically and given back when over a bound, so producers
 * never wait on a lock; under contention a bound may refuse slightly early, never admit too much.
 */
final class QueueBound {

    /**
     * 32 MiB: about 100,000 typical events of ~300 bytes, more than the default 65,536 places, while a flood of large
     * DNS answers stops at a few thousand; a fixed share of the launcher's 384 MiB heap.
     */
    static final long DEFAULT_MAX_BYTES = 32L << 20;

    /** Bytes of an event's objects besides its strings and DNS records: records, endpoints, addresses, headers. */
    private static final int EVENT_OVERHEAD = 320;

    /** Bytes of one DNS record's objects besides its strings. */
    private static final int RECORD_OVERHEAD = 96;

    private final int maxEvents;
    private final long maxBytes;
    private final AtomicInteger events = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger unmatchedEvents = new AtomicInteger();
    private final AtomicLong unmatchedBytes = new AtomicLong();

    QueueBound(int maxEvents, long maxBytes) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** Takes room for an event of {@code size} bytes; returns the events queued before, or -1 when over a bound. */
    int reserve(boolean matched, long size) {
        int before = events.getAndIncrement();
        long bytesAfter = bytes.addAndGet(size);
        boolean fits = before < maxEvents && bytesAfter <= maxBytes;
        if (!matched) {
            int unmatchedBefore = unmatchedEvents.getAndIncrement();
            long unmatchedAfter = unmatchedBytes.addAndGet(size);
            fits &= unmatchedBefore < maxEvents / 2 && unmatchedAfter <= maxBytes / 2;
        }
        if (!fits) {
            release(matched, size);
            return -1;
        }
        return before;
    }

    /** Gives back the room of an event that left the queue (or was never queued). */
    void release(boolean matched, long size) {
        events.decrementAndGet();
        bytes.addAndGet(-size);
        if (!matched) {
            unmatchedEvents.decrementAndGet();
            unmatchedBytes.addAndGet(-size);
        }
    }

    int events() {
        return events.get();
    }

    long bytes() {
        return bytes.get();
    }

    /** Whether the event counts as matched: a match or a match's outcome, never dropped for unmatched ones. */
    static boolean matched(Event event) {
        return event.match() != null;
    }

    /** A cheap estimate of the bytes an event holds on the heap: string lengths and record counts, no walk. */
    static long estimate(Event event) {
        Observation o = event.observation();
        long size = EVENT_OVERHEAD + chars(o.name()) + chars(o.urlPath()) + chars(o.httpMethod());
        if (o.dns() != null && o.dns().answers() != null) {
            java.util.List<DnsRecord> answers = o.dns().answers();
            for (int i = 0; i < answers.size(); i++) { // indexed, and packed answers make no record per call
                size += RECORD_OVERHEAD
                        + chars(DnsAnswers.nameOf(answers, i))
                        + DnsAnswers.addressLengthOf(answers, i)
                        + chars(DnsAnswers.targetOf(answers, i));
            }
        }
        return size;
    }

    /** Bytes of a string: Latin-1 strings (host names, paths) take one byte per character, plus the header. */
    private static long chars(String s) {
        return s == null ? 0 : 40 + s.length();
    }
}
