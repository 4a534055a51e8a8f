/**
 * The Netty pipeline that every event passes through after matching: a bounded hand-off from capture threads,
 * then, on one event loop, dedup and enrichment, metrics, the observations file, alerts and a summary.
 *
 * <p>Handlers depend on the sinks ({@code metrics}, {@code alert}); the sinks know nothing of the pipeline.
 */
package io.banwatch.pipeline;
