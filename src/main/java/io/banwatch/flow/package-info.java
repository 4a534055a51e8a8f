/**
 * Flow state: the bounded flow table with idle eviction, and per-direction TCP reassembly of each connection's first
 * bytes for the {@link io.banwatch.flow.StreamParser}s. All memory bounds of stateful parsing live here.
 */
package io.banwatch.flow;
