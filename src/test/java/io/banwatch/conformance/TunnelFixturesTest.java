package io.banwatch.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mirror encapsulations, mobile-core and transition tunnels (see the fixtures' README, {@code *.expected.json} and
 * {@code scripts/fixtures-links.py}): the inner DNS query,
 * ClientHello and HTTP request are read as if captured directly, and each observation keeps the VLAN or tunnel id.
 */
class TunnelFixturesTest {

    private static List<Observation> replay(String fixture) throws Exception {
        return CaptureReplay.observations(Path.of(TunnelFixturesTest.class
                .getResource("/io/banwatch/fixtures/" + fixture)
                .toURI()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // encapsulation, first inner client port, tunnel id, outermost VLAN
        "gre, 41001, 1234, -1",
        "erspan_ii, 41101, 10, -1",
        "erspan_iii, 41201, 20, -1",
        "geneve, 41301, 77, -1",
        "mpls, 41401, -1, -1",
        "qinq, 41501, -1, 100"
    })
    void builtEncapsulationsKeepTheirIds(String encapsulation, int firstPort, long tunnelId, int vlanId)
            throws Exception {
        List<Observation> observations = replay("gre-erspan-geneve-mpls.pcap");
        Observation dns = by(observations, Protocol.DNS, firstPort);
        Observation tls = by(observations, Protocol.TLS, firstPort + 1);
        Observation http = by(observations, Protocol.HTTP, firstPort + 2);
        assertThat(dns.name()).isEqualTo("s07.upd.kaspersky.com");
        assertThat(tls.name()).isEqualTo("s07.upd.kaspersky.com");
        assertThat(http.name()).isEqualTo("dnl-01.geo.kaspersky.com");
        assertThat(http.urlPath()).isEqualTo("/updaters/updater.xml.klz");
        for (Observation o : List.of(dns, tls, http)) {
            assertThat(o.source().ip()).as(encapsulation).isEqualTo("10.77.0.202");
            assertThat(o.tunnelId()).as(encapsulation + " tunnel id").isEqualTo(tunnelId);
            assertThat(o.vlanId()).as(encapsulation + " vlan").isEqualTo(vlanId);
        }
    }

    @ParameterizedTest(name = "vxlan")
    @CsvSource("42")
    void recordedVxlanKeepsItsVni(long vni) throws Exception {
        List<Observation> observations = replay("vxlan.pcap");
        assertThat(observations).extracting(Observation::protocol).contains(Protocol.DNS, Protocol.TLS, Protocol.HTTP);
        assertThat(observations).allSatisfy(o -> {
            assertThat(o.tunnelId()).isEqualTo(vni);
            assertThat(List.of(o.source().ip(), o.destination().ip())).contains("10.77.0.202");
        });
    }

    /** See scripts/fixtures-links.py: the wrappings of tunnels-mobile.pcap in order, 100 client ports apart. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // encapsulation, first inner client port, tunnel id, outermost VLAN, inner client address
        "gtpu-ipv4, 43001, 12648430, -1, 10.77.0.202",
        "gtpu-ipv6-extension, 43101, 12648430, -1, 10.77.0.202",
        "gtpu-inner-ipv6, 43201, 12648430, -1, fd77::202",
        "gtpu-vlan, 43301, 12648430, 300, 10.77.0.202",
        "gtpu-qinq, 43401, 12648430, 400, 10.77.0.202",
        "teredo-origin, 43501, -1, -1, fd77::202",
        "teredo, 43601, -1, -1, fd77::202",
        "pbb, 43701, 5000, -1, 10.77.0.202",
        "vntag, 43801, -1, -1, 10.77.0.202",
        "nsh, 43901, -1, -1, 10.77.0.202",
        "ieee802-3-snap, 44001, -1, -1, 10.77.0.202"
    })
    void mobileCoreTunnelsAndTagsAreReadThrough(
            String encapsulation, int firstPort, long tunnelId, int vlanId, String client) throws Exception {
        List<Observation> observations = replay("tunnels-mobile.pcap");
        Observation dns = by(observations, Protocol.DNS, firstPort);
        Observation tls = by(observations, Protocol.TLS, firstPort + 1);
        Observation http = by(observations, Protocol.HTTP, firstPort + 2);
        assertThat(dns.name()).isEqualTo("s07.upd.kaspersky.com");
        assertThat(tls.name()).isEqualTo("s07.upd.kaspersky.com");
        assertThat(http.name()).isEqualTo("dnl-01.geo.kaspersky.com");
        for (Observation o : List.of(dns, tls, http)) {
            assertThat(o.source().ip()).as(encapsulation).isEqualTo(client);
            assertThat(o.tunnelId()).as(encapsulation + " tunnel id").isEqualTo(tunnelId);
            assertThat(o.vlanId()).as(encapsulation + " vlan").isEqualTo(vlanId);
        }
    }

    /** See scripts/fixtures-links.py: AYIYA carrying IPv4 (client ports 46001-46003) and IPv6 (46101-46103). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"ayiya-ipv4, 46001, 10.77.0.202", "ayiya-ipv6, 46101, fd77::202"})
    void ayiyaTunnelsAreReadThrough(String encapsulation, int firstPort, String client) throws Exception {
        List<Observation> observations = replay("tunnels-ayiya.pcap");
        Observation dns = by(observations, Protocol.DNS, firstPort);
        Observation tls = by(observations, Protocol.TLS, firstPort + 1);
        Observation http = by(observations, Protocol.HTTP, firstPort + 2);
        assertThat(dns.name()).isEqualTo("s07.upd.kaspersky.com");
        assertThat(tls.name()).isEqualTo("s07.upd.kaspersky.com");
        assertThat(http.name()).isEqualTo("dnl-01.geo.kaspersky.com");
        for (Observation o : List.of(dns, tls, http)) {
            assertThat(o.source().ip()).as(encapsulation).isEqualTo(client);
        }
    }

    private static Observation by(List<Observation> observations, Protocol protocol, int clientPort) {
        return observations.stream()
                .filter(o -> o.protocol() == protocol)
                .filter(o -> o.source().port() == clientPort || o.destination().port() == clientPort)
                .filter(o -> o.dns() == null || o.dns().type() == Observation.DnsMessageType.QUERY)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + protocol + " observation on port " + clientPort));
    }
}
