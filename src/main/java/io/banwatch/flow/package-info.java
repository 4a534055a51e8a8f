/**
 * Flow state: the bounded flow table with idle eviction, per-direction TCP reassembly of each connection's first
 * bytes for the {@link io.banwatch.flow.StreamParser}s, the {@link io.banwatch.flow.FlowObserver} hooks for
 * connections that carry no name, and the bounded table of UDP flows already seen. All memory bounds of stateful
 * parsing live here. Flows are reused, never reallocated, once a table is full, and across per-packet paths through
 * the sensor's {@link io.banwatch.flow.FlowPool}.
 */
package io.banwatch.flow;
