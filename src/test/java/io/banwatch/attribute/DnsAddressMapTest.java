package io.banwatch.attribute;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Transport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The DNS-answer address map: TTL clamps and expiry, caps, CNAME chains, both address families, clients. */
class DnsAddressMapTest {

    static final long T0 = 1_727_740_800_000_000_000L;
    static final Endpoint RESOLVER = Endpoint.parse("10.0.0.53", 53);
    static final Endpoint CLIENT = Endpoint.parse("10.4.7.19", 40_000);
    static final Endpoint OTHER_CLIENT = Endpoint.parse("10.4.7.20", 40_000);

    final AnomalyCounters anomalies = new AnomalyCounters();
    DnsAddressMap map = new DnsAddressMap(AddressMapLimits.DEFAULTS, anomalies);

    static long seconds(long s) {
        return TimeUnit.SECONDS.toNanos(s);
    }

    static Observation answer(long at, Endpoint client, String question, DnsRecord... records) {
        return Observation.dns(
                at,
                Transport.UDP,
                RESOLVER,
                client,
                -1,
                -1,
                question,
                new Observation.Dns(Observation.DnsMessageType.ANSWER, 1, "A", "NOERROR", List.of(records)));
    }

    static DnsRecord a(String owner, long ttl, String address) {
        return DnsRecord.parse(owner, address.contains(":") ? "AAAA" : "A", ttl, address);
    }

    static DnsRecord cname(String owner, String target) {
        return DnsRecord.parse(owner, "CNAME", 300, target);
    }

    List<String> names(String address, Endpoint client, long at) {
        byte[] server = Endpoint.parse(address, 0).address();
        String[] out = new String[8];
        int count = map.lookup(server, server.length, client.address(), client.address().length, at, out);
        return new ArrayList<>(Arrays.asList(out).subList(0, count));
    }

    @Nested
    class Ttl {

        @Test
        void aShortTtlIsRaisedToTheMinimum() {
            map.learn(answer(T0, CLIENT, "a.example.com", a("a.example.com", 10, "192.0.2.1")));

            assertThat(names("192.0.2.1", CLIENT, T0 + seconds(300))).containsExactly("a.example.com");
            assertThat(names("192.0.2.1", CLIENT, T0 + seconds(300) + 1)).isEmpty();
            assertThat(map.size()).isZero(); // the expired address was forgotten on lookup
        }

        @Test
        void aLongTtlIsCutToTheMaximum() {
            map.learn(answer(T0, CLIENT, "a.example.com", a("a.example.com", 7 * 86_400, "192.0.2.1")));

            assertThat(names("192.0.2.1", CLIENT, T0 + seconds(86_400))).containsExactly("a.example.com");
            assertThat(names("192.0.2.1", CLIENT, T0 + seconds(86_401))).isEmpty();
        }

        @Test
        void eachNameExpiresOnItsOwn() {
            map.learn(answer(T0, CLIENT, "old.example.com", a("old.example.com", 300, "192.0.2.1")));
            map.learn(answer(T0 + seconds(200), CLIENT, "new.example.com", a("new.example.com", 300, "192.0.2.1")));

            assertThat(names("192.0.2.1", CLIENT, T0 + seconds(250)))
                    .containsExactly("new.example.com", "old.example.com");
            assertThat(names("192.0.2.1", CLIENT, T0 + seconds(400))).containsExactly("new.example.com");
        }

        @Test
        void oldAddressesExpireWhileLearning() {
            map.learn(answer(T0, CLIENT, "a.example.com", a("a.example.com", 300, "192.0.2.1")));
            map.learn(answer(T0 + seconds(301), CLIENT, "b.example.com", a("b.example.com", 300, "192.0.2.2")));

            assertThat(map.size()).isOne();
        }
    }

    @Nested
    class Chains {

        @Test
        void theQuestionAndEveryChainNameAreKeptQuestionFirst() {
            map.learn(answer(
                    T0,
                    CLIENT,
                    "www.example.org",
                    cname("www.example.org", "ksn-url-geo.kaspersky-labs.com"),
                    cname("ksn-url-geo.kaspersky-labs.com", "edge.cdn.example.net"),
                    a("edge.cdn.example.net", 60, "198.51.100.9"),
                    a("edge.cdn.example.net", 60, "198.51.100.10")));

            List<String> chain = List.of("www.example.org", "ksn-url-geo.kaspersky-labs.com", "edge.cdn.example.net");
            assertThat(names("198.51.100.9", CLIENT, T0)).isEqualTo(chain);
            assertThat(names("198.51.100.10", CLIENT, T0)).isEqualTo(chain);
        }

        @Test
        void aNameLearnedAgainMovesToTheFrontWithoutRepeating() {
            map.learn(answer(T0, CLIENT, "a.example.com", a("a.example.com", 300, "192.0.2.1")));
            map.learn(answer(T0 + 1, CLIENT, "b.example.com", a("b.example.com", 300, "192.0.2.1")));
            map.learn(answer(T0 + 2, CLIENT, "a.example.com", a("a.example.com", 300, "192.0.2.1")));

            assertThat(names("192.0.2.1", CLIENT, T0 + 3)).containsExactly("a.example.com", "b.example.com");
        }

