package io.banwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import java.util.function.ToDoubleFunction;

/**
 * The name, description and base unit of one meter, with builders that carry all three so no caller can register
 * the name without them.
 *
 * @param name Micrometer name with the {@code banwatch.} prefix; the Prometheus registry renders dots as
 *     underscores, appends the base unit unless the name already ends with it, and {@code _total} for counters
 * @param baseUnit null for plain counts
 */
public record MeterSpec(String name, String description, String baseUnit) {

    public Counter.Builder counter() {
        return Counter.builder(name).description(description).baseUnit(baseUnit);
    }

    public <T> FunctionCounter.Builder<T> functionCounter(T state, ToDoubleFunction<T> count) {
        return FunctionCounter.builder(name, state, count)
                .description(description)
                .baseUnit(baseUnit);
    }

    public <T> Gauge.Builder<T> gauge(T state, ToDoubleFunction<T> value) {
        return Gauge.builder(name, state, value).description(description).baseUnit(baseUnit);
    }
}
