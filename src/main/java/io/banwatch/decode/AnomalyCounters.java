package io.banwatch.decode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Counts anomalies per reason. Hot-path stages call {@link #count(Anomaly)}; the metrics layer reads the totals
 * through {@link #forEach(BiConsumer)}. Counters of every registered enum exist from the start, so dashboards see
 * zeros rather than missing series.
 */
public final class AnomalyCounters {

    private final Map<Anomaly, LongAdder> counters = new ConcurrentHashMap<>();

    /** Creates the counters of every constant of an anomaly enum, at zero. */
    public <E extends Enum<E> & Anomaly> AnomalyCounters register(Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            counters.computeIfAbsent(constant, k -> new LongAdder());
        }
        return this;
    }

    public void count(Anomaly anomaly) {
        counters.computeIfAbsent(anomaly, k -> new LongAdder()).increment();
    }

    /** Counts {@code times} occurrences at once, for stages that tally within one packet and count at its end. */
    public void count(Anomaly anomaly, long times) {
        if (times > 0) {
            counters.computeIfAbsent(anomaly, k -> new LongAdder()).add(times);
        }
    }

    public long get(Anomaly anomaly) {
        LongAdder adder = counters.get(anomaly);
        return adder == null ? 0 : adder.sum();
    }

    /** The sum over every reason. */
    public long total() {
        long sum = 0;
        for (LongAdder adder : counters.values()) {
            sum += adder.sum();
        }
        return sum;
    }

    /** Visits every counter that exists, including those still at zero. */
    public void forEach(BiConsumer<Anomaly, LongAdder> visitor) {
        counters.forEach(visitor);
    }
}
