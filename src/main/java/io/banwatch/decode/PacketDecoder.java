package io.banwatch.decode;

/**
 * Decodes a captured frame from its link-layer header through any VLAN, PBB, PPPoE, MPLS, NSH, IP-in-IP, GRE, VXLAN,
 * Geneve, GTP-U, Teredo and AYIYA encapsulations to the innermost IP header and its TCP or UDP header. One instance per capture thread:
 * it reuses its state and fragment table across packets and is not thread-safe.
 */
public final class PacketDecoder {

    /**
     * The outer IP header plus three nested ones (IP-in-IP or tunnels): a mirror tunnel around a VPN around a
     * packet is the deepest real stack; anything deeper is counted and skipped.
     */
    public static final int MAX_IP_HEADERS = 4;

    /**
     * Each IP header is followed by at most five steps (transport, tunnel, Ethernet, EtherType, IP), so the IP
     * header cap ends every real chain well before this backstop against a decoding loop.
     */
    private static final int MAX_STEPS = 32;

    private final AnomalyCounters anomalies;
    private final Cursor cursor = new Cursor();
    private final FragmentTable fragments;
    private final LinkLayerDecoder link;
    private final EthernetDecoder ethernet;
    private final Ipv4Decoder ipv4;
    private final Ipv6Decoder ipv6;
    private final TransportDecoder transport;
    private final TunnelDecoder tunnels;
    private final GtpUserPlaneDecoder gtp;
    private final TeredoDecoder teredo = new TeredoDecoder();
    private final AyiyaDecoder ayiya = new AyiyaDecoder();
    private final LlcDecoder llc;
    private final WirelessDecoder wireless;

    public PacketDecoder(AnomalyCounters anomalies) {
        this(anomalies, FragmentLimits.DEFAULTS);
    }

    public PacketDecoder(AnomalyCounters anomalies, FragmentLimits fragmentLimits) {
        this.anomalies = anomalies.register(DecodeAnomaly.class);
        PppDecoder ppp = new PppDecoder(anomalies);
        this.fragments = new FragmentTable(fragmentLimits, anomalies);
        this.wireless = new WirelessDecoder(anomalies);
        this.link = new LinkLayerDecoder(anomalies, ppp, wireless);
        this.ethernet = new EthernetDecoder(anomalies, ppp);
        this.ipv4 = new Ipv4Decoder(anomalies, fragments);
        this.ipv6 = new Ipv6Decoder(anomalies, fragments);
        this.transport = new TransportDecoder(anomalies);
        this.tunnels = new TunnelDecoder(anomalies);
        this.gtp = new GtpUserPlaneDecoder(anomalies);
        this.llc = new LlcDecoder(anomalies);
    }

    /** True for the link types (pcap LINKTYPE_ values) that {@link #decode} reads. */
    public static boolean supports(int linkType) {
        return LinkLayerDecoder.supports(linkType);
    }

    /**
     * Decodes one captured frame into {@code out}, which it clears first. Returns true when {@code out} holds a
     * TCP, UDP or ICMP packet, whose payload window may point into {@code frame} or into a reassembly buffer; false
     * for anything else (ARP, a fragment whose datagram is still incomplete, malformed input, which is counted).
     * Never throws on any frame content and never reads outside {@code frame[0, captureLength)}.
     */
    public boolean decode(
            int linkType, byte[] frame, int captureLength, int wireLength, long timestampNanos, DecodedPacket out) {
        out.clear();
        out.timestampNanos = timestampNanos;
        out.wireLength = wireLength;
        if (frame == null || captureLength < 0 || captureLength > frame.length) {
            anomalies.count(DecodeAnomaly.CAPTURE_LENGTH_INVALID);
            return false;
        }
        cursor.reset(frame, captureLength);
        int step = link.decode(linkType, cursor);
        for (int steps = 0; steps < MAX_STEPS; steps++) {
            if (step == Step.DONE) {
                return true;
            }
            if (step == Step.SKIP) {
                return false;
            }
            step = next(step, out, timestampNanos);
        }
        anomalies.count(DecodeAnomaly.ENCAPSULATION_TOO_DEEP);
        return false;
    }

    /** Fragmented datagrams waiting for more fragments right now. */
    public int fragmentedDatagramsInProgress() {
        return fragments.datagramsInProgress();
    }

    /** Bytes held by reassembly buffers right now. */
    public long fragmentBytesBuffered() {
        return fragments.bytesBuffered();
    }

    private int next(int step, DecodedPacket out, long timestampNanos) {
        return switch (step) {
            case Step.ETHERNET -> ethernet.ethernet(cursor);
            case Step.ETHERTYPE -> ethernet.etherType(cursor, out);
            case Step.IP -> ipByVersion();
            case Step.IPV4 -> enterIpHeader() ? ipv4.decode(cursor, out, timestampNanos) : Step.SKIP;
            case Step.IPV6 -> enterIpHeader() ? ipv6.decode(cursor, out, timestampNanos) : Step.SKIP;
            case Step.UDP -> transport.udp(cursor, out);
            case Step.TCP -> transport.tcp(cursor, out);
            case Step.ICMP -> transport.icmp(cursor, out, DecodedPacket.ICMP);
            case Step.ICMPV6 -> transport.icmp(cursor, out, DecodedPacket.ICMPV6);
            case Step.GRE -> tunnels.gre(cursor, out);
            case Step.VXLAN -> tunnels.vxlan(cursor, out);
            case Step.GENEVE -> tunnels.geneve(cursor, out);
            case Step.GTPU -> gtp.decode(cursor, out);
            case Step.TEREDO -> teredo.decode(cursor);
            case Step.AYIYA -> ayiya.decode(cursor);
            case Step.LLC -> llc.decode(cursor);
            case Step.IEEE_802_11 -> wireless.ieee80211(cursor);
            default -> Step.SKIP;
        };
    }

    /** Raw IP link types and ERSPAN carry IPv4 or IPv6 without saying which: the version nibble tells. */
    private int ipByVersion() {
        if (cursor.remaining() < 1) {
            anomalies.count(DecodeAnomaly.IP_VERSION_UNKNOWN);
            return Step.SKIP;
        }
        int version = (cursor.data[cursor.offset] & 0xf0) >>> 4;
        if (version == 4) {
            return Step.IPV4;
        }
        if (version == 6) {
            return Step.IPV6;
        }
        anomalies.count(DecodeAnomaly.IP_VERSION_UNKNOWN);
        return Step.SKIP;
    }

    private boolean enterIpHeader() {
        if (++cursor.ipHeaders > MAX_IP_HEADERS) {
            anomalies.count(DecodeAnomaly.IP_TUNNEL_TOO_DEEP);
            return false;
        }
        return true;
    }
}
