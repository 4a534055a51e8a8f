package io.banwatch.attribute;

import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.Endpoint;
import io.banwatch.flow.FlowObserver;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.ObservationSink;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;
import io.banwatch.inspect.kaspersky.KasperskySignature;
import io.banwatch.inspect.ksc.KscInspector;
import io.banwatch.inspect.ksc.KscPorts;
import io.banwatch.inspect.quic.QuicInspector;
import io.banwatch.match.CatalogMatcher;
import java.util.function.Supplier;

/**
 * The attribution stage between a capture thread's inspectors and its sink: learns addresses from DNS answers and
 * gives flows that carry no name of their own the name that resolved to their destination. Name-less means a TLS or
 * QUIC ClientHello without a server name (or with an IP literal), TCP client bytes no parser claimed, or the first
 * datagram of a UDP flow that is neither DNS nor QUIC. Such a flow is reported once, only when a name is known;
 * {@code kaspersky} and {@code ksc} flows are always reported, with a name when one is known. An ECH hello whose
 * outer server name is a provider's public name has a name and passes unchanged. A hello without a name and without a
 * known one is still reported when a catalog's {@code ja4:} rule fits its fingerprint.
 */
public final class NamelessFlows implements ObservationSink, FlowObserver {

    /** RFC 9114 section 3.1: HTTP/3 is found at UDP 443 by default; later datagrams there are short-header QUIC. */
    static final int QUIC_PORT = 443;

    private final ObservationSink downstream;
    private final NameAttribution names;
    private final Supplier<CatalogMatcher> matcher;
    private final KscInspector ksc = new KscInspector(this);

    /** @param matcher the catalog whose {@code ja4:} rules decide whether a hello with no known name is reported */
    public NamelessFlows(ObservationSink downstream, NameAttribution names, Supplier<CatalogMatcher> matcher) {
        this.downstream = downstream;
        this.names = names;
        this.matcher = matcher;
    }

    @Override
    public void accept(Observation observation) {
        switch (observation.protocol()) {
            case DNS -> {
                names.learn(observation);
                downstream.accept(observation);
            }
            case TLS, QUIC -> acceptHello(observation);
            case KASPERSKY, KSC -> downstream.accept(withKnownName(observation));
            case HTTP, UNKNOWN -> downstream.accept(observation);
        }
    }

    @Override
    public boolean accepted(DecodedPacket synAck) {
        return ksc.inspectAccepted(synAck);
    }

    /** The first datagram back from the receiver of a UDP flow's first datagram, on a port that is not DNS. */
    public void firstReply(DecodedPacket packet) {
        ksc.inspectFirstReply(packet);
    }

    @Override
    public void unclaimed(DecodedPacket packet) {
        reportUnknown(packet, Transport.TCP);
    }

    /** The first datagram of a UDP flow on a port that is not a DNS port. */
    public void firstDatagram(DecodedPacket packet) {
        byte[] data = packet.data;
        int offset = packet.payloadOffset;
        int length = packet.payloadLength;
        if (packet.destinationPort == KasperskySignature.UDP_PORT
                && KasperskySignature.matchesDatagram(data, offset, length)) {
            accept(Observation.flow(
                    packet.timestampNanos,
                    Transport.UDP,
                    Protocol.KASPERSKY,
                    sender(packet),
                    receiver(packet),
                    packet.vlanId,
                    packet.tunnelId));
            return;
        }
        if (packet.destinationPort == QUIC_PORT
                || packet.sourcePort == QUIC_PORT
                || QuicInspector.startsKnownLongHeader(data, offset, length)) {
            return; // the QUIC inspector names this flow, or it is QUIC joined after its Initial
        }
        reportUnknown(packet, Transport.UDP);
    }

    private void acceptHello(Observation hello) {
        String name = hello.name();
        boolean ipLiteral = name != null && isIpLiteral(name);
        if (name != null && !ipLiteral) {
            downstream.accept(hello);
            return;
        }
        boolean kscFlow = hello.protocol() == Protocol.TLS
                && KscPorts.isTcp(hello.destination().port());
        String attributed = kscFlow ? null : nameFor(hello); // a KSC connection is reported as ksc already
        if (attributed != null) {
            downstream.accept(hello.withAttributedName(attributed));
        } else if (name != null) {
            downstream.accept(hello); // an IP literal without a known name stays what it was
        } else if (!kscFlow
                && hello.ja4() != null
                && matcher.get().matchFingerprint(hello.ja4(), hello.timestampNanos()) != null) {
            downstream.accept(hello); // nothing names it, but the client's fingerprint is in the catalog
        }
    }

    private Observation withKnownName(Observation flow) {
        String name = flow.name() == null ? nameFor(flow) : null;
        return name == null ? flow : flow.withAttributedName(name);
    }

    private String nameFor(Observation flow) {
        byte[] server = flow.destination().address();
        byte[] client = flow.source().address();
        return names.nameFor(server, server.length, client, client.length, flow.timestampNanos());
    }

    /** Looks the destination up first, so a flow without a known name costs no allocation. */
    private void reportUnknown(DecodedPacket packet, Transport transport) {
        int length = packet.addressLength();
        String name =
                names.nameFor(packet.destinationAddress, length, packet.sourceAddress, length, packet.timestampNanos);
        if (name == null) {
            return;
        }
        downstream.accept(Observation.flow(
                        packet.timestampNanos,
                        transport,
                        Protocol.UNKNOWN,
                        sender(packet),
                        receiver(packet),
                        packet.vlanId,
                        packet.tunnelId)
                .withAttributedName(name));
    }

    private static Endpoint sender(DecodedPacket packet) {
        return Endpoint.of(packet.sourceAddress, packet.addressLength(), packet.sourcePort);
    }

    private static Endpoint receiver(DecodedPacket packet) {
        return Endpoint.of(packet.destinationAddress, packet.addressLength(), packet.destinationPort);
    }

    /** RFC 6066 section 3 forbids IP literals in server_name; clients that send one name no host. */
    static boolean isIpLiteral(String name) {
        if (name.indexOf(':') >= 0) {
            return true; // no host name has a colon; the server name parser keeps an IPv6 literal as it came
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true; // all digits and dots: no top-level domain is numeric
    }
}
