package io.banwatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The {@code signatures} and {@code ports} sections: validation, listing and matching of name-less flows. */
class FlowRulesCatalogTest {

    static final long BANNED = Instant.parse("2024-10-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    static final Endpoint CLIENT = Endpoint.parse("10.1.2.3", 49_800);

    static final String SECTIONS = """
            rules:
              - pattern: ksn.example.com
                category: ksn
                description: KSN host
                source: test
            signatures:
              - id: native
                protocol: kaspersky
                category: ksn
                description: native protocol
                source: libprotoident
            ports:
              - port: 13000
                transport: tcp
                category: management
                description: agent to server
                source: doc
              - port: 13000
                transport: udp
                category: management
                description: shutdown notice
                source: doc
            """;

    static VendorCatalog catalog(String sections) {
        return TestCatalogs.parse(TestCatalogs.header("vendor") + sections);
    }

    static Observation flow(Protocol protocol, Transport transport, int port, String name) {
        Observation o =
                Observation.flow(BANNED, transport, protocol, CLIENT, Endpoint.parse("10.0.0.10", port), -1, -1);
        return name == null ? o : o.withAttributedName(name);
    }

    @Nested
    class Valid {

        final CatalogMatcher matcher = CatalogMatcher.of(List.of(catalog(SECTIONS)));

        @Test
        void loadsSignaturesAndPorts() {
            VendorCatalog catalog = catalog(SECTIONS);

            assertThat(catalog.signatures())
                    .containsExactly(new SignatureRule(
                            "native", Protocol.KASPERSKY, Category.KSN, "native protocol", "libprotoident"));
            assertThat(catalog.ports()).extracting(PortRule::text).containsExactly("tcp/13000", "udp/13000");
        }

        @Test
        void listsThemAfterTheHostRules() {
            assertThat(matcher.rules())
                    .extracting(RuleView::kind, RuleView::pattern)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(RuleView.KIND_RULE, "ksn.example.com"),
                            org.assertj.core.groups.Tuple.tuple(RuleView.KIND_SIGNATURE, "native"),
                            org.assertj.core.groups.Tuple.tuple(RuleView.KIND_PORT, "tcp/13000"),
                            org.assertj.core.groups.Tuple.tuple(RuleView.KIND_PORT, "udp/13000"));
        }

        @Test
        void kscObservationsMatchByTransportAndPortBeforeTheirName() {
            Match tcp = matcher.match(flow(Protocol.KSC, Transport.TCP, 13000, "ksn.example.com"));
            Match udp = matcher.match(flow(Protocol.KSC, Transport.UDP, 13000, null));

            assertThat(tcp.rule()).isEqualTo("tcp/13000");
            assertThat(tcp.category()).isEqualTo(Category.MANAGEMENT);
            assertThat(tcp.severity()).isEqualTo(Severity.HIGH);
            assertThat(udp.description()).isEqualTo("shutdown notice");
            assertThat(matcher.match(flow(Protocol.KSC, Transport.UDP, 14000, null)))
                    .isNull();
        }

        @Test
        void portsMatchOnlyKscObservations() {
            assertThat(matcher.match(flow(Protocol.UNKNOWN, Transport.TCP, 13000, "www.example.org")))
                    .isNull();
        }

        @Test
        void signaturesMatchTheirProtocolWhenTheNameMatchesNothing() {
            assertThat(matcher.match(flow(Protocol.KASPERSKY, Transport.TCP, 443, null))
                            .rule())
                    .isEqualTo("native");
            assertThat(matcher.match(flow(Protocol.KASPERSKY, Transport.UDP, 2001, "www.example.org"))
                            .rule())
                    .isEqualTo("native");
            assertThat(matcher.match(flow(Protocol.KASPERSKY, Transport.TCP, 443, "ksn.example.com"))
                            .rule())
                    .isEqualTo("ksn.example.com");
            assertThat(matcher.match(flow(Protocol.UNKNOWN, Transport.TCP, 443, null)))
                    .isNull();
        }

        @Test
        void theShippedCatalogListsEveryKscPort() {
            VendorCatalog kaspersky = CatalogLoader.loadBuiltIn("kaspersky");

            assertThat(kaspersky.ports())
                    .extracting(PortRule::text)
                    .containsExactlyInAnyOrder(
                            "tcp/13000",
                            "udp/13000",
                            "tcp/14000",
                            "udp/15000",
                            "udp/15001",
                            "tcp/13295",
                            "tcp/13291",
                            "tcp/13299",
                            "tcp/8060",
                            "tcp/8061",
                            "tcp/13111",
                            "udp/15111",
                            "tcp/17111",
                            "tcp/17000",
                            "tcp/17100");
            assertThat(kaspersky.ports())
                    .allSatisfy(p -> assertThat(p.category()).isEqualTo(Category.MANAGEMENT));
            assertThat(kaspersky.signatures()).singleElement().satisfies(s -> {
                assertThat(s.protocol()).isEqualTo(Protocol.KASPERSKY);
                assertThat(s.category()).isEqualTo(Category.KSN);
            });
        }
    }

    @Nested
    class Invalid {

        @Test
        void signatureProblemsNameTheirKeyPaths() {
            assertThatThrownBy(() -> catalog("""
                            signatures:
                              - id: Native
                                protocol: tls
                                category: ksnn
                                source: x
                              - id: second
                                protocol: kaspersky
                                category: ksn
                                description: d
                                source: s
                              - id: second
                                protocol: kaspersky
                                category: ksn
                                description: d
                                source: s
                            """))
                    .isInstanceOf(CatalogException.class)
                    .hasMessageContaining("test.yaml: signatures[0].id: \"Native\" must be lower-case")
                    .hasMessageContaining("signatures[0].protocol: \"tls\" is not one of kaspersky")
                    .hasMessageContaining("signatures[0].category: \"ksnn\" is not one of")
                    .hasMessageContaining("signatures[0].description: missing")
                    .hasMessageContaining("signatures[2].id: \"second\" duplicates signatures[1]")
                    .hasMessageContaining("signatures[2].protocol: \"kaspersky\" duplicates signatures[1]");
        }

        @Test
        void portProblemsNameTheirKeyPaths() {
            assertThatThrownBy(() -> catalog("""
                            ports:
                              - port: 70000
                                transport: sctp
                                category: management
                                description: d
                                source: s
                              - port: 13000
                                transport: tcp
                                category: management
                                description: d
                                source: s
                              - port: 13000
                                transport: tcp
                                category: management
                                description: again
                              - port: abc
                                transport: udp
                                category: management
                                description: d
                                source: s
                            """))
                    .isInstanceOf(CatalogException.class)
                    .hasMessageContaining("ports[0].port: \"70000\" is not a port number from 1 to 65535")
                    .hasMessageContaining("ports[0].transport: \"sctp\" is not one of tcp, udp")
                    .hasMessageContaining("ports[2].port: \"tcp/13000\" duplicates ports[1]")
                    .hasMessageContaining("ports[2].source: missing")
                    .hasMessageContaining("ports[3].port: \"abc\" is not a port number");
        }

        @Test
        void unknownKeyInAPortEntry() {
            assertThatThrownBy(() -> catalog("""
                            ports:
                              - port: 13000
                                proto: tcp
                            """))
                    .isInstanceOf(CatalogException.class)
                    .hasMessageContaining("ports[0].proto: unknown key; expected one of category, description, port,"
                            + " source, transport");
        }
    }
}
