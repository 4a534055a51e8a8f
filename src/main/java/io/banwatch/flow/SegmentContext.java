package io.banwatch.flow;

import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.Endpoint;

/**
 * The {@link StreamContext} of the packet being processed, rebound for each packet. The flow's two endpoints are
 * created on first use, once per flow, because most directions never produce an observation.
 */
final class SegmentContext implements StreamContext {

    private final FlowObserver observer;
    private DecodedPacket packet;
    private Flow flow;
    private boolean fromA;
    private StreamReassembler direction;

    SegmentContext(FlowObserver observer) {
        this.observer = observer;
    }

    void bind(DecodedPacket packet, Flow flow, boolean fromA, StreamReassembler direction) {
        this.packet = packet;
        this.flow = flow;
        this.fromA = fromA;
        this.direction = direction;
    }

    /** The SYN sequence number of the bound packet's sender (or its receiver), or -1 when unbound or not seen. */
    long initialSequence(boolean ofSender) {
        if (flow == null) {
            return -1;
        }
        boolean sideA = ofSender == fromA;
        return sideA ? flow.initialSequenceA : flow.initialSequenceB;
    }

    void unbind() {
        packet = null;
        flow = null;
        direction = null;
    }

    @Override
    public long timestampNanos() {
        return packet.timestampNanos;
    }

    @Override
    public Endpoint source() {
        return endpoint(fromA);
    }

    @Override
    public Endpoint destination() {
        return endpoint(!fromA);
    }

    @Override
    public int destinationPort() {
        return packet.destinationPort;
    }

    /**
     * Tells the observer that no parser claimed the first bytes of this direction, once per connection and only for
     * the client's direction: a server's greeting names nothing the client asked for.
     */
    void unclaimed() {
        if (!flow.reported && fromA == flow.clientIsA) {
            flow.reported = true;
            observer.unclaimed(packet);
        }
    }

    @Override
    public int vlanId() {
        return packet.vlanId;
    }

    @Override
    public long tunnelId() {
        return packet.tunnelId;
    }

    @Override
    public int messagesParsed() {
        return direction.messagesParsed();
    }

    @Override
    public long bytesParsed() {
        return direction.bytesParsed();
    }

    @Override
    public void tunnelOpened() {
        direction.requestTunnel();
    }

    private Endpoint endpoint(boolean sideA) {
        Endpoint endpoint = sideA ? flow.endpointA : flow.endpointB;
        if (endpoint == null) {
            boolean sender = sideA == fromA;
            endpoint = sender
                    ? Endpoint.of(packet.sourceAddress, packet.addressLength(), packet.sourcePort)
                    : Endpoint.of(packet.destinationAddress, packet.addressLength(), packet.destinationPort);
            if (sideA) {
                flow.endpointA = endpoint;
            } else {
                flow.endpointB = endpoint;
            }
        }
        return endpoint;
    }
}