        @Test
        void answersWithoutAddressesAndOtherObservationsTeachNothing() {
            map.learn(answer(T0, CLIENT, "www.example.org", cname("www.example.org", "x.example.net")));
            map.learn(Observation.tls(T0, io.banwatch.inspect.Protocol.TLS, CLIENT, RESOLVER, -1, -1, "a.example"));

            assertThat(map.size()).isZero();
        }
    }

    @Nested
    class Caps {

        @Test
        void aFullMapForgetsTheLeastRecentlyUsedAddress() {
            map = new DnsAddressMap(new AddressMapLimits(2, 4, 300, 86_400), anomalies);
            map.learn(answer(T0, CLIENT, "one.example", a("one.example", 300, "192.0.2.1")));
            map.learn(answer(T0, CLIENT, "two.example", a("two.example", 300, "192.0.2.2")));
            assertThat(names("192.0.2.1", CLIENT, T0)).containsExactly("one.example"); // now the most recent
            map.learn(answer(T0, CLIENT, "three.example", a("three.example", 300, "192.0.2.3")));

            assertThat(names("192.0.2.2", CLIENT, T0)).isEmpty();
            assertThat(names("192.0.2.1", CLIENT, T0)).containsExactly("one.example");
            assertThat(names("192.0.2.3", CLIENT, T0)).containsExactly("three.example");
            assertThat(anomalies.get(AttributionAnomaly.ADDRESS_MAP_FULL)).isOne();
        }

        @Test
        void namesPerAddressAreCappedDroppingTheOldest() {
            map = new DnsAddressMap(new AddressMapLimits(16, 2, 300, 86_400), anomalies);
            for (String name : List.of("a.example", "b.example", "c.example")) {
                map.learn(answer(T0, CLIENT, name, a(name, 300, "192.0.2.1")));
            }

            assertThat(names("192.0.2.1", CLIENT, T0)).containsExactly("c.example", "b.example");
            assertThat(anomalies.get(AttributionAnomaly.NAMES_PER_ADDRESS_CAP)).isOne();
        }

        @Test
        void chainNamesBeyondTheCapAreCounted() {
            List<DnsRecord> records = new ArrayList<>();
            String owner = "n0.example";
            for (int i = 1; i <= DnsAddressMap.MAX_CHAIN_NAMES + 1; i++) {
                records.add(cname(owner, "n" + i + ".example"));
                owner = "n" + i + ".example";
            }
            records.add(a(owner, 300, "192.0.2.1"));
            map = new DnsAddressMap(new AddressMapLimits(16, 16, 300, 86_400), anomalies);
            map.learn(answer(T0, CLIENT, "n0.example", records.toArray(DnsRecord[]::new)));

            assertThat(names("192.0.2.1", CLIENT, T0))
                    .hasSize(DnsAddressMap.MAX_CHAIN_NAMES)
                    .startsWith("n0.example");
            assertThat(anomalies.get(AttributionAnomaly.CHAIN_NAMES_CAP)).isOne();
        }

        @Test
        void newAddressesPerAnswerAreCappedButKnownOnesRefreshed() {
            map.learn(answer(T0, CLIENT, "known.example", a("known.example", 300, "198.51.100.1")));
            List<DnsRecord> records = new ArrayList<>();
            for (int i = 0; i < DnsAddressMap.MAX_NEW_ADDRESSES_PER_ANSWER + 10; i++) {
                records.add(a("pool.example", 300, "192.0." + (2 + i / 256) + "." + i % 256));
            }
            records.add(a("pool.example", 300, "198.51.100.1"));
            map.learn(answer(T0 + 1, CLIENT, "pool.example", records.toArray(DnsRecord[]::new)));

            assertThat(map.size()).isEqualTo(1 + DnsAddressMap.MAX_NEW_ADDRESSES_PER_ANSWER);
            assertThat(anomalies.get(AttributionAnomaly.NEW_ADDRESSES_PER_ANSWER_CAP))
                    .isOne();
            assertThat(names("198.51.100.1", CLIENT, T0 + 2)).containsExactly("pool.example", "known.example");
            assertThat(names("192.0.2." + (DnsAddressMap.MAX_NEW_ADDRESSES_PER_ANSWER + 5), CLIENT, T0 + 2))
                    .isEmpty();
        }

