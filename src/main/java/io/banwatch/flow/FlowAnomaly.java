package io.banwatch.flow;

import io.banwatch.decode.Anomaly;
import java.util.Locale;

/** Caps of the flow table and of stream reassembly that were hit, counted per reason. */
public enum FlowAnomaly implements Anomaly {
    /** The table held {@link FlowLimits#maxFlows()} flows; the least recently seen one was evicted. */
    FLOW_TABLE_FULL,
    /** The UDP table held its maximum of flows; the least recently seen one was evicted (and may be reported again). */
    UDP_FLOW_TABLE_FULL,
    /** A parser needed more unconsumed bytes than its {@link StreamParser#maxPendingBytes()}. */
    STREAM_BUFFER_CAP,
    /** A direction had more segments held ahead of a hole than {@link FlowLimits#maxOutOfOrderSegments()}. */
    OUT_OF_ORDER_CAP,
    /**
     * One direction's buffer alone would have exceeded {@link FlowLimits#globalBufferBytes()}: only when the budget
     * is smaller than a parser's pending bytes, since other buffers are evicted to make room.
     */
    GLOBAL_BUFFER_BUDGET,
    /**
     * The budget was full: the least recently written direction's buffer was freed for a newer one, and that
     * direction stopped.
     */
    BUFFER_EVICTED,
    /**
     * A direction seen without its SYN whose first bytes no parser recognised within
     * {@link StreamReassembler#PROBATION_SEGMENTS} segments: most likely a connection joined mid-way.
     */
    MIDSTREAM_UNRECOGNISED,
    /** A parser asked to skip more bytes than 32-bit sequence arithmetic can follow reliably. */
    SKIP_CAP;

    private final String reason = name().toLowerCase(Locale.ROOT);

    @Override
    public String layer() {
        return "flow";
    }

    @Override
    public String reason() {
        return reason;
    }
}
