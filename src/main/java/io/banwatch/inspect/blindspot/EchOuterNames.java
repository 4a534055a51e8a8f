package io.banwatch.inspect.blindspot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The outer server names of ClientHellos that offered ECH, with their counts, bounded in distinct names. With real
 * ECH the outer name is a provider's public name (draft-ietf-tls-esni section 4, {@code public_name}); the list is
 * for a summary or API answer and never becomes metric labels. Safe for concurrent use.
 */
public final class EchOuterNames {

    /** One outer name and how many ECH hellos carried it. */
    public record NameCount(String name, long count) {}

    private static final Comparator<NameCount> MOST_FIRST =
            Comparator.comparingLong(NameCount::count).reversed().thenComparing(NameCount::name);

    private final int capacity;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    /** Reserved entries, so that concurrent first sightings cannot push the table past its capacity. */
    private final AtomicInteger size = new AtomicInteger();

    private final LongAdder overflow = new LongAdder();

    public EchOuterNames(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Counts one hello with this outer name; false when the name is new and the table is full. */
    public boolean record(String outerName) {
        LongAdder count = counts.get(outerName);
        if (count == null) {
            if (size.incrementAndGet() > capacity) {
                size.decrementAndGet();
                overflow.increment();
                return false;
            }
            LongAdder fresh = new LongAdder();
            LongAdder prior = counts.putIfAbsent(outerName, fresh);
            if (prior != null) {
                size.decrementAndGet(); // another thread added the same name first
                count = prior;
            } else {
                count = fresh;
            }
        }
        count.increment();
        return true;
    }

    /** The names kept, most frequent first, then by name. */
    public List<NameCount> snapshot() {
        List<NameCount> list = new ArrayList<>(counts.size());
        counts.forEach((name, count) -> list.add(new NameCount(name, count.sum())));
        list.sort(MOST_FIRST);
        return list;
    }

    /** Hellos whose outer name was new when the table was full, so it was not kept. */
    public long overflow() {
        return overflow.sum();
    }

    public int capacity() {
        return capacity;
    }
}
