package io.banwatch.dispatch;

import io.banwatch.attribute.DnsAddressMap;
import io.banwatch.attribute.NameAttribution;
import io.banwatch.attribute.NamelessFlows;
import io.banwatch.attribute.NamelessSettings;
import io.banwatch.config.BanwatchConfig;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.PacketDecoder;
import io.banwatch.flow.FlowLimits;
import io.banwatch.flow.FlowPool;
import io.banwatch.flow.StreamParser;
import io.banwatch.flow.TcpStreamTracker;
import io.banwatch.flow.UdpFlows;
import io.banwatch.inspect.ObservationSink;
import io.banwatch.inspect.blindspot.BlindSpotSettings;
import io.banwatch.inspect.blindspot.BlindSpotTap;
import io.banwatch.inspect.blindspot.BlindSpots;
import io.banwatch.inspect.dns.DnsInspector;
import io.banwatch.inspect.dns.DnsTcpStreamParser;
import io.banwatch.inspect.http.HttpRequestParser;
import io.banwatch.inspect.kaspersky.KasperskyStreamParser;
import io.banwatch.inspect.quic.QuicInspector;
import io.banwatch.inspect.socks.SocksStreamParser;
import io.banwatch.inspect.tls.TlsStats;
import io.banwatch.inspect.tls.TlsStreamParser;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.outcome.ContactOutcomes;
import io.banwatch.source.PacketHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The per-packet path of one capture thread: decode the frame in place, then hand UDP datagrams on DNS ports to
 * the DNS inspector, other UDP datagrams to the QUIC inspector (and the first of each UDP flow to the name-less
 * checks), and every TCP segment to the stream tracker, whose parsers (TLS, HTTP, SOCKS, DNS over TCP, Kaspersky's
 * native protocol) report observations. Every observation passes the attribution stage ({@link NamelessFlows}),
 * which learns DNS answers and names the flows that carry no name. When the sink follows outcomes, every packet
 * (ICMP errors included) then goes to the outcome follower. Not thread-safe: one instance per capture thread.
 */
public final class PacketProcessor implements PacketHandler {

    private static final int PORTS = 65_536;

    private final PacketDecoder decoder;
    private final DecodedPacket packet = new DecodedPacket();
    private final DnsInspector dns;
    private final TcpStreamTracker tcp;
    private final QuicInspector quic;
    private final NameAttribution attribution;
    /** Every observation and new connection passes the blind-spot counters, then attribution. */
    private final BlindSpotTap inspected;

    private final NamelessFlows firstDatagrams;
    /** Follows matched contacts to their outcome; null when the sink does not follow outcomes. */
    private final ContactOutcomes outcomes;

    private final BlindSpots blindSpots;
    private final UdpFlows udpFlows;
    /** Indexed by port, so the per-datagram check neither boxes nor hashes. */
    private final boolean[] dnsPorts = new boolean[PORTS];

    /**
     * A processor whose name-less flows are attributed with the default bounds, preferring names that the catalog of
     * {@code sink} matches when it is a {@link MatchingSink}.
     */
    public PacketProcessor(
            BanwatchConfig.Inspect settings, AnomalyCounters anomalies, TlsStats tlsStats, ObservationSink sink) {
        this(
                settings,
                anomalies,
                tlsStats,
                sink,
                sink instanceof MatchingSink matching ? matching.matcher() : CatalogMatcher::empty,
                new BlindSpots(BlindSpotSettings.DEFAULTS, anomalies));
    }

    /**
     * @param matcher the catalog that decides which of several names resolved to an address is attributed
     * @param blindSpots the blind-spot counters, shared by every capture thread
     */
    public PacketProcessor(
            BanwatchConfig.Inspect settings,
            AnomalyCounters anomalies,
            TlsStats tlsStats,
            ObservationSink sink,
            Supplier<CatalogMatcher> matcher,
            BlindSpots blindSpots) {
        this(
                settings,
                anomalies,
                tlsStats,
                sink,
                matcher,
                blindSpots,
                new DnsAddressMap(NamelessSettings.from(settings).addressMap(), anomalies));
    }

    /**
     * @param addresses the DNS-answer address map, shared by every capture thread and inspection worker of a sensor
     *     so that DNS seen on one interface names flows on another
     */
    public PacketProcessor(
            BanwatchConfig.Inspect settings,
            AnomalyCounters anomalies,
            TlsStats tlsStats,
            ObservationSink sink,
            Supplier<CatalogMatcher> matcher,
            BlindSpots blindSpots,
            DnsAddressMap addresses) {
        this(settings, anomalies, tlsStats, sink, matcher, blindSpots, addresses, new FlowPool());
    }

