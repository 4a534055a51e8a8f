package io.banwatch.inspect.ksc;

import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.ObservationSink;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;

/**
 * Reports a connection to a KSC service port as one {@link Protocol#KSC} observation, oriented from client to
 * server. The caller passes only the first packet of each flow (a TCP SYN or first segment, the first UDP datagram),
 * so replies are not counted again; when that packet comes from the server (its SYN-ACK was the first seen), the
 * service port is on the source side and the endpoints are swapped.
 */
public final class KscInspector {

    private final ObservationSink sink;

    public KscInspector(ObservationSink sink) {
        this.sink = sink;
    }

    /** Reports the flow if either port is a KSC service port of its transport; returns whether it did. */
    public boolean inspectFirstPacket(DecodedPacket packet) {
        boolean tcp = packet.isTcp();
        boolean toService = tcp ? KscPorts.isTcp(packet.destinationPort) : KscPorts.isUdp(packet.destinationPort);
        boolean fromService =
                !toService && (tcp ? KscPorts.isTcp(packet.sourcePort) : KscPorts.isUdp(packet.sourcePort));
        if (!toService && !fromService) {
            return false;
        }
        int length = packet.addressLength();
        Endpoint sender = Endpoint.of(packet.sourceAddress, length, packet.sourcePort);
        Endpoint receiver = Endpoint.of(packet.destinationAddress, length, packet.destinationPort);
        sink.accept(Observation.flow(
                packet.timestampNanos,
                tcp ? Transport.TCP : Transport.UDP,
                Protocol.KSC,
                toService ? sender : receiver,
                toService ? receiver : sender,
                packet.vlanId,
                packet.tunnelId));
        return true;
    }
}
