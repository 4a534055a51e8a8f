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
 * so replies are not counted again.
 *
 * <p>A port number alone is weak evidence: any client may pick 13000 as its ephemeral port. So the initiator is
 * taken from the handshake only (RFC 9293 section 3.5): a SYN goes from the client to the server, a SYN-ACK from the
 * server back. A TCP flow whose handshake the tap did not see is not matched by port at all, and neither is a port
 * on the client's side of a SYN. A UDP flow's first datagram is taken as the client's, so only its destination port
 * counts.
 */
public final class KscInspector {

    private final ObservationSink sink;

    public KscInspector(ObservationSink sink) {
        this.sink = sink;
    }

    /** Reports the flow if its handshake shows a client reaching a KSC service port; returns whether it did. */
    public boolean inspectFirstPacket(DecodedPacket packet) {
        boolean tcp = packet.isTcp();
        boolean toService;
        if (tcp) {
            if (!packet.hasFlag(DecodedPacket.SYN) || packet.hasFlag(DecodedPacket.RST)) {
                return false; // no handshake seen: who is the client is a guess, and a guess is no evidence
            }
            boolean synAck = packet.hasFlag(DecodedPacket.ACK);
            toService = !synAck;
            int servicePort = synAck ? packet.sourcePort : packet.destinationPort;
            if (!KscPorts.isTcp(servicePort)) {
                return false;
            }
        } else {
            if (!KscPorts.isUdp(packet.destinationPort)) {
                return false;
            }
            toService = true;
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