        @Test
        void aFullMapForgetsOtherAddressesBeforeVendorOnes() {
            map = new DnsAddressMap(new AddressMapLimits(4, 16, 300, 86_400), anomalies);
            map.learn(
                    answer(T0, CLIENT, "dnl-01.geo.kaspersky.com", a("dnl-01.geo.kaspersky.com", 300, "192.0.2.1")),
                    name -> name.endsWith("kaspersky.com"));
            for (int i = 0; i < 10; i++) {
                map.learn(
                        answer(
                                T0 + 1 + i,
                                CLIENT,
                                "n" + i + ".example",
                                a("n" + i + ".example", 300, "198.51.100." + i)),
                        name -> name.endsWith("kaspersky.com"));
            }

            assertThat(names("192.0.2.1", CLIENT, T0 + 20)).containsExactly("dnl-01.geo.kaspersky.com");
            assertThat(map.size()).isEqualTo(4);
            assertThat(anomalies.get(AttributionAnomaly.ADDRESS_MAP_FULL)).isEqualTo(7);
            assertThat(anomalies.get(AttributionAnomaly.VENDOR_ADDRESS_EVICTED)).isZero();
            // with only vendor addresses left, the least recently used of them goes
            map = new DnsAddressMap(new AddressMapLimits(1, 16, 300, 86_400), anomalies);
            map.learn(answer(T0, CLIENT, "a.kaspersky.com", a("a.kaspersky.com", 300, "192.0.2.1")), name -> true);
            map.learn(answer(T0 + 1, CLIENT, "b.kaspersky.com", a("b.kaspersky.com", 300, "192.0.2.2")), name -> true);
            assertThat(names("192.0.2.2", CLIENT, T0 + 2)).containsExactly("b.kaspersky.com");
            assertThat(anomalies.get(AttributionAnomaly.VENDOR_ADDRESS_EVICTED)).isOne();
        }
    }

    @Nested
    class AddressesAndClients {

        @Test
        void ipv6AddressesInEveryTextForm() {
            map.learn(answer(
                    T0,
                    CLIENT,
                    "v6.example",
                    a("v6.example", 300, "2001:db8::7"),
                    a("v6.example", 300, "::1"),
                    a("v6.example", 300, "2001:db8:1:2:3:4:5:6"),
                    a("v6.example", 300, "fe80::")));

            assertThat(names("2001:db8:0:0:0:0:0:7", CLIENT, T0)).containsExactly("v6.example");
            assertThat(names("::1", CLIENT, T0)).containsExactly("v6.example");
            assertThat(names("2001:db8:1:2:3:4:5:6", CLIENT, T0)).containsExactly("v6.example");
            assertThat(names("fe80::", CLIENT, T0)).containsExactly("v6.example");
            assertThat(names("2001:db8::8", CLIENT, T0)).isEmpty();
            assertThat(map.size()).isEqualTo(4);
        }

        @Test
        void anIpv4MappedAddressIsTheIpv4Address() {
            map.learn(answer(T0, CLIENT, "v4.example", a("v4.example", 300, "192.0.2.1")));

            assertThat(names("::ffff:192.0.2.1", CLIENT, T0)).containsExactly("v4.example");
            assertThat(names("192.0.2.10", CLIENT, T0)).isEmpty();
        }

        @Test
        void theAskingClientsNamesComeFirstOthersStillCount() {
            map.learn(answer(T0, CLIENT, "mine.example", a("mine.example", 300, "192.0.2.1")));
            map.learn(answer(T0 + 1, OTHER_CLIENT, "theirs.example", a("theirs.example", 300, "192.0.2.1")));

            assertThat(names("192.0.2.1", CLIENT, T0 + 2)).containsExactly("mine.example", "theirs.example");
            assertThat(names("192.0.2.1", OTHER_CLIENT, T0 + 2)).containsExactly("theirs.example", "mine.example");
            assertThat(names("192.0.2.1", RESOLVER, T0 + 2)).containsExactly("theirs.example", "mine.example");
        }
    }

    @Nested
    class AddressText {

        final AddressKey key = new AddressKey();
        final AddressKey bytes = new AddressKey();

        @Test
        void textAndBytesGiveTheSameKey() {
            for (String text : List.of(
                    "0.0.0.0",
                    "255.255.255.255",
                    "2001:db8::",
                    "::",
                    "1::",
                    "::ffff:0:1",
                    "2001:DB8:0:0:1::1",
                    "1:2:3:4:5:6:7::")) {
                assertThat(key.parse(text)).as(text).isTrue();
                byte[] address = Endpoint.parse(text, 0).address();
                bytes.set(address, address.length);
                assertThat(key.high).as(text).isEqualTo(bytes.high);
                assertThat(key.low).as(text).isEqualTo(bytes.low);
            }
        }

        @Test
        void malformedTextIsRejected() {
            for (String text : List.of(
                    "",
                    "1.2.3",
                    "1.2.3.4.5",
                    "256.1.1.1",
                    "1..2.3",
                    "1.2.3.4.",
                    "a.b.c.d",
                    ":::",
                    "1::2::3",
                    "1:2:3:4:5:6:7:8:9",
                    "12345::",
                    "1:",
                    ":1",
                    "1:2:3:4:5:6:7:8::",
                    "g::")) {
                assertThat(key.parse(text)).as(text).isFalse();
            }
        }
    }
}
