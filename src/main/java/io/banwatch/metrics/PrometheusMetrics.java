package io.banwatch.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The process's meter registry and its transport-neutral scrape, in the manner of client_java's
 * {@code PrometheusScrapeHandler}: Prometheus text 0.0.4 unless the Accept header asks for OpenMetrics.
 */
public final class PrometheusMetrics implements MetricsScraper {

    // The content types of client_java's PrometheusTextFormatWriter and OpenMetricsTextFormatWriter, which render
    // the scrape; that module is a runtime dependency of the registry, so its constants are repeated here.
    public static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    public static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String OPENMETRICS_MEDIA_TYPE = "application/openmetrics-text";

    // A typical scrape is a few hundred series of ~80 bytes; start big enough to avoid regrowing.
    private static final int INITIAL_SCRAPE_BUFFER = 16 * 1024;

    private final PrometheusMeterRegistry registry;
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

    public PrometheusMetrics() {
        this(Clock.SYSTEM);
    }

    public PrometheusMetrics(Clock clock) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
    }

    /** The registry that binders and pipeline handlers register their meters with. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Binds a binder; a {@link LateBinder} also binds the series that appeared since, before every scrape. */
    public PrometheusMetrics bind(MeterBinder binder) {
        binder.bindTo(registry);
        if (binder instanceof LateBinder late) {
            beforeScrape.add(late::bindNew);
        }
        return this;
    }

    @Override
    public Scrape scrape(String acceptHeader) {
        for (Runnable refresh : beforeScrape) {
            refresh.run();
        }
        String contentType = acceptHeader != null && acceptHeader.contains(OPENMETRICS_MEDIA_TYPE)
                ? OPENMETRICS_CONTENT_TYPE
                : TEXT_CONTENT_TYPE;
        ByteArrayOutputStream body = new ByteArrayOutputStream(INITIAL_SCRAPE_BUFFER);
        try {
            registry.scrape(body, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("rendering metrics to memory failed", e);
        }
        return new Scrape(contentType, body.toByteArray());
    }

    /** Closes the registry; meters registered afterwards are no-ops. */
    public void close() {
        registry.close();
    }
}
