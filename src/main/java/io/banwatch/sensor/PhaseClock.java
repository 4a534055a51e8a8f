package io.banwatch.sensor;

import io.banwatch.match.PolicyPhases;
import io.banwatch.match.VendorCatalog;
import java.util.List;

/**
 * Counts a replay's packets per policy phase of each vendor, so a report can say how much of a capture fell before
 * and after each ban. Costs a few comparisons per packet; used by replays only, on one thread at a time.
 */
public final class PhaseClock {

    private final PolicyPhases[] policies;
    // [vendor][phase index + 1]: index 0 counts packets before the vendor's first phase.
    private final long[][] counts;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    public PhaseClock(List<VendorCatalog> catalogs) {
        this.policies = new PolicyPhases[catalogs.size()];
        this.counts = new long[catalogs.size()][];
        for (int i = 0; i < policies.length; i++) {
            policies[i] = catalogs.get(i).policy();
            counts[i] = new long[policies[i].phases().size() + 1];
        }
    }

    /** Counts one packet. */
    void tick(long timestampNanos) {
        for (int i = 0; i < policies.length; i++) {
            counts[i][policies[i].phaseIndexAt(timestampNanos) + 1]++;
        }
        if (timestampNanos < first) {
            first = timestampNanos;
        }
        if (timestampNanos > last) {
            last = timestampNanos;
        }
    }

    /** Packets per phase of the vendor at {@code vendorIndex} (catalog order); index 0 is before its first phase. */
    public long[] counts(int vendorIndex) {
        return counts[vendorIndex].clone();
    }

    /** The earliest packet time seen, or {@link Long#MAX_VALUE} when no packet was read. */
    public long firstNanos() {
        return first;
    }

    /** The latest packet time seen, or {@link Long#MIN_VALUE} when no packet was read. */
    public long lastNanos() {
        return last;
    }
}
