package io.banwatch.api;

import io.banwatch.metrics.BanwatchMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code banwatch_http_refusals_total{reason}} and {@code banwatch_http_connections} of one HTTP server. */
final class HttpServerMetrics {

    private final Map<HttpRefusal, Counter> refusals = new EnumMap<>(HttpRefusal.class);
    final AtomicInteger connections = new AtomicInteger();

    HttpServerMetrics(MeterRegistry registry) {
        for (HttpRefusal refusal : HttpRefusal.values()) {
            refusals.put(
                    refusal,
                    BanwatchMeters.HTTP_REFUSALS
                            .counter()
                            .tag(BanwatchMeters.REASON, refusal.label())
                            .register(registry));
        }
        BanwatchMeters.HTTP_CONNECTIONS
                .gauge(connections, AtomicInteger::get)
                .strongReference(true)
                .register(registry);
    }

    void refused(HttpRefusal refusal) {
        refusals.get(refusal).increment();
    }
}
