package io.banwatch.attribute;

import static io.banwatch.dispatch.TestFrames.ACK;
import static io.banwatch.dispatch.TestFrames.ETHERNET;
import static io.banwatch.dispatch.TestFrames.PSH;
import static io.banwatch.dispatch.TestFrames.SYN;
import static io.banwatch.dispatch.TestFrames.dnsAnswer;
import static io.banwatch.dispatch.TestFrames.tcp;
import static io.banwatch.dispatch.TestFrames.tlsRecord;
import static io.banwatch.dispatch.TestFrames.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.config.ConfigLoader;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.dispatch.MatchingSink;
import io.banwatch.dispatch.PacketProcessor;
import io.banwatch.event.Event;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.dns.DnsAnomaly;
import io.banwatch.inspect.tls.ChromeHello;
import io.banwatch.inspect.tls.TlsStats;
import io.banwatch.match.CatalogLoader;
import io.banwatch.match.CatalogMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DNS-answer address map under a flood of answers with 200 A records each (about a million addresses, far beyond
 * its 65,536 entries), through the real per-packet path with the Kaspersky catalog: a Kaspersky answer seen before or
 * after the flood still names the name-less connection to its address, and every cap hit is counted.
 */
class AddressMapFloodTest {

    static final long T0 = Instant.parse("2024-10-01T12:00:00Z").getEpochSecond() * 1_000_000_000L;
    static final String CLIENT = "10.4.7.19";
    static final String RESOLVER = "10.0.0.53";
    static final String KSN = "ksn-url-geo.kaspersky-labs.com";
    static final String SERVER = "203.0.113.7";
    static final int ANSWERS = 5_000;
    static final int RECORDS = 200;

    final CatalogMatcher matcher = CatalogMatcher.of(List.of(CatalogLoader.loadBuiltIn("kaspersky")));
    final List<Event> events = new ArrayList<>();
    final AnomalyCounters anomalies = new AnomalyCounters();
    final PacketProcessor processor = new PacketProcessor(
            ConfigLoader.defaults(Map.of()).inspect(),
            anomalies,
            new TlsStats(),
            new MatchingSink(() -> matcher, event -> {
                if (event.observation().protocol() != Protocol.DNS) {
                    events.add(event);
                }
            }));

    void send(byte[] frame, long at) {
        processor.onPacket(ETHERNET, frame, frame.length, frame.length, at);
    }

    /** 5,000 answers of 200 A records, each address new: 1,000,000 addresses within 5 seconds of packet time. */
    void flood(long from) {
        for (int i = 0; i < ANSWERS; i++) {
            String[] addresses = new String[RECORDS];
            for (int r = 0; r < RECORDS; r++) {
                int n = i * RECORDS + r;
                addresses[r] = "100." + (64 + (n >>> 16 & 63)) + "." + (n >>> 8 & 255) + "." + (n & 255);
            }
            send(
                    udp(
                            RESOLVER,
                            53,
                            CLIENT,
                            40_000,
                            dnsAnswer("pool" + i + ".example.net", 60, new String[0], addresses)),
                    from + i * 1_000_000L);
        }
    }

    void resolveKsn(long at) {
        send(udp(RESOLVER, 53, CLIENT, 40_000, dnsAnswer(KSN, 60, new String[0], SERVER)), at);
    }

    /** A TLS connection to the server whose ClientHello has no server name: only the DNS answer can name it. */
    void connect(long at) {
        int port = 51_000;
        send(tcp(CLIENT, port, SERVER, 443, 1000, SYN, new byte[0]), at);
        send(tcp(SERVER, 443, CLIENT, port, 5000, 1001, SYN | ACK, new byte[0]), at + 1);
        send(tcp(CLIENT, port, SERVER, 443, 1001, ACK | PSH, tlsRecord(ChromeHello.handshake(null, false))), at + 2);
    }

    void assertFloodCounted() {
        assertThat(anomalies.get(DnsAnomaly.TOO_MANY_RECORDS)).isEqualTo(ANSWERS); // 128 of 200 considered
        assertThat(anomalies.get(AttributionAnomaly.NEW_ADDRESSES_PER_ANSWER_CAP))
                .isEqualTo(ANSWERS);
        assertThat(anomalies.get(AttributionAnomaly.ADDRESS_MAP_FULL)).isPositive();
        assertThat(anomalies.get(AttributionAnomaly.VENDOR_ADDRESS_EVICTED)).isZero();
    }

    void assertConnectionNamed() {
        assertThat(events).hasSize(1);
        Observation o = events.getFirst().observation();
        assertThat(o.name()).isEqualTo(KSN);
        assertThat(o.nameSource()).isEqualTo(Observation.NameSource.DNS_ANSWER);
    }

    @Test
    void aKasperskyAnswerBeforeTheFloodStillNamesTheConnectionAfterIt() {
        resolveKsn(T0);
        flood(T0 + 1_000_000L);
        connect(T0 + 10_000_000_000L);

        assertFloodCounted();
        assertConnectionNamed();
    }

    @Test
    void aKasperskyAnswerAfterTheFloodNamesTheConnection() {
        flood(T0);
        resolveKsn(T0 + 10_000_000_000L);
        connect(T0 + 11_000_000_000L);

        assertFloodCounted();
        assertConnectionNamed();
    }
}
