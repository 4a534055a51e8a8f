package io.banwatch.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.http.HttpRequestParser;
import io.banwatch.inspect.socks.SocksStreamParser;
import io.banwatch.inspect.tls.ChromeHello;
import io.banwatch.inspect.tls.TlsStreamParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What runs inside a proxy tunnel (HTTP CONNECT, SOCKS) is read like a direct connection. */
class ProxyTunnelTest {

    private static final String GET =
            "GET /updaters/updater.xml.klz HTTP/1.1\r\nHost: dnl-07.geo.kaspersky.com\r\n\r\n";

    private final AnomalyCounters anomalies = new AnomalyCounters();
    private final List<Observation> observations = new ArrayList<>();

    private TcpStreamTracker tracker() {
        return new TcpStreamTracker(
                FlowLimits.DEFAULTS,
                anomalies,
                List.of(
                        new TlsStreamParser(anomalies, observations::add),
                        new HttpRequestParser(anomalies, observations::add),
                        new SocksStreamParser(anomalies)),
                Map.of());
    }

    /** Feeds a client stream in two segments split at {@code split}, after a SYN. */
    private void feed(byte[] stream, int split) {
        TcpStreamTracker tracker = tracker();
        TcpPackets connection = new TcpPackets(40_000, 3128);
        tracker.onSegment(connection.syn());
        tracker.onSegment(connection.client(0, java.util.Arrays.copyOfRange(stream, 0, split)));
        tracker.onSegment(connection.client(split, java.util.Arrays.copyOfRange(stream, split, stream.length)));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] tlsRecord(byte[] handshake) {
        byte[] record = new byte[5 + handshake.length];
        record[0] = 0x16;
        record[1] = 3;
        record[2] = 1;
        record[3] = (byte) (handshake.length >> 8);
        record[4] = (byte) handshake.length;
        System.arraycopy(handshake, 0, record, 5, handshake.length);
        return record;
    }

    @Nested
    class HttpConnect {

        @Test
        void readsTheConnectTargetAndTheClientHelloInsideAtEverySplit() {
            byte[] stream = concat(
                    ascii("CONNECT s07.upd.kaspersky.com:443 HTTP/1.1\r\nHost: s07.upd.kaspersky.com:443\r\n\r\n"),
                    tlsRecord(ChromeHello.handshake("s07.upd.kaspersky.com")));
            for (int split = 1; split < stream.length; split += 7) {
                observations.clear();
                feed(stream, split);
                assertThat(observations).as("split " + split).hasSize(2);
                assertThat(observations.get(0).protocol()).isEqualTo(Protocol.HTTP);
                assertThat(observations.get(1).protocol()).isEqualTo(Protocol.TLS);
                assertThat(observations.get(1).name()).isEqualTo("s07.upd.kaspersky.com");
            }
            assertThat(anomalies.total()).isZero();
        }
    }

    @Nested
    class Socks {

        @Test
        void followsASocks5HandshakeWithADomainIntoHttpAtEverySplit() {
            byte[] domain = ascii("www.example.org");
            byte[] request = concat(new byte[] {5, 1, 0, 3, (byte) domain.length}, domain, new byte[] {0, 80});
            byte[] stream = concat(new byte[] {5, 1, 0}, request, ascii(GET));
            for (int split = 1; split < stream.length; split++) {
                observations.clear();
                feed(stream, split);
                assertThat(observations).as("split " + split).hasSize(1);
                assertThat(observations.get(0).name()).isEqualTo("dnl-07.geo.kaspersky.com");
            }
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void followsUsernamePasswordAuthenticationAndAnIpv4Request() {
            byte[] auth = concat(new byte[] {1, 4}, ascii("user"), new byte[] {6}, ascii("secret"));
            byte[] request = {5, 1, 0, 1, 93, (byte) 184, (byte) 215, 14, 1, (byte) 187};
            feed(concat(new byte[] {5, 2, 0, 2}, auth, request, tlsRecord(ChromeHello.handshake("ksn.example"))), 5);
            assertThat(observations).extracting(Observation::name).containsExactly("ksn.example");
        }

        @Test
        void followsSocks4aIntoHttp() {
            byte[] request = concat(
                    new byte[] {4, 1, 0, 80, 0, 0, 0, 1},
                    ascii("me"),
                    new byte[] {0},
                    ascii("dnl-07.geo.kaspersky.com"),
                    new byte[] {0});
            feed(concat(request, ascii(GET)), 3);
            assertThat(observations).extracting(Observation::urlPath).containsExactly("/updaters/updater.xml.klz");
        }

        @Test
        void stopsAtAnUnknownAddressType() {
            feed(new byte[] {5, 1, 0, 5, 1, 0, 5, 1, 2, 3, 4, 0, 80}, 3);
            assertThat(observations).isEmpty();
            assertThat(anomalies.get(io.banwatch.inspect.socks.SocksAnomaly.ADDRESS_TYPE_UNKNOWN))
                    .isEqualTo(1);
        }
    }
}
