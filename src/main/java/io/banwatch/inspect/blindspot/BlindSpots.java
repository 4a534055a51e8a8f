package io.banwatch.inspect.blindspot;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.Endpoint;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, per {@link BlindSpotKind}, the traffic that could carry vendor names the monitor cannot read: ECH hellos,
 * DNS over TLS, QUIC and HTTPS, and DNS sent past the internal resolvers. One instance is shared by every capture
 * thread; the packet-level methods cost a port compare for ordinary traffic, allocate nothing and never throw.
 */
public final class BlindSpots {

    /** RFC 7858 section 3.1 (DNS over TLS) and RFC 9250 section 4.1.1 (DNS over QUIC): port 853. */
    public static final int DNS_OVER_TLS_PORT = 853;

    /** RFC 8484 section 4.1 uses this path in its examples, and the public resolvers serve it. */
    static final String DNS_QUERY_PATH = "/dns-query";

    /** RFC 8999 section 5.1: the first bit of a QUIC long header, used only before 1-RTT keys exist. */
    private static final int QUIC_LONG_HEADER = 0x80;

    private static final BlindSpotKind[] KINDS = BlindSpotKind.values();

    private final LongAdder[] counts = new LongAdder[KINDS.length];
    private final AddressPrefixes internalResolvers;
    private final DohResolverNames dohNames;
    private final EchOuterNames echOuterNames;
    private final QuicHandshakeTable quicHandshakes;
    private final AnomalyCounters anomalies;

