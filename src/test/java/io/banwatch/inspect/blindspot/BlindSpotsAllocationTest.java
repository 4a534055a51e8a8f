package io.banwatch.inspect.blindspot;

import static io.banwatch.inspect.blindspot.BlindSpotsTest.tcp;
import static io.banwatch.inspect.blindspot.BlindSpotsTest.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.Endpoint;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The methods called per packet, per hello and per query allocate nothing, for ordinary and blind-spot traffic. */
class BlindSpotsAllocationTest {

    private static final long T0 = 1_727_712_000_000_000_000L;
    private static final int ROUNDS = 5_000;

    private final BlindSpots spots = new BlindSpots(
            new BlindSpotSettings(List.of("10.0.0.53/32", "192.168.0.0/16", "fd00::/8"), List.of(), 64),
            new AnomalyCounters());
    private final byte[] initial = {(byte) 0xc3, 0, 0, 0, 1, 0, 0};
    private final DecodedPacket[] tcpPackets = {
        tcp("10.1.2.3", 50_000, "192.0.2.1", 443, DecodedPacket.SYN),
        tcp("10.1.2.3", 50_001, "1.1.1.1", 853, DecodedPacket.SYN),
    };
    private final DecodedPacket[] udpPackets = {
        udp("10.1.2.3", 50_000, "192.0.2.1", 443, initial, T0),
        udp("10.1.2.3", 50_002, "94.140.14.14", 853, initial, T0),
    };
    private final Endpoint client = Endpoint.parse("10.1.2.3", 50_000);
    private final Endpoint internal = Endpoint.parse("10.0.0.53", 53);
    private final Endpoint fallback = Endpoint.parse("9.9.9.9", 53);
    private final Endpoint externalV6 = Endpoint.parse("2001:4860:4860::8888", 53);

    @Test
    void everyEntryPointAllocatesNothing() {
        spots.onClientHello("cloudflare-ech.com", true, 443); // the first sighting of a name may allocate
        runRounds();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(threadId);
        runRounds();
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        // some hundred bytes are the measurement's own; one allocation per call would be over 1 MB
        assertThat(allocated).isLessThan(16_384);
        assertThat(spots.count(BlindSpotKind.DNS_OVER_TLS)).isEqualTo(2L * ROUNDS);
        assertThat(spots.count(BlindSpotKind.DNS_OVER_QUIC)).isEqualTo(1);
        assertThat(spots.count(BlindSpotKind.DNS_EXTERNAL_RESOLVER)).isEqualTo(4L * ROUNDS);
    }

    private void runRounds() {
        for (int round = 0; round < ROUNDS; round++) {
            for (DecodedPacket packet : tcpPackets) {
                spots.onTcpConnectionStart(packet);
            }
            for (DecodedPacket packet : udpPackets) {
                spots.onUdpDatagram(packet);
            }
            spots.onClientHello("www.example.com", false, 443);
            spots.onClientHello("cloudflare-ech.com", true, 443);
            spots.onClientHello("dns.google", false, 443);
            spots.onHttpRequest("/index.html");
            spots.onDnsQuery(client, internal);
            spots.onDnsQuery(client, fallback);
            spots.onDnsQuery(client, externalV6);
        }
    }
}
