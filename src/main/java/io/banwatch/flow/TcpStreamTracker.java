package io.banwatch.flow;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import java.util.List;
import java.util.Map;

/**
 * The per-packet entry point of TCP inspection: finds the packet's flow, reassembles each direction's first bytes
 * and hands them to the parser chosen by port or by sniffing. A direction whose parser is done costs one table
 * lookup per later packet.
 */
public final class TcpStreamTracker {

    private static final int PORTS = 65536;

    private final FlowTable table;
    private final ReassemblyShared shared;
    private final SegmentContext context;
    private final FlowObserver observer;
    private final FlowPool pool;
    /** Parsers by port, as an array so that the per-direction lookup does not box the port. */
    private final StreamParser[] parserByPort = new StreamParser[PORTS];

    /**
     * @param sniffedParsers tried in order on the first bytes of a direction whose ports name no parser
     * @param parsersByPort parsers for directions where either port (destination first) is a key, e.g. 53 for DNS
     */
    public TcpStreamTracker(
            FlowLimits limits,
            AnomalyCounters anomalies,
            List<StreamParser> sniffedParsers,
            Map<Integer, StreamParser> parsersByPort) {
        this(limits, anomalies, sniffedParsers, parsersByPort, FlowObserver.NONE);
    }

    /**
     * @param sniffedParsers tried in order on the first bytes of a direction whose ports name no parser
     * @param parsersByPort parsers for directions where either port (destination first) is a key, e.g. 53 for DNS
     * @param observer told about new connections and about client bytes no parser claimed
     */
    public TcpStreamTracker(
            FlowLimits limits,
            AnomalyCounters anomalies,
            List<StreamParser> sniffedParsers,
            Map<Integer, StreamParser> parsersByPort,
            FlowObserver observer) {
        this(limits, anomalies, sniffedParsers, parsersByPort, observer, new FlowPool());
    }

    /**
     * @param sniffedParsers tried in order on the first bytes of a direction whose ports name no parser
     * @param parsersByPort parsers for directions where either port (destination first) is a key, e.g. 53 for DNS
     * @param observer told about new connections and about client bytes no parser claimed
     * @param pool flows of trackers that ended, reused before any is allocated; {@link #release()} gives this
     *     tracker's back
     */
    public TcpStreamTracker(
            FlowLimits limits,
            AnomalyCounters anomalies,
            List<StreamParser> sniffedParsers,
            Map<Integer, StreamParser> parsersByPort,
            FlowObserver observer,
            FlowPool pool) {
        anomalies.register(FlowAnomaly.class);
        this.observer = observer;
        this.pool = pool;
        this.context = new SegmentContext(observer);
        int sniffLimit = 0;
        for (StreamParser parser : sniffedParsers) {
            sniffLimit = Math.max(sniffLimit, parser.maxPendingBytes());
        }
        parsersByPort.forEach((port, parser) -> {
            if (port < 0 || port >= PORTS) {
                throw new IllegalArgumentException("not a TCP port: " + port);
            }
            parserByPort[port] = parser;
        });
        this.shared = new ReassemblyShared(
                anomalies,
                new BufferBudget(limits.globalBufferBytes(), anomalies),
                sniffedParsers.toArray(new StreamParser[0]),
                sniffLimit,
                limits.maxOutOfOrderSegments(),
                context);
        Flow reusable = pool.take(FlowPool.Kind.TCP, limits.maxFlows());
        for (Flow flow = reusable; flow != null; flow = flow.newer) {
            if (flow.fromA != null) {
                flow.fromA.rebind(shared);
            }
            if (flow.fromB != null) {
                flow.fromB.rebind(shared);
            }
        }
        this.table = new FlowTable(
                limits,
                anomalies,
                FlowAnomaly.FLOW_TABLE_FULL,
                reusable,
                pool.takeSlots(FlowPool.Kind.TCP, FlowTable.capacity(limits)));
    }

