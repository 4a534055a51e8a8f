/**
 * Flow state: the bounded flow table with idle eviction, per-direction TCP reassembly of each connection's first
 * bytes for the {@link io.banwatch.flow.StreamParser}s, the {@link io.banwatch.flow.FlowObserver} hooks for
 * connections that carry no name, and the bounded table of UDP flows already seen. All memory bounds of stateful
 * parsing live here.
 */
package io.banwatch.flow;