    /**
     * @param addresses the DNS-answer address map, shared by every capture thread and inspection worker of a sensor
     * @param flows flows of the sensor's paths that ended, reused by this one's TCP and UDP tables before they
     *     allocate any; {@link #release()} gives this path's back
     */
    public PacketProcessor(
            BanwatchConfig.Inspect settings,
            AnomalyCounters anomalies,
            TlsStats tlsStats,
            ObservationSink sink,
            Supplier<CatalogMatcher> matcher,
            BlindSpots blindSpots,
            DnsAddressMap addresses,
            FlowPool flows) {
        NamelessSettings nameless = NamelessSettings.from(settings);
        this.decoder = new PacketDecoder(anomalies);
        this.blindSpots = blindSpots;
        this.attribution = new NameAttribution(addresses, matcher);
        NamelessFlows attributed = new NamelessFlows(sink, attribution, matcher);
        this.inspected = new BlindSpotTap(blindSpots, attributed, attributed);
        this.firstDatagrams = attributed;
        this.udpFlows = new UdpFlows(
                UdpFlows.limits(nameless.maxUdpFlows(), TimeUnit.SECONDS.toNanos(nameless.udpIdleTimeoutSeconds())),
                anomalies,
                flows);
        this.dns = new DnsInspector(anomalies, inspected);
        this.quic = new QuicInspector(anomalies, inspected, tlsStats);
        Map<Integer, StreamParser> byPort = new HashMap<>();
        DnsTcpStreamParser dnsOverTcp = new DnsTcpStreamParser(dns);
        for (int port : settings.dnsPorts()) {
            dnsPorts[port] = true;
            byPort.put(port, dnsOverTcp);
        }
        List<StreamParser> sniffed = List.of(
                new TlsStreamParser(anomalies, inspected, tlsStats),
                new HttpRequestParser(anomalies, inspected),
                new SocksStreamParser(anomalies),
                new KasperskyStreamParser(inspected));
        this.tcp = new TcpStreamTracker(flowLimits(settings), anomalies, sniffed, byPort, inspected, flows);
        this.outcomes = sink instanceof MatchingSink matching ? matching.outcomes() : null;
        if (outcomes != null) {
            outcomes.bind(packet, tcp::initialSequence, attribution);
        }
    }

    static FlowLimits flowLimits(BanwatchConfig.Inspect settings) {
        return new FlowLimits(
                settings.maxFlows(),
                TimeUnit.SECONDS.toNanos(settings.tcpIdleTimeoutSeconds()),
                FlowLimits.DEFAULT_TCP_CLOSED_IDLE_NANOS,
                FlowLimits.DEFAULT_MAX_OUT_OF_ORDER_SEGMENTS,
                settings.streamBufferBudgetBytes());
    }

    /** Whether the decoder reads this link type; the caller warns once about one it does not. */
    public static boolean supports(int linkType) {
        return PacketDecoder.supports(linkType);
    }

    @Override
    public void onPacket(int linkType, byte[] data, int captureLength, int wireLength, long timestampNanos) {
        if (!decoder.decode(linkType, data, captureLength, wireLength, timestampNanos, packet)) {
            return;
        }
        if (packet.isIcmp()) {
            if (outcomes != null) {
                outcomes.onPacket(packet);
            }
            return;
        }
        if (packet.isUdp()) {
            blindSpots.onUdpDatagram(packet);
            if (dnsPorts[packet.sourcePort] || dnsPorts[packet.destinationPort]) {
                dns.inspectDatagram(packet);
            } else {
                quic.inspectDatagram(packet); // any port: QUIC runs on 443 and elsewhere (RFC 9000 section 5.2)
                switch (udpFlows.record(packet)) {
                    case FIRST -> firstDatagrams.firstDatagram(packet);
                    case FIRST_REPLY -> firstDatagrams.firstReply(packet);
                    case LATER -> {}
                }
            }
        } else {
            tcp.onSegment(packet);
        }
        if (outcomes != null) {
            outcomes.onPacket(packet);
        }
    }

    /**
     * The source ended: contacts still followed get their outcome from what was seen. Call once, on the capture
     * thread, after the last packet.
     */
    public void finish() {
        if (outcomes != null) {
            outcomes.finish();
        }
    }

    /**
     * Gives the flows of the TCP and UDP tables to the pool this processor was made with, for the sensor's next path:
     * a replay makes a path per file that does not continue the last, and would otherwise fill a new table each time.
     * Call once, after {@link #finish()}; the processor must not be used afterwards.
     */
    public void release() {
        tcp.release();
        udpFlows.release();
    }

    /**
     * Runs {@code barrier} before every use of the shared DNS-answer map (see {@link NameAttribution#orderBy}). Call
     * before the first packet.
     */
    public void orderAttribution(Runnable barrier) {
        attribution.orderBy(barrier);
    }

    /** TCP connections tracked now; read from the capture thread only, or as an approximate gauge. */
    public int activeFlows() {
        return tcp.activeFlows();
    }

    /** Addresses the DNS-answer map remembers now; read from the capture thread only, or as an approximation. */
    public int attributableAddresses() {
        return attribution.addresses().size();
    }
}
