package io.banwatch.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import org.junit.jupiter.api.Test;

/** The event JSON of the observation shapes for flows without a name of their own, and the ECH flag. */
class EventJsonNamelessTest {

    static final long T = 1_727_740_800_123_456_000L; // 2024-10-01T00:00:00.123456Z
    static final Endpoint CLIENT = Endpoint.parse("10.1.2.3", 49_800);
    static final Endpoint SERVER = Endpoint.parse("203.0.113.7", 443);
    static final String HEAD = "{\"@timestamp\":\"2024-10-01T00:00:00.123456Z\",";
    static final String ENDPOINTS = "\"source\":{\"ip\":\"10.1.2.3\",\"port\":49800},";

    @Test
    void kasperskyFlowWithoutAName() {
        Match match =
                new Match("kaspersky", Category.KSN, "kaspersky-native", "updates_banned", Severity.CRITICAL, "d");
        Observation o = Observation.flow(T, Transport.UDP, Protocol.KASPERSKY, CLIENT, SERVER, -1, -1);

        assertThat(EventJson.toJson(new Event(o, match)))
                .isEqualTo(HEAD
                        + "\"network\":{\"transport\":\"udp\",\"protocol\":\"kaspersky\"}," + ENDPOINTS
                        + "\"destination\":{\"ip\":\"203.0.113.7\",\"port\":443},"
                        + "\"banwatch\":{\"vendor\":\"kaspersky\",\"category\":\"ksn\",\"rule\":\"kaspersky-native\","
                        + "\"phase\":\"updates_banned\",\"severity\":\"critical\"}}");
    }

    @Test
    void kscFlowWithAttributedName() {
        Observation o = Observation.flow(
                        T, Transport.TCP, Protocol.KSC, CLIENT, Endpoint.parse("10.0.0.10", 13000), 10, -1)
                .withAttributedName("ksc.corp.example");

        assertThat(EventJson.toJson(new Event(o, null)))
                .isEqualTo(HEAD
                        + "\"network\":{\"transport\":\"tcp\",\"protocol\":\"ksc\",\"vlan\":{\"id\":10}},"
                        + ENDPOINTS
                        + "\"destination\":{\"ip\":\"10.0.0.10\",\"port\":13000,\"domain\":\"ksc.corp.example\"},"
                        + "\"labels\":{\"name_source\":\"dns_answer\"}}");
    }

    @Test
    void unknownProtocolWithAttributedName() {
        Observation o = Observation.flow(T, Transport.TCP, Protocol.UNKNOWN, CLIENT, SERVER, -1, -1)
                .withAttributedName("ksn-url-geo.kaspersky-labs.com");

        assertThat(EventJson.toJson(new Event(o, null)))
                .isEqualTo(HEAD
                        + "\"network\":{\"transport\":\"tcp\",\"protocol\":\"unknown\"}," + ENDPOINTS
                        + "\"destination\":{\"ip\":\"203.0.113.7\",\"port\":443,"
                        + "\"domain\":\"ksn-url-geo.kaspersky-labs.com\"},"
                        + "\"labels\":{\"name_source\":\"dns_answer\"}}");
    }

    @Test
    void attributedQuicHelloKeepsTheEchFlagButNoServerName() {
        Observation o = Observation.tls(T, Protocol.QUIC, CLIENT, SERVER, -1, -1, null, true)
                .withAttributedName("a.example.com");

        assertThat(EventJson.toJson(new Event(o, null)))
                .isEqualTo(HEAD
                        + "\"network\":{\"transport\":\"udp\",\"protocol\":\"quic\"}," + ENDPOINTS
                        + "\"destination\":{\"ip\":\"203.0.113.7\",\"port\":443,\"domain\":\"a.example.com\"},"
                        + "\"tls\":{\"client\":{\"ech_offered\":true}},"
                        + "\"labels\":{\"name_source\":\"dns_answer\"}}");
    }

    @Test
    void tlsHelloWithoutEchKeepsItsShape() {
        Observation o = Observation.tls(T, Protocol.TLS, CLIENT, SERVER, -1, -1, "a.example.com");

        assertThat(EventJson.toJson(new Event(o, null)))
                .isEqualTo(HEAD
                        + "\"network\":{\"transport\":\"tcp\",\"protocol\":\"tls\"}," + ENDPOINTS
                        + "\"destination\":{\"ip\":\"203.0.113.7\",\"port\":443},"
                        + "\"tls\":{\"client\":{\"server_name\":\"a.example.com\"}}}");
    }
}
