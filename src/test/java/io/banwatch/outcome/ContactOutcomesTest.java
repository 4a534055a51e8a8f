package io.banwatch.outcome;

import static io.banwatch.outcome.Packets.CLIENT;
import static io.banwatch.outcome.Packets.CLIENT_PORT;
import static io.banwatch.outcome.Packets.SECOND;
import static io.banwatch.outcome.Packets.SERVER;
import static io.banwatch.outcome.Packets.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.attribute.AddressMapLimits;
import io.banwatch.attribute.DnsAddressMap;
import io.banwatch.attribute.NameAttribution;
import io.banwatch.config.ConfigLoader;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.Endpoint;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.sensor.Catalogs;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The follower end to end: contacts in, packets in, exactly one outcome event per contact out. */
class ContactOutcomesTest {

    static final CatalogMatcher MATCHER =
            Catalogs.matcher(ConfigLoader.defaults(Map.of()).catalog());
    static final String NAME = "dnl-01.geo.kaspersky.com";
    static final int SYN = DecodedPacket.SYN, ACK = DecodedPacket.ACK, RST = DecodedPacket.RST;

    /** RFC 9001 A.3: the first bytes of the server Initial (long header, type Initial, version 1). */
    static final byte[] RFC9001_SERVER_INITIAL = HexFormat.of().parseHex("cf000000010008f067a5502a4262b5004075c0d9");

    final AnomalyCounters anomalies = new AnomalyCounters();
    final List<Event> events = new ArrayList<>();
    final NameAttribution names =
            new NameAttribution(new DnsAddressMap(AddressMapLimits.DEFAULTS, anomalies), () -> MATCHER);
    final ContactOutcomes outcomes = new ContactOutcomes(
            new OutcomeSettings(65_536, 10 * SECOND, 300 * SECOND, 120 * SECOND, Sinkholes.of(List.of())),
            anomalies,
            events::add,
            () -> MATCHER);

    ContactOutcomesTest() {
        outcomes.bind(null, SequenceOrigins.NONE, names);
    }

    static Endpoint client(int port) {
        return Endpoint.parse(CLIENT, port);
    }

    static Endpoint server(int port) {
        return Endpoint.parse(SERVER, port);
    }

    private Event contact(Observation o) {
        Event event = new Event(o, MATCHER.match(o));
        assertThat(event.match()).as("the test's contact matches the catalog").isNotNull();
        events.add(event);
        outcomes.accept(event);
        return event;
    }

    private Event tls(int port) {
        return contact(Observation.tls(T0, Protocol.TLS, client(CLIENT_PORT), server(port), -1, -1, NAME));
    }

    private List<Event> outcomeEvents() {
        return events.stream().filter(Event::isOutcome).toList();
    }

    private ContactOutcome onlyOutcome() {
        assertThat(outcomeEvents()).hasSize(1);
        return outcomeEvents().get(0).outcome();
    }

    @Nested
    class Dns {
        private Observation query(int id, long t) {
            return Observation.dns(
                    t,
                    Transport.UDP,
                    client(CLIENT_PORT),
                    server(53),
                    -1,
                    -1,
                    NAME,
                    new Observation.Dns(Observation.DnsMessageType.QUERY, id, "A", null, List.of()));
        }

        private Observation answer(int id, String rcode, String... addresses) {
            List<DnsRecord> records = new ArrayList<>();
            for (String address : addresses) {
                records.add(DnsRecord.parse(NAME, "A", 300, address));
            }
            return Observation.dns(
                    T0 + 1,
                    Transport.UDP,
                    server(53),
                    client(CLIENT_PORT),
                    -1,
                    -1,
                    NAME,
                    new Observation.Dns(Observation.DnsMessageType.ANSWER, id, "A", rcode, records));
        }

        @Test
        void theAnswerDecidesItsQueryByMessageId() {
            Event query = contact(query(7, T0));
            contact(answer(8, "NXDOMAIN")); // another query's answer
            assertThat(outcomeEvents()).isEmpty();
            contact(answer(7, "NXDOMAIN"));
            Event outcome = outcomeEvents().get(0);
            assertThat(outcome.observation()).isSameAs(query.observation());
            assertThat(outcome.match()).isEqualTo(query.match());
            assertThat(outcome.outcome().reason()).isEqualTo(OutcomeReason.DNS_NXDOMAIN);
        }

        @Test
        void aSinkholeAnswer() {
            contact(query(7, T0));
            contact(answer(7, "NOERROR", "0.0.0.0"));
            assertThat(onlyOutcome().reason()).isEqualTo(OutcomeReason.DNS_SINKHOLE);
        }

