package io.banwatch.flow;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import java.util.concurrent.TimeUnit;

/**
 * Remembers which UDP flows (by transport, addresses and ports in both directions) were already seen, so that
 * something is reported from the first datagram of a flow, or from the first reply to it, only: later datagrams cost
 * one table lookup. Bounded like the TCP table; when full, the least recently seen flow is forgotten and counted.
 */
public final class UdpFlows {

    /**
     * 65,536 flows: UDP besides DNS (QUIC, NTP, VoIP, VPNs) opens far fewer flows than TCP; at roughly 100 bytes
     * each the table stays under 10 MB.
     */
    public static final int DEFAULT_MAX_FLOWS = 1 << 16;

    /** 120 s: RFC 4787 REQ-5 asks NATs to keep UDP mappings at least two minutes, so flows idle longer are new. */
    public static final long DEFAULT_IDLE_NANOS = TimeUnit.SECONDS.toNanos(120);

    /** The default bounds; only {@code maxFlows} and the idle timeout apply to UDP. */
    public static final FlowLimits DEFAULT_LIMITS = limits(DEFAULT_MAX_FLOWS, DEFAULT_IDLE_NANOS);

    private final FlowTable table;
    private final FlowPool pool;

    public UdpFlows(FlowLimits limits, AnomalyCounters anomalies) {
        this(limits, anomalies, new FlowPool());
    }

    /** A table that reuses the flows of tables that ended from {@code pool}; {@link #release()} gives its own back. */
    public UdpFlows(FlowLimits limits, AnomalyCounters anomalies, FlowPool pool) {
        anomalies.register(FlowAnomaly.class);
        this.pool = pool;
        this.table = new FlowTable(
                limits,
                anomalies,
                FlowAnomaly.UDP_FLOW_TABLE_FULL,
                pool.take(FlowPool.Kind.UDP, limits.maxFlows()),
                pool.takeSlots(FlowPool.Kind.UDP, FlowTable.capacity(limits)));
    }

    /** Forgets every flow and gives them to the pool for the next table; this one must not be used afterwards. */
    public void release() {
        table.releaseTo(pool, FlowPool.Kind.UDP);
    }

    /** UDP bounds: at most {@code maxFlows} flows, each forgotten after {@code idleNanos} without a datagram. */
    public static FlowLimits limits(int maxFlows, long idleNanos) {
        return new FlowLimits(
                maxFlows,
                idleNanos,
                idleNanos,
                FlowLimits.DEFAULT_MAX_OUT_OF_ORDER_SEGMENTS,
                0); // no reassembly buffers for UDP
    }

    /** Where a datagram stands in its flow. */
    public enum Datagram {
        /** The first datagram of a flow the table does not remember: its sender is taken as the client. */
        FIRST,
        /** The first datagram back from the receiver of the flow's first datagram: the service answered. */
        FIRST_REPLY,
        /** Any later datagram, in either direction. */
        LATER
    }

    /** Records the datagram and tells where it stands in its flow. */
    public Datagram record(DecodedPacket packet) {
        table.advance(packet.timestampNanos);
        Flow flow = table.find(packet);
        if (flow == null) {
            flow = table.insert(packet);
            flow.clientIsA = table.packetFromA();
            return Datagram.FIRST;
        }
        table.touch(flow, false);
        if (!flow.reported && table.packetFromA() != flow.clientIsA) {
            flow.reported = true; // for UDP: the flow was answered
            return Datagram.FIRST_REPLY;
        }
        return Datagram.LATER;
    }

    public int activeFlows() {
        return table.activeFlows();
    }

    FlowTable table() {
        return table;
    }
}