    /**
     * @throws IllegalArgumentException naming an invalid internal resolver prefix or DoH resolver name
     */
    public BlindSpots(BlindSpotSettings settings, AnomalyCounters anomalies) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
        this.internalResolvers = AddressPrefixes.parse(settings.internalResolvers());
        this.dohNames = DohResolverNames.withExtra(settings.extraDohNames());
        this.echOuterNames = new EchOuterNames(settings.maxEchOuterNames());
        this.anomalies = anomalies.register(BlindSpotAnomaly.class);
        this.quicHandshakes = new QuicHandshakeTable(anomalies);
    }

    /**
     * Call once per TCP connection, with the segment that made the flow table start tracking it: the client's SYN,
     * the server's SYN-ACK when the SYN was missed, or the first payload segment of a connection joined mid-way.
     * Counts {@link BlindSpotKind#DNS_OVER_TLS} when the server port is 853.
     */
    public void onTcpConnectionStart(DecodedPacket packet) {
        if (packet.destinationPort != DNS_OVER_TLS_PORT && packet.sourcePort != DNS_OVER_TLS_PORT) {
            return;
        }
        boolean syn = packet.hasFlag(DecodedPacket.SYN);
        boolean ack = packet.hasFlag(DecodedPacket.ACK);
        // A SYN names the server as its destination, a SYN-ACK as its source (RFC 9293 section 3.5); a segment
        // joined mid-way does not say which side is the server, so port 853 on either side counts.
        boolean serverOn853 = syn && !ack
                ? packet.destinationPort == DNS_OVER_TLS_PORT
                : !syn || packet.sourcePort == DNS_OVER_TLS_PORT;
        if (serverOn853) {
            counts[BlindSpotKind.DNS_OVER_TLS.ordinal()].increment();
        }
    }

    /**
     * Call for every UDP datagram. Counts {@link BlindSpotKind#DNS_OVER_QUIC} once per QUIC handshake with port 853
     * on either side, seen in its long-header packets (RFC 9000 section 17.2), so one direction is enough.
     */
    public void onUdpDatagram(DecodedPacket packet) {
        boolean toServer = packet.destinationPort == DNS_OVER_TLS_PORT;
        if (!toServer && packet.sourcePort != DNS_OVER_TLS_PORT) {
            return;
        }
        byte[] data = packet.data;
        int length = packet.addressLength();
        if (packet.payloadLength < 1
                || data == null
                || packet.payloadOffset < 0
                || packet.payloadOffset >= data.length
                || (data[packet.payloadOffset] & QUIC_LONG_HEADER) == 0) {
            return;
        }
        long key = toServer
                ? QuicHandshakeTable.fingerprint(
                        packet.sourceAddress,
                        packet.sourcePort,
                        packet.destinationAddress,
                        packet.destinationPort,
                        length)
                : QuicHandshakeTable.fingerprint(
                        packet.destinationAddress,
                        packet.destinationPort,
                        packet.sourceAddress,
                        packet.sourcePort,
                        length);
        if (quicHandshakes.firstSighting(key, packet.timestampNanos)) {
            counts[BlindSpotKind.DNS_OVER_QUIC.ordinal()].increment();
        }
    }

    /**
     * Call for every parsed TLS or QUIC ClientHello. Counts {@link BlindSpotKind#ECH} and keeps the outer name when
     * ECH is offered, and {@link BlindSpotKind#DNS_OVER_HTTPS} when the name is a DoH resolver's. A hello to port
     * 853 is DNS over TLS or QUIC, already counted by the packet methods, so it does not count as DoH.
     *
     * @param serverName the server_name as parsed (normalised), or null
     * @param serverPort the server's TCP or UDP port, or -1 when unknown
     */
    public void onClientHello(String serverName, boolean echOffered, int serverPort) {
        if (echOffered) {
            counts[BlindSpotKind.ECH.ordinal()].increment();
            if (serverName != null && !echOuterNames.record(serverName)) {
                anomalies.count(BlindSpotAnomaly.ECH_OUTER_NAME_REPLACED);
            }
        }
        if (serverPort != DNS_OVER_TLS_PORT && dohNames.matches(serverName)) {
            counts[BlindSpotKind.DNS_OVER_HTTPS.ordinal()].increment();
        }
    }

    /** {@link #onClientHello(String, boolean, int)} with the server port unknown. */
    public void onClientHello(String serverName, boolean echOffered) {
        onClientHello(serverName, echOffered, -1);
    }

    /**
     * Call for every HTTP request. Counts {@link BlindSpotKind#DNS_OVER_HTTPS} for the path {@code /dns-query} or
     * below it (RFC 8484 section 4.1), to any host.
     *
     * @param path the request path without its query string
     */
    public void onHttpRequest(String path) {
        if (path != null
                && path.startsWith(DNS_QUERY_PATH)
                && (path.length() == DNS_QUERY_PATH.length() || path.charAt(DNS_QUERY_PATH.length()) == '/')) {
            counts[BlindSpotKind.DNS_OVER_HTTPS.ordinal()].increment();
        }
    }

    /**
     * Call for every DNS query the DNS inspector reports (UDP or TCP; one call per query observation, so per
     * question), with the query's source and destination. Queries sent by an internal resolver (recursion, forwarding)
     * are not counted. Otherwise counts {@link BlindSpotKind#DNS_EXTERNAL_RESOLVER} when internal resolvers are
     * configured and the server is not one of them, and, in addition, {@link
     * BlindSpotKind#DNS_KASPERSKY_FALLBACK_RESOLVER} when the server is a Kaspersky fallback resolver not
     * configured as internal.
     */
    public void onDnsQuery(Endpoint client, Endpoint server) {
        if (client == null || server == null) {
            return;
        }
        byte[] clientAddress = client.address();
        byte[] serverAddress = server.address();
        if (internalResolvers.contains(clientAddress, clientAddress.length)
                || internalResolvers.contains(serverAddress, serverAddress.length)) {
            return;
        }
        if (!internalResolvers.isEmpty()) {
            counts[BlindSpotKind.DNS_EXTERNAL_RESOLVER.ordinal()].increment();
        }
        if (KasperskyFallbackResolvers.contains(serverAddress)) {
            counts[BlindSpotKind.DNS_KASPERSKY_FALLBACK_RESOLVER.ordinal()].increment();
        }
    }

    /** The count of one kind so far. */
    public long count(BlindSpotKind kind) {
        return counts[kind.ordinal()].sum();
    }

    /** Outer names of the ECH hellos seen, most frequent first. */
    public List<EchOuterNames.NameCount> echOuterNames() {
        return echOuterNames.snapshot();
    }

    /** ECH hellos whose outer name was not kept because the table was full. */
    public long echOuterNamesOverflow() {
        return echOuterNames.overflow();
    }

    /** The DoH resolver names in use. */
    public List<String> dohResolverNames() {
        return dohNames.names();
    }
}