        @Test
        void noAnswerWithinTheNoReplyTime() {
            contact(query(7, T0));
            outcomes.onPacket(Packets.udp(true, new byte[10], 9999, T0 + 9 * SECOND));
            assertThat(outcomeEvents()).isEmpty();
            outcomes.onPacket(Packets.udp(true, new byte[10], 9999, T0 + 10 * SECOND));
            assertThat(onlyOutcome()).isEqualTo(new ContactOutcome(Outcome.BLOCKED, OutcomeReason.NO_REPLY, -1, -1));
        }

        @Test
        void atTheEndARetransmittedQueryWentIntoSilenceAndASingleOneIsUnknown() {
            contact(query(7, T0));
            contact(query(7, T0 + SECOND));
            contact(query(9, T0 + 2 * SECOND));
            outcomes.finish();
            assertThat(outcomeEvents())
                    .extracting(e -> e.outcome().outcome())
                    .containsExactly(Outcome.BLOCKED, Outcome.UNKNOWN);
        }
    }

    @Nested
    class Tcp {
        @Test
        void aResetEndsAContactRecognisedByItsClientHello() {
            tls(443);
            outcomes.onPacket(Packets.tcp(true, ACK, 1_001, 5_001, 517, 443, T0));
            outcomes.onPacket(Packets.tcp(false, RST, 5_001, 0, 0, 443, T0 + 1));
            assertThat(onlyOutcome()).isEqualTo(new ContactOutcome(Outcome.BLOCKED, OutcomeReason.TCP_RESET, 0, 517));
        }

        @Test
        void aSynToAnAddressOfAVendorNameIsFollowedAsAnAttempt() {
            names.learn(Observation.dns(
                    T0 - SECOND,
                    Transport.UDP,
                    server(53),
                    client(CLIENT_PORT),
                    -1,
                    -1,
                    NAME,
                    new Observation.Dns(
                            Observation.DnsMessageType.ANSWER,
                            1,
                            "A",
                            "NOERROR",
                            List.of(DnsRecord.parse(NAME, "A", 300, SERVER)))));
            outcomes.onPacket(Packets.tcp(true, SYN, 1_000, 0, 0, 443, T0));
            outcomes.onPacket(Packets.tcp(true, SYN, 1_000, 0, 0, 443, T0 + SECOND));
            assertThat(events).isEmpty();
            outcomes.onPacket(Packets.udp(true, new byte[1], 9999, T0 + 10 * SECOND)); // any packet moves the clock
            assertThat(events).hasSize(2);
            Event attempt = events.get(0);
            assertThat(attempt.isOutcome()).isFalse();
            assertThat(attempt.observation().name()).isEqualTo(NAME);
            assertThat(attempt.observation().nameSource()).isEqualTo(Observation.NameSource.DNS_ANSWER);
            assertThat(events.get(1).outcome().reason()).isEqualTo(OutcomeReason.NO_REPLY);
        }

        @Test
        void anAttemptThatTurnsOutToCarryAnotherNameIsDropped() {
            names.learn(Observation.dns(
                    T0 - SECOND,
                    Transport.UDP,
                    server(53),
                    client(CLIENT_PORT),
                    -1,
                    -1,
                    NAME,
                    new Observation.Dns(
                            Observation.DnsMessageType.ANSWER,
                            1,
                            "A",
                            "NOERROR",
                            List.of(DnsRecord.parse(NAME, "A", 300, SERVER)))));
            outcomes.onPacket(Packets.tcp(true, SYN, 1_000, 0, 0, 443, T0));
            outcomes.accept(new Event(
                    Observation.tls(T0, Protocol.TLS, client(CLIENT_PORT), server(443), -1, -1, "cdn.example.org"),
                    null));
            outcomes.finish();
            assertThat(events).isEmpty();
        }

        @Test
        void anIcmpUnreachableAnswersTheSyn() {
            names.learn(Observation.dns(
                    T0 - SECOND,
                    Transport.UDP,
                    server(53),
                    client(CLIENT_PORT),
                    -1,
                    -1,
                    NAME,
                    new Observation.Dns(
                            Observation.DnsMessageType.ANSWER,
                            1,
                            "A",
                            "NOERROR",
                            List.of(DnsRecord.parse(NAME, "A", 300, SERVER)))));
            outcomes.onPacket(Packets.tcp(true, SYN, 1_000, 0, 0, 443, T0));
            outcomes.onPacket(Packets.unreachable(DecodedPacket.TCP, 443, T0 + 1));
            assertThat(onlyOutcome().reason()).isEqualTo(OutcomeReason.ICMP_UNREACHABLE);
        }