    /**
     * Forgets every connection and gives the flows, reset, to the pool for the next tracker: the per-packet path
     * ended. The tracker must not be used afterwards.
     */
    public void release() {
        table.releaseTo(pool, FlowPool.Kind.TCP);
    }

    /** Handles every TCP packet, including those without payload (SYN, FIN, RST, bare ACKs). */
    public void onSegment(DecodedPacket packet) {
        if (!packet.isTcp()) {
            return;
        }
        table.advance(packet.timestampNanos);
        boolean syn = packet.hasFlag(DecodedPacket.SYN);
        boolean pureSyn = syn && !packet.hasFlag(DecodedPacket.ACK);
        Flow flow = table.find(packet);
        boolean fromA = table.packetFromA();
        if (flow != null && pureSyn && isNewConnection(flow, fromA, packet.sequence)) {
            table.remove(flow);
            flow = null;
        }
        if (flow == null) {
            if (!syn && packet.payloadLength == 0) {
                return; // a bare ACK, FIN or RST of a connection we do not track carries nothing to parse
            }
            flow = table.insert(packet);
            // A SYN comes from the client, a SYN-ACK from the server; otherwise guess the first sender.
            flow.clientIsA = syn && !pureSyn ? !fromA : fromA;
            observer.opened(packet);
        } else if (syn && !pureSyn && !flow.reported && acknowledgesClientSyn(flow, fromA, packet)) {
            flow.reported = observer.accepted(packet);
        }
        table.touch(flow, packet.hasFlag(DecodedPacket.FIN | DecodedPacket.RST));
        if (syn) {
            if (fromA) {
                flow.initialSequenceA = packet.sequence;
            } else {
                flow.initialSequenceB = packet.sequence;
            }
        }
        StreamReassembler direction = direction(flow, fromA);
        if (direction.isDone()) {
            return;
        }
        context.bind(packet, flow, fromA, direction);
        direction.onSegment(
                packet.sequence, syn, packet.data, packet.payloadOffset, packet.payloadLength, portParser(packet));
        context.unbind();
    }

    /**
     * Whether a SYN-ACK comes from the server of a flow whose client SYN was seen, and acknowledges that SYN's
     * sequence number (RFC 9293 section 3.4: the SYN occupies one sequence number).
     */
    private static boolean acknowledgesClientSyn(Flow flow, boolean fromA, DecodedPacket synAck) {
        if (fromA == flow.clientIsA) {
            return false;
        }
        long clientSyn = flow.clientIsA ? flow.initialSequenceA : flow.initialSequenceB;
        return clientSyn >= 0 && synAck.acknowledgement == ((clientSyn + 1) & 0xffff_ffffL);
    }

    /**
     * While a parser reports an observation: the SYN sequence number of the sender of the segment being processed
     * ({@code ofSender}) or of its receiver, or -1 when that SYN was not seen or no segment is being processed.
     */
    public long initialSequence(boolean ofSender) {
        return context.initialSequence(ofSender);
    }

    public int activeFlows() {
        return table.activeFlows();
    }

    /** Reassembly buffer bytes allocated across all flows. */
    public long bufferedBytes() {
        return shared.budget.usedBytes();
    }

    FlowTable table() {
        return table;
    }

    private boolean isNewConnection(Flow flow, boolean fromA, long sequence) {
        StreamReassembler direction = fromA ? flow.fromA : flow.fromB;
        return flow.closing || (direction != null && direction.anchoredElsewhere(sequence));
    }

    private StreamReassembler direction(Flow flow, boolean fromA) {
        if (fromA) {
            if (flow.fromA == null) {
                flow.fromA = new StreamReassembler(shared);
            }
            return flow.fromA;
        }
        if (flow.fromB == null) {
            flow.fromB = new StreamReassembler(shared);
        }
        return flow.fromB;
    }

    private StreamParser portParser(DecodedPacket packet) {
        StreamParser parser = parserByPort[packet.destinationPort & 0xffff];
        return parser != null ? parser : parserByPort[packet.sourcePort & 0xffff];
    }
}
