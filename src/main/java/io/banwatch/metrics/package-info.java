/**
 * Prometheus metrics through Micrometer: every banwatch metric name in {@link io.banwatch.metrics.BanwatchMeters},
 * {@link io.micrometer.core.instrument.binder.MeterBinder}s that expose the plain counters of the hot-path stages,
 * and the transport-neutral scrape logic that the HTTP layer adapts.
 */
package io.banwatch.metrics;
