package io.banwatch.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigLoader;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.event.Event;
import io.banwatch.event.EventJson;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.blindspot.BlindSpotKind;
import io.banwatch.inspect.blindspot.BlindSpotSettings;
import io.banwatch.inspect.blindspot.BlindSpots;
import io.banwatch.inspect.tls.TlsStats;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.match.Category;
import io.banwatch.sensor.Catalogs;
import io.banwatch.source.Captures;
import io.banwatch.source.PcapCapture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recorded fixtures of traffic that carries no name of its own (see the fixtures' README): each must yield what
 * its {@code .expected.json} says — Kaspersky's native protocol, Security Center ports, flows named by earlier DNS
 * answers, and the blind-spot counts.
 */
class FlowFixturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CatalogMatcher MATCHER =
            Catalogs.matcher(ConfigLoader.defaults(Map.of()).catalog());

    private final AnomalyCounters anomalies = new AnomalyCounters();
    private final List<Event> events = new ArrayList<>();
    private BlindSpots blindSpots;

    private static Path fixture(String name) throws Exception {
        return Path.of(FlowFixturesTest.class
                .getResource("/io/banwatch/fixtures/" + name)
                .toURI());
    }

    private static JsonNode expected(String name) throws Exception {
        return JSON.readTree(fixture(name + ".expected.json").toFile());
    }

    private void replay(String name, List<String> internalResolvers) throws Exception {
        BanwatchConfig config = ConfigLoader.defaults(Map.of());
        blindSpots = new BlindSpots(new BlindSpotSettings(internalResolvers, List.of(), 64), anomalies);
        PacketProcessor processor = new PacketProcessor(
                config.inspect(),
                anomalies,
                new TlsStats(),
                new MatchingSink(() -> MATCHER, events::add),
                () -> MATCHER,
                blindSpots);
        try (PcapCapture capture = Captures.openFile(fixture(name))) {
            capture.setDefaultFilter(config.capture().serverPorts());
            capture.run(processor);
        }
        assertThat(anomalies.total()).as(name + " anomalies").isZero();
    }

    private List<Event> of(Protocol protocol) {
        return events.stream()
                .filter(e -> e.observation().protocol() == protocol)
                .toList();
    }

    @Test
    void kasperskyNativeProtocolIsMatchedAsKsnWithoutAName() throws Exception {
        replay("kaspersky-native.pcap", List.of());
        JsonNode expected = expected("kaspersky-native.pcap").path("kaspersky_native");
        List<Event> flows = of(Protocol.KASPERSKY);
        assertThat(flows).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Event flow = flows.get(i);
            assertThat(flow.observation().transport().label())
                    .isEqualTo(expected.get(i).path("transport").asText());
            assertThat(flow.observation().destination().ip())
                    .isEqualTo(expected.get(i).path("dst").asText());
            assertThat(flow.observation().destination().port())
                    .isEqualTo(expected.get(i).path("dst_port").asInt());
            assertThat(flow.match()).as("match of " + EventJson.toJson(flow)).isNotNull();
            assertThat(flow.match().category()).isEqualTo(Category.KSN);
        }
        assertThat(of(Protocol.TLS)).isEmpty();
    }

    /** A KSC port is evidence once the service answered from it; the unanswered UDP 15000 request is not reported. */
    @Test
    void securityCenterPortsAreMatchedAsManagementOncePerAnsweredConnection() throws Exception {
        replay("ksc-ports.pcap", List.of());
        JsonNode expected = expected("ksc-ports.pcap").path("ksc");
        List<Event> flows = of(Protocol.KSC);
        assertThat(flows)
                .extracting(e -> e.observation().transport().label() + "/"
                        + e.observation().destination().port())
                .containsExactlyInAnyOrderElementsOf(expectedPorts(expected));
        assertThat(flows).allSatisfy(e -> {
            assertThat(e.observation().destination().ip()).isEqualTo("10.77.0.1");
            assertThat(e.match().category()).isEqualTo(Category.MANAGEMENT);
        });
    }

    private static List<String> expectedPorts(JsonNode expected) {
        List<String> ports = new ArrayList<>();
        expected.forEach(k -> {
            if (k.path("answered").asBoolean()) {
                ports.add(
                        k.path("transport").asText() + "/" + k.path("dst_port").asInt());
            }
        });
        assertThat(ports).as("answered services in the fixture").hasSizeGreaterThan(5);
        return ports;
    }

    @Test
    void flowsWithoutANameAreNamedByTheDnsAnswerBeforeThem() throws Exception {
        replay("nameless-attributed.pcap", List.of());
        JsonNode expected = expected("nameless-attributed.pcap").path("attributed");
        List<Event> attributed = events.stream()
                .filter(e -> e.observation().nameSource() != null)
                .toList();
        assertThat(attributed).hasSize(expected.size());
        for (JsonNode flow : expected) {
            String protocol = flow.path("protocol").asText();
            Event event = attributed.stream()
                    .filter(e -> e.observation().destination().port()
                            == flow.path("port").asInt())
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no attributed flow to port " + flow.path("port")));
            assertThat(event.observation().transport().label())
                    .isEqualTo(flow.path("transport").asText());
            assertThat(event.observation().protocol().label()).isEqualTo(protocol);
            assertThat(event.observation().name()).isEqualTo(flow.path("name").asText());
            assertThat(event.match().category()).isEqualTo(Category.KSN);
            JsonNode json = JSON.readTree(EventJson.toJson(event));
            assertThat(json.path("destination").path("domain").asText())
                    .isEqualTo(flow.path("name").asText());
            assertThat(json.path("labels").path("name_source").asText()).isEqualTo("dns_answer");
        }
    }

    @Test
    void blindSpotsAreCountedByKind() throws Exception {
        JsonNode expected = expected("blind-spots.pcap");
        List<String> internal = new ArrayList<>();
        expected.path("internal_resolvers").forEach(r -> internal.add(r.asText()));
        replay("blind-spots.pcap", internal);
        JsonNode counts = expected.path("blind_spots");
        assertThat(blindSpots.count(BlindSpotKind.DNS_OVER_TLS))
                .isEqualTo(counts.path("dns_over_tls").asLong());
        assertThat(blindSpots.count(BlindSpotKind.DNS_OVER_HTTPS))
                .isEqualTo(counts.path("dns_over_https").asLong());
        assertThat(blindSpots.count(BlindSpotKind.ECH))
                .isEqualTo(counts.path("ech").asLong());
        assertThat(blindSpots.count(BlindSpotKind.DNS_EXTERNAL_RESOLVER))
                .isEqualTo(counts.path("external_resolver").asLong());
        assertThat(blindSpots.count(BlindSpotKind.DNS_KASPERSKY_FALLBACK_RESOLVER))
                .isEqualTo(2);
        assertThat(blindSpots.echOuterNames())
                .extracting(n -> n.name())
                .containsExactly(expected.path("ech").get(0).path("outer_sni").asText());
        assertThat(of(Protocol.TLS))
                .anySatisfy(e -> assertThat(EventJson.toJson(e)).contains("\"ech_offered\":true"));
    }
}
