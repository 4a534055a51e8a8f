/**
 * Takes each packet from the capture callback through the per-packet path ({@link io.banwatch.dispatch.PacketProcessor}:
 * decode, flow tracking and reassembly, the inspectors, the blind-spot tap, attribution, then matching and the hand-off
 * to the pipeline in {@link io.banwatch.dispatch.MatchingSink}), on the capture thread or, sharded by a symmetric flow
 * hash that keeps both directions of a flow and the DNS answers that name it together
 * ({@link io.banwatch.dispatch.FlowShard}), on inspection workers fed through bounded lock-free queues of
 * preallocated packet slots ({@link io.banwatch.dispatch.InspectionWorkers}).
 */
package io.banwatch.dispatch;