        @Test
        void oneOutcomePerConnectionWhateverItsContacts() {
            tls(443);
            tls(443);
            outcomes.onPacket(Packets.tcp(true, ACK, 1_001, 5_001, 517, 443, T0));
            outcomes.finish();
            assertThat(outcomeEvents()).hasSize(1);
            assertThat(onlyOutcome().reason()).isEqualTo(OutcomeReason.TCP_HANDSHAKE);
        }
    }

    @Nested
    class Quic {
        private void quicContact() {
            contact(Observation.tls(T0, Protocol.QUIC, client(CLIENT_PORT), server(443), -1, -1, NAME));
            outcomes.onPacket(Packets.udp(true, new byte[1_200], 443, T0));
        }

        @Test
        void aServerInitialIsAHandshake() {
            quicContact();
            outcomes.onPacket(Packets.udp(false, RFC9001_SERVER_INITIAL, 443, T0 + 1));
            outcomes.finish();
            assertThat(onlyOutcome())
                    .isEqualTo(new ContactOutcome(Outcome.CONNECTED, OutcomeReason.QUIC_HANDSHAKE, 20, 1_200));
        }

        @Test
        void initialsRetransmittedIntoSilence() {
            quicContact();
            outcomes.onPacket(Packets.udp(true, new byte[1_200], 443, T0 + SECOND));
            outcomes.finish();
            assertThat(onlyOutcome().reason()).isEqualTo(OutcomeReason.NO_REPLY);
        }

        @Test
        void anIcmpPortUnreachable() {
            quicContact();
            outcomes.onPacket(Packets.unreachable(DecodedPacket.UDP, 443, T0 + 1));
            assertThat(onlyOutcome().reason()).isEqualTo(OutcomeReason.ICMP_UNREACHABLE);
        }

        @Test
        void enoughServerBytesAreATransfer() {
            quicContact();
            outcomes.onPacket(Packets.udp(false, RFC9001_SERVER_INITIAL, 443, T0 + 1));
            for (int i = 0; i < 60; i++) {
                outcomes.onPacket(Packets.udp(false, new byte[1_200], 443, T0 + 2 + i)); // 1-RTT, short header
            }
            outcomes.finish();
            assertThat(onlyOutcome().outcome()).isEqualTo(Outcome.TRANSFERRED);
            assertThat(onlyOutcome().destinationBytes()).isEqualTo(20 + 60 * 1_200);
        }

        @Test
        void anotherUdpProtocolAnswersWithAnyDatagram() {
            contact(Observation.flow(T0, Transport.UDP, Protocol.KASPERSKY, client(CLIENT_PORT), server(2001), -1, -1));
            outcomes.onPacket(Packets.udp(false, new byte[12], 2001, T0 + 1));
            outcomes.finish();
            assertThat(onlyOutcome().reason()).isEqualTo(OutcomeReason.UDP_REPLY);
        }
    }

    @Test
    void packetsOfFlowsNotFollowedAllocateNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        tls(443);
        DecodedPacket other = Packets.tcp(true, ACK, 1, 1, 100, 8443, T0);
        DecodedPacket syn = Packets.tcp(true, SYN, 1, 0, 0, 8080, T0);
        for (int i = 0; i < 20_000; i++) {
            outcomes.onPacket(other);
            outcomes.onPacket(syn);
        }
        long threadId = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < 20_000; i++) {
            outcomes.onPacket(other);
            outcomes.onPacket(syn);
        }
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertThat(allocated).isLessThan(16_384);
    }

    @Test
    void aFullTableDecidesItsLeastRecentlyActiveContactAndCountsIt() {
        for (int i = 0; i <= OutcomeSettings.MAX_FOLLOWED_CONTACTS; i++) {
            outcomes.accept(new Event(
                    Observation.tls(
                            T0, Protocol.TLS, client(1 + i % 60_000), server(10_000 + i / 60_000), -1, -1, NAME),
                    MATCHER.match(Observation.tls(T0, Protocol.TLS, client(1), server(443), -1, -1, NAME))));
        }
        assertThat(anomalies.get(OutcomeAnomaly.FOLLOWED_CONTACTS_FULL)).isEqualTo(1);
        assertThat(outcomeEvents()).hasSize(1);
        assertThat(outcomeEvents().get(0).observation().source().port()).isEqualTo(1);
        assertThat(outcomes.followed()).isEqualTo(OutcomeSettings.MAX_FOLLOWED_CONTACTS);
    }
}
