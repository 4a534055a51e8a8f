package io.banwatch.metrics;

/** Renders the current metrics in the format an HTTP {@code Accept} header asks for. */
@FunctionalInterface
public interface MetricsScraper {

    /** @param acceptHeader the request's Accept header, or null when it had none */
    Scrape scrape(String acceptHeader);
}
