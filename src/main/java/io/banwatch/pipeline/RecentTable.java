package io.banwatch.pipeline;

import io.micrometer.core.instrument.Counter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A size-capped map from key to a packet time, least recently used first out; every eviction is counted. Used on
 * the event loop only.
 */
final class RecentTable<K> {

    private static final class Time {
        long nanos;

        Time(long nanos) {
            this.nanos = nanos;
        }
    }

    private final LinkedHashMap<K, Time> times;

    RecentTable(int capacity, Counter evictions) {
        this.times = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Time> eldest) {
                if (size() > capacity) {
                    evictions.increment();
                    return true;
                }
                return false;
            }
        };
    }

    /**
     * True when the key was recorded less than {@code windowNanos} before (or after, for out-of-order packets)
     * {@code nowNanos}; otherwise records {@code nowNanos} as the start of a new window and returns false.
     */
    boolean seenWithin(K key, long nowNanos, long windowNanos) {
        Time last = times.get(key);
        if (last != null && Math.abs(nowNanos - last.nanos) < windowNanos) {
            return true;
        }
        if (last != null) {
            last.nanos = nowNanos;
        } else {
            times.put(key, new Time(nowNanos));
        }
        return false;
    }

    /** The earliest time recorded for the key, after recording {@code nowNanos} if it is earlier or new. */
    long earliest(K key, long nowNanos) {
        Time first = times.get(key);
        if (first == null) {
            times.put(key, new Time(nowNanos));
            return nowNanos;
        }
        first.nanos = Math.min(first.nanos, nowNanos);
        return first.nanos;
    }

    int size() {
        return times.size();
    }
}
