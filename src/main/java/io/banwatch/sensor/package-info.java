/**
 * The sensor: wires sources, the per-packet path (decode, flow, inspect, match) and the pipeline and its sinks,
 * and runs them for live capture and for replay.
 */
package io.banwatch.sensor;
