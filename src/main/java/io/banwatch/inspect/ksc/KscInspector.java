package io.banwatch.inspect.ksc;

import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.ObservationSink;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;

/**
 * Reports a connection to a KSC service port as one {@link Protocol#KSC} observation, oriented from client to
 * server, once the service has answered: the caller passes the server's SYN-ACK of a TCP handshake whose SYN was seen,
 * and the first reply of a UDP flow whose first datagram was seen.
 *
 * <p>A port number alone is weak evidence: any client may pick 13000 as its ephemeral port, and a flood of junk
 * to random ports reaches every KSC port sooner or later. So the initiator is taken from the start of the flow (RFC
 * 9293 section 3.5: a SYN goes from the client to the server, the SYN-ACK back), and the service must have answered
 * from the port: a SYN nobody accepted, a datagram nobody answered, a flow whose start the tap did not see and a
 * port on the client's side are no evidence.
 */
public final class KscInspector {

    private final ObservationSink sink;

    public KscInspector(ObservationSink sink) {
        this.sink = sink;
    }

    /**
     * Reports the connection if the server accepted it on a KSC TCP port.
     *
     * @param synAck the server's SYN-ACK acknowledging the client's SYN (the flow layer checks that)
     * @return whether it reported
     */
    public boolean inspectAccepted(DecodedPacket synAck) {
        return KscPorts.isTcp(synAck.sourcePort) && report(synAck, Transport.TCP);
    }

    /**
     * Reports the flow if a KSC UDP service answered it.
     *
     * @param reply the first datagram back from the receiver of the flow's first datagram
     * @return whether it reported
     */
    public boolean inspectFirstReply(DecodedPacket reply) {
        return KscPorts.isUdp(reply.sourcePort) && report(reply, Transport.UDP);
    }

    /** Reports the flow from the service's answer: its sender is the server, its receiver the client. */
    private boolean report(DecodedPacket answer, Transport transport) {
        int length = answer.addressLength();
        sink.accept(Observation.flow(
                answer.timestampNanos,
                transport,
                Protocol.KSC,
                Endpoint.of(answer.destinationAddress, length, answer.destinationPort),
                Endpoint.of(answer.sourceAddress, length, answer.sourcePort),
                answer.vlanId,
                answer.tunnelId));
        return true;
    }
}
