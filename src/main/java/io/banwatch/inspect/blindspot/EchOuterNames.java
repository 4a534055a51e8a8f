package io.banwatch.inspect.blindspot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most frequent outer server names of ClientHellos that offered ECH, with their counts, bounded in distinct
 * names. With real ECH the outer name is a provider's public name (draft-ietf-tls-esni section 4, {@code
 * public_name}), shared by many hellos; ECH GREASE, which browsers send on ordinary connections, carries the real
 * name and scatters over many names. The table keeps the heavy hitters with the Space-Saving algorithm (Metwally,
 * Agrawal and El Abbadi, ICDT 2005): a new name replaces the least counted one and inherits its count, so the
 * public names of real ECH stay while GREASE names churn. Counts of names that replaced others are upper bounds.
 * The list is for a summary or API answer and never becomes metric labels. Safe for concurrent use.
 */
public final class EchOuterNames {

    /** One outer name and how many ECH hellos carried it (at most this many, for a name that replaced another). */
    public record NameCount(String name, long count) {}

    private static final Comparator<NameCount> MOST_FIRST =
            Comparator.comparingLong(NameCount::count).reversed().thenComparing(NameCount::name);

    private final int capacity;
    private final Map<String, long[]> counts;
    private long replaced;

    public EchOuterNames(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.counts = new HashMap<>(2 * capacity);
    }

    /**
     * Counts one hello with this outer name.
     *
     * @return false when the name was new and the table full, so it replaced the least counted name
     */
    public synchronized boolean record(String outerName) {
        long[] count = counts.get(outerName);
        if (count != null) {
            count[0]++;
            return true;
        }
        if (counts.size() < capacity) {
            counts.put(outerName, new long[] {1});
            return true;
        }
        // Bounded by the capacity (at most 1,024): a scan per replacement, only when a new name arrives.
        String least = null;
        long leastCount = Long.MAX_VALUE;
        for (Map.Entry<String, long[]> entry : counts.entrySet()) {
            if (entry.getValue()[0] < leastCount) {
                least = entry.getKey();
                leastCount = entry.getValue()[0];
            }
        }
        long[] inherited = counts.remove(least);
        inherited[0]++;
        counts.put(outerName, inherited);
        replaced++;
        return false;
    }

    /** The names kept, most frequent first, then by name. */
    public synchronized List<NameCount> snapshot() {
        List<NameCount> list = new ArrayList<>(counts.size());
        counts.forEach((name, count) -> list.add(new NameCount(name, count[0])));
        list.sort(MOST_FIRST);
        return list;
    }

    /** How often a new name replaced the least counted one because the table was full. */
    public synchronized long overflow() {
        return replaced;
    }

    public int capacity() {
        return capacity;
    }
}
