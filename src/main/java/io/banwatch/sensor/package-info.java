/**
 * The sensor's wiring: builds the sources, the per-packet path ({@link io.banwatch.dispatch}) and the pipeline and its
 * sinks from the configuration, and runs them for live capture and for replay.
 */
package io.banwatch.sensor;
