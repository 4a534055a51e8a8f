package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.decode.Endpoint;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.EventJson;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;
import io.banwatch.match.Category;
import io.banwatch.match.Confidence;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every store does, whichever database holds it: writes, the host inventory, queries, cursors, restarts,
 * retention and migrations. {@link SqliteStoreTest} runs it on real files, {@link PostgresStoreTest} on a real
 * PostgreSQL server.
 */
abstract class StoreContractTest {

    static final long BAN = 1_727_582_400_000_000_000L; // 2024-09-29T04:00:00Z
    static final long DAY = 86_400_000_000_000L;

    @TempDir
    Path dir;

    static StoredEvent contact(String host, String name, Category category, String phase, long ts) {
        Match match = new Match("kaspersky", category, "rule-" + name, phase, severity(category, phase), "d");
        Observation o = Observation.tls(
                ts, Protocol.TLS, Endpoint.parse(host, 50_000), Endpoint.parse("203.0.113.7", 443), -1, -1, name);
        return StoredEvent.of(new Event(o, match), "sensor-1");
    }

    static StoredEvent outcome(StoredEvent contactOf, Outcome outcome, long ts) {
        Match match = new Match(
                "kaspersky",
                Category.fromLabel(contactOf.category()),
                contactOf.rule(),
                contactOf.phase(),
                Severity.fromLabel(contactOf.severity()),
                "d");
        Observation o = Observation.tls(
                ts,
                Protocol.TLS,
                Endpoint.parse(contactOf.host(), 50_000),
                Endpoint.parse("203.0.113.7", 443),
                -1,
                -1,
                contactOf.name());
        return StoredEvent.of(
                new Event(o, match, new ContactOutcome(outcome, OutcomeReason.BYTES, 5_000_000, 900)), "sensor-1");
    }

    /** One event of every kind the pipeline stores: each protocol, attributed names, outcomes, nanoseconds. */
    static List<Event> everyKindOfEvent() {
        Endpoint client = Endpoint.parse("10.0.0.1", 50_123);
        Endpoint server = Endpoint.parse("203.0.113.7", 443);
        Endpoint resolver = Endpoint.parse("192.0.2.53", 53);
        Endpoint client6 = Endpoint.parse("2001:db8::1", 40_000);
        Match byName = new Match(
                "kaspersky", Category.UPDATE, "dnl-##.geo.kaspersky.com", "updates_banned", Severity.CRITICAL, "d");
        Match byJa4 = new Match(
                "kaspersky",
                Category.KSN,
                "t13d1516h2_8daaf6152771_e5627efa2ab1",
                "updates_banned",
                Severity.CRITICAL,
                "d",
                Confidence.MEDIUM,
                Match.BY_JA4);
        Observation.Dns answer = new Observation.Dns(
                Observation.DnsMessageType.ANSWER,
                4711,
                "A",
                "NOERROR",
                List.of(
                        DnsRecord.cname("dnl-01.geo.kaspersky.com", 300, "dnl-01.geo.kaspersky.com.edgekey.net"),
                        DnsRecord.address(
                                "dnl-01.geo.kaspersky.com.edgekey.net", 20, new byte[] {(byte) 203, 0, 113, 7}),
                        DnsRecord.address("dnl-01.geo.kaspersky.com.edgekey.net", 20, new byte[16])));
        Observation.Dns query = new Observation.Dns(Observation.DnsMessageType.QUERY, 17, "AAAA", null, List.of());
        return List.of(
                new Event(
                        Observation.tls(BAN, Protocol.TLS, client, server, -1, -1, "dnl-01.geo.kaspersky.com"), byName),
                new Event(
                        Observation.tls(
                                BAN + 1_000,
                                Protocol.QUIC,
                                client6,
                                server,
                                12,
                                4_242L,
                                "dnl-01.geo.kaspersky.com",
                                true,
                                "q13d0312h3_55b375c5d22e_06cda9e17597"),
                        byName),
                new Event(fingerprintedHello(BAN + 2_000, client, server), byJa4),
                new Event(
                        Observation.tls(BAN + 3_000, Protocol.TLS, client, server, -1, -1, null)
                                .withAttributedName("dnl-01.geo.kaspersky.com"),
                        byName),
                new Event(
                        Observation.flow(BAN + 4_000, Transport.TCP, Protocol.UNKNOWN, client, server, -1, -1)
                                .withAttributedName("dnl-01.geo.kaspersky.com"),
                        byName),
                new Event(
                        Observation.flow(
                                BAN + 5_000,
                                Transport.TCP,
                                Protocol.KSC,
                                client,
                                Endpoint.parse("10.9.9.9", 13_000),
                                -1,
                                -1),
                        byName),
                new Event(
                        Observation.flow(
                                BAN + 6_000,
                                Transport.UDP,
                                Protocol.KASPERSKY,
                                client,
                                Endpoint.parse("10.9.9.9", 2_001),
                                7,
                                -1),
                        byName),
                new Event(
                        Observation.http(
                                BAN + 7_000,
                                client,
                                Endpoint.parse("203.0.113.7", 80),
                                -1,
                                -1,
                                "dnl-01.geo.kaspersky.com",
                                "GET",
                                "/bases/av/kdb/i386/kdb-i386-1211g.xml.dif"),
                        byName),
                new Event(
                        Observation.http(
                                BAN + 8_000,
                                client,
                                Endpoint.parse("203.0.113.7", 8080),
                                -1,
                                -1,
                                null,
                                null,
                                "/\u00e9t\u00e9 \"quoted\" <tag>"),
                        byName),
                new Event(
                        Observation.dns(
                                BAN + 9_000,
                                Transport.UDP,
                                client,
                                resolver,
                                -1,
                                -1,
                                "dnl-01.geo.kaspersky.com",
                                query),
                        byName),
                new Event(
                        Observation.dns(
                                BAN + 10_000,
                                Transport.TCP,
                                resolver,
                                client,
                                -1,
                                -1,
                                "dnl-01.geo.kaspersky.com",
                                answer),
                        byName),
                // Outcomes: with and without a reason, with and without byte counts.
                new Event(
                        Observation.tls(BAN + 11_000, Protocol.TLS, client, server, -1, -1, "dnl-01.geo.kaspersky.com"),
                        byName,
                        new ContactOutcome(Outcome.TRANSFERRED, OutcomeReason.BYTES, 5_000_000, 900)),
                new Event(
                        Observation.tls(BAN + 12_000, Protocol.TLS, client, server, -1, -1, "dnl-01.geo.kaspersky.com"),
                        byName,
                        new ContactOutcome(Outcome.BLOCKED, null, -1, -1)),
                new Event(
                        fingerprintedHello(BAN + 13_000, client, server),
                        byJa4,
                        new ContactOutcome(Outcome.TRANSFERRED, OutcomeReason.BYTES, 0, 0)),
                // An attributed name with an outcome: destination.domain is stored, destination.bytes a column.
                new Event(
                        Observation.flow(BAN + 13_500, Transport.TCP, Protocol.UNKNOWN, client, server, -1, -1)
                                .withAttributedName("dnl-01.geo.kaspersky.com"),
                        byName,
                        new ContactOutcome(Outcome.TRANSFERRED, OutcomeReason.BYTES, 7_000_000, 1_200)),
                // A time with nanoseconds, from a nanosecond capture file: kept as written.
                new Event(
                        Observation.tls(BAN + 14_123, Protocol.TLS, client, server, -1, -1, "dnl-01.geo.kaspersky.com"),
                        byName));
    }

    static Severity severity(Category category, String phase) {
        if (category == Category.THREAT_INTEL) {
            return Severity.INFO;
        }
        return "updates_banned".equals(phase) ? Severity.CRITICAL : Severity.MEDIUM;
    }

    /** A ClientHello without a server name, known by its JA4 fingerprint alone. */
    static Observation fingerprintedHello(long ts, Endpoint client, Endpoint server) {
        return Observation.tls(
                ts, Protocol.TLS, client, server, -1, -1, null, false, "t13d1516h2_8daaf6152771_e5627efa2ab1");
    }

    static long count(EventStore store) throws Exception {
        Long count = store.read(StoreQueries::eventCount);
        return count;
    }

    static List<EventRecord> allEvents(EventStore store) throws Exception {
        List<EventRecord> rows = store.read(q -> q.events(EventFilter.all()));
        return rows;
    }

    static List<HostRecord> allHosts(EventStore store) throws Exception {
        return hosts(store, EventFilter.all());
    }

    static List<HostRecord> hosts(EventStore store, EventFilter filter) throws Exception {
        List<HostRecord> rows = store.read(q -> q.hosts(filter));
        return rows;
    }

    /** Opens this test's store: the same one each time within a test, a new empty one for each test. */
    abstract EventStore open();

    /** A plain connection to this test's store, without the store's migrations. */
    abstract Connection raw() throws Exception;

    abstract StoreDialect dialect();

    @Nested
    class Writing {

        /**
         * Every kind of event the pipeline stores, each with what it can carry: the store keeps only what its columns
         * do not hold (schema version 6) and must give back the JSON the event's writer made, byte for byte.
         */
        @Test
        void everyKindOfEventReadsBackAsItsEventJsonExactly() throws Exception {
            List<Event> events = everyKindOfEvent();
            try (EventStore store = open()) {
                // One output for every event, as the pipeline keeps: each row has its own JSON, whatever came before.
                io.banwatch.event.JsonOutput scratch = new io.banwatch.event.JsonOutput(16);
                store.write(
                        events.stream()
                                .map(e -> StoredEvent.of(e, "sensor-1", scratch))
                                .toList(),
                        1_000);
                List<EventRecord> read = allEvents(store).reversed();
                assertThat(read).hasSameSizeAs(events);
                for (int i = 0; i < events.size(); i++) {
                    assertThat(read.get(i).json()).as("event %d", i).isEqualTo(EventJson.toJson(events.get(i)));
                }
            }
            // What the row keeps of the first and the last: only what no column holds.
            try (Connection raw = raw();
                    Statement s = raw.createStatement();
                    ResultSet rows = s.executeQuery("SELECT json FROM events ORDER BY id")) {
                List<String> stored = new ArrayList<>();
                while (rows.next()) {
                    stored.add(new String(rows.getBytes(1), java.nio.charset.StandardCharsets.UTF_8));
                }
                // Written directly in the stored form, each is what filtering the columns' fields out of the whole
                // event JSON gives, as the migration from earlier schemas does.
                for (int i = 0; i < events.size(); i++) {
                    assertThat(stored.get(i))
                            .as("event %d", i)
                            .isEqualTo(new String(
                                    StoredJson.detail(EventJson.toJson(events.get(i))),
                                    java.nio.charset.StandardCharsets.UTF_8));
                }
                assertThat(stored.getFirst())
                        .isEqualTo("{\"network\":{\"transport\":\"tcp\"},\"tls\":{\"client\":{\"server_name\":"
                                + "\"dnl-01.geo.kaspersky.com\"}}}");
                assertThat(stored.getLast()).startsWith("{\"@ns\":123,\"network\":");
            }
        }

        @Test
        void eventsAreReadBackNewestFirstWithTheirJson() throws Exception {
            try (EventStore store = open()) {
                store.write(
                        List.of(
                                contact(
                                        "10.0.0.1",
                                        "dnl-01.geo.kaspersky.com",
                                        Category.UPDATE,
                                        "updates_banned",
                                        BAN + 1),
                                contact(
                                        "10.0.0.2",
                                        "ksn-url-geo.kaspersky-labs.com",
                                        Category.KSN,
                                        "updates_banned",
                                        BAN + 2)),
                        1_000);
                List<EventRecord> events = store.read(q -> q.events(EventFilter.all()));
                assertThat(events).extracting(EventRecord::host).containsExactly("10.0.0.2", "10.0.0.1");
                assertThat(events.get(1).json()).contains("\"server_name\":\"dnl-01.geo.kaspersky.com\"");
                assertThat(events.get(1).timestampNanos()).isEqualTo(BAN); // microsecond precision in the store
            }
        }

        @Test
        void theHostInventoryFoldsContactsAndKeepsTheWorstOutcome() throws Exception {
            StoredEvent before =
                    contact("10.0.0.1", "dnl-01.geo.kaspersky.com", Category.UPDATE, "new_business_banned", BAN - DAY);
            StoredEvent after =
                    contact("10.0.0.1", "dnl-07.geo.kaspersky.com", Category.UPDATE, "updates_banned", BAN + DAY);
            StoredEvent intel = contact(
                    "10.0.0.1", "opentip.kaspersky.com", Category.THREAT_INTEL, "updates_banned", BAN + 2 * DAY);
            try (EventStore store = open()) {
                store.write(List.of(before), 1_000);
                store.write(List.of(after, outcome(after, Outcome.TRANSFERRED, BAN + DAY + 5)), 1_001);
                store.write(List.of(intel, outcome(intel, Outcome.BLOCKED, BAN + 2 * DAY + 1)), 1_002);
                HostRecord host = store.read(q -> q.hosts(EventFilter.all())).getFirst();
                assertThat(host.host()).isEqualTo("10.0.0.1");
                assertThat(host.contacts()).isEqualTo(3);
                assertThat(host.contactsAfterBan()).isEqualTo(2);
                assertThat(host.firstSeenNanos()).isEqualTo(BAN - DAY);
                assertThat(host.lastSeenNanos()).isEqualTo(BAN + 2 * DAY);
                assertThat(host.categories()).containsExactly("threat_intel", "update");
                assertThat(host.names())
                        .containsExactly(
                                "dnl-01.geo.kaspersky.com", "dnl-07.geo.kaspersky.com", "opentip.kaspersky.com");
                assertThat(host.worstSeverity()).isEqualTo("critical");
                assertThat(host.worstOutcome()).isEqualTo("transferred");
                assertThat(host.firstPhase()).isEqualTo("new_business_banned");
                assertThat(host.observer()).isEqualTo("sensor-1");
            }
        }

        @Test
        void aRestartContinuesTheSameFile() throws Exception {
            try (EventStore store = open()) {
                store.write(
                        List.of(contact("10.0.0.1", "a.kaspersky.com", Category.UPDATE, "updates_banned", BAN)), 1_000);
            }
            try (EventStore store = open()) {
                store.write(
                        List.of(contact("10.0.0.1", "b.kaspersky.com", Category.UPDATE, "updates_banned", BAN + 1)),
                        1_001);
                assertThat(count(store)).isEqualTo(2);
                assertThat(store.read(q -> q.hosts(EventFilter.all()))
                                .getFirst()
                                .contacts())
                        .isEqualTo(2);
            }
        }

        @Test
        void retentionDeletesWhatWasWrittenLongAgoWhateverItsPacketTime() throws Exception {
            try (EventStore store = open()) {
                store.write(
                        List.of(contact("10.0.0.1", "a.kaspersky.com", Category.UPDATE, "updates_banned", BAN)), 1_000);
                store.write(
                        List.of(contact("10.0.0.2", "a.kaspersky.com", Category.UPDATE, "updates_banned", BAN)), 5_000);
                assertThat(store.deleteStoredBefore(2_000)).isEqualTo(1);
                assertThat(allEvents(store)).extracting(EventRecord::host).containsExactly("10.0.0.2");
                assertThat(allHosts(store)).extracting(HostRecord::host).containsExactly("10.0.0.2");
            }
        }

        @Test
        void retentionDeletesNamesNoEventRefersToAndANameSeenAgainIsStoredAgain() throws Exception {
            try (EventStore store = open();
                    EventStore otherSensor = open()) {
                store.write(
                        List.of(contact("10.0.0.1", "old.kaspersky.com", Category.UPDATE, "updates_banned", BAN)),
                        1_000);
                store.write(
                        List.of(contact("10.0.0.2", "kept.kaspersky.com", Category.UPDATE, "updates_banned", BAN)),
                        1_000);
                // A second writer of the same store remembers the number of the name about to be pruned.
                otherSensor.write(
                        List.of(contact("10.0.0.4", "old.kaspersky.com", Category.UPDATE, "updates_banned", BAN)),
                        1_500);
                store.write(
                        List.of(contact("10.0.0.3", "kept.kaspersky.com", Category.UPDATE, "updates_banned", BAN)),
                        5_000);
                assertThat(store.deleteStoredBefore(2_000)).isEqualTo(3);
                assertThat(names(store)).containsExactly("kept.kaspersky.com");
                // Both writers see the epoch raised by the prune and store the name again, under a new number.
                store.write(
                        List.of(contact("10.0.0.5", "old.kaspersky.com", Category.UPDATE, "updates_banned", BAN)),
                        6_000);
                otherSensor.write(
                        List.of(contact("10.0.0.6", "old.kaspersky.com", Category.UPDATE, "updates_banned", BAN)),
                        6_000);
                assertThat(allEvents(store))
                        .extracting(EventRecord::host, EventRecord::name)
                        .containsExactly(
                                org.assertj.core.api.Assertions.tuple("10.0.0.6", "old.kaspersky.com"),
                                org.assertj.core.api.Assertions.tuple("10.0.0.5", "old.kaspersky.com"),
                                org.assertj.core.api.Assertions.tuple("10.0.0.3", "kept.kaspersky.com"));
                assertThat(names(store)).containsExactlyInAnyOrder("kept.kaspersky.com", "old.kaspersky.com");
                try (Statement statement = store.connection().createStatement();
                        ResultSet dangling = statement.executeQuery("SELECT count(*) FROM events e WHERE NOT EXISTS "
                                + "(SELECT 1 FROM names n WHERE n.id = e.name_id)")) {
                    dangling.next();
                    assertThat(dangling.getLong(1)).isZero();
                }
            }
        }

        @Test
        void pruningGoesThroughTheNamesInBoundedWindows() throws Exception {
            try (EventStore store = open()) {
                List<StoredEvent> old = new java.util.ArrayList<>();
                for (int i = 0; i < StoreRetention.PRUNE_BATCH + 5; i++) {
                    old.add(contact("10.0.0.1", "n" + i + ".kaspersky.com", Category.UPDATE, "updates_banned", BAN));
                }
                store.write(old, 1_000);
                store.write(
                        List.of(contact("10.0.0.2", "n3.kaspersky.com", Category.UPDATE, "updates_banned", BAN)),
                        5_000);
                assertThat(store.deleteStoredBefore(2_000)).isEqualTo(StoreRetention.PRUNE_BATCH + 5);
                assertThat(names(store)).containsExactly("n3.kaspersky.com");
            }
        }

        List<String> names(EventStore store) throws Exception {
            List<String> names = new java.util.ArrayList<>();
            try (Statement statement = store.connection().createStatement();
                    ResultSet rows = statement.executeQuery("SELECT name FROM names ORDER BY id")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        }
    }

    @Nested
    class Queries {

        List<EventRecord> events(EventStore store, EventFilter filter) throws Exception {
            return store.read(q -> q.events(filter));
        }

        EventStore filled() throws Exception {
            EventStore store = open();
            store.write(
                    List.of(
                            contact("10.0.0.1", "dnl-01.geo.kaspersky.com", Category.UPDATE, "updates_banned", BAN + 1),
                            contact("10.0.0.2", "kaspersky.com", Category.WEB, "updates_banned", BAN + 2),
                            contact("10.0.0.3", "notkaspersky.com", Category.WEB, "announced", BAN - 3 * DAY),
                            contact("10.0.0.4", "it's'; DROP TABLE events;--", Category.WEB, "announced", BAN - DAY)),
                    1_000);
            return store;
        }

        @Test
        void aHostsAndANamesEventsArePagedAcrossChunksNewestFirst() throws Exception {
            // More events than a chunk of postings holds, so that the pages cross from one chunk to the next; every
            // seventh event is 10.0.0.7's, under its own name, the others another host's.
            int total = EventPostings.CHUNK_IDS + 3_000;
            try (EventStore store = open()) {
                List<StoredEvent> batch = new java.util.ArrayList<>();
                for (int i = 0; i < total; i++) {
                    batch.add(
                            i % 7 == 0
                                    ? contact(
                                            "10.0.0.7",
                                            "dnl-07.geo.kaspersky.com",
                                            Category.UPDATE,
                                            "updates_banned",
                                            BAN + i)
                                    : contact(
                                            "10.0.0.8",
                                            "ksn.kaspersky-labs.com",
                                            Category.KSN,
                                            "updates_banned",
                                            BAN + i));
                    if (batch.size() == 10_000) {
                        store.write(batch, 1_000);
                        batch.clear();
                    }
                }
                store.write(batch, 1_000);
                List<Long> all = allIdsOf(store, null);
                assertThat(all).hasSize(total).isSortedAccordingTo(java.util.Comparator.reverseOrder());
                List<Long> expected = new java.util.ArrayList<>();
                for (int i = 0; i < total; i += 7) {
                    expected.add(all.get(total - 1 - i));
                }
                java.util.Collections.reverse(expected);
                assertThat(expected.getFirst()).isGreaterThanOrEqualTo(EventPostings.CHUNK_IDS);
                assertThat(expected.getLast()).isLessThan(EventPostings.CHUNK_IDS);
                assertThat(pagesOf(store, "10.0.0.7", null)).isEqualTo(expected);
                assertThat(pagesOf(store, null, "dnl-07.geo.kaspersky.com")).isEqualTo(expected);
                assertThat(pagesOf(store, "10.0.0.7", "geo.kaspersky.com")).isEqualTo(expected);
                assertThat(pagesOf(store, "10.0.0.7", "kaspersky-labs.com")).isEmpty();
                assertThat(pagesOf(store, "10.0.0.9", null)).isEmpty();
            }
        }

        @Test
        void anEventListedByMorePostingsThanOneIsReadOnce() throws Exception {
            // Retention's rebuild and another sensor's batch may both list an event; three listings of each of 100
            // events put copies of one id into different reads of the events.
            try (EventStore store = open()) {
                List<StoredEvent> batch = new java.util.ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    batch.add(contact(
                            "10.0.0.5", "dnl-05.geo.kaspersky.com", Category.UPDATE, "updates_banned", BAN + i));
                }
                store.write(batch, 1_000);
                try (Statement s = store.connection().createStatement()) {
                    for (int copy = 1; copy <= 2; copy++) {
                        s.executeUpdate(
                                "INSERT INTO host_postings (chunk, host_id, first_id, ids) SELECT chunk, host_id, "
                                        + "first_id + " + copy * 1_000_000
                                        + ", ids FROM host_postings WHERE first_id < 1000000");
                    }
                }
                List<Long> ids = pagesOf(store, "10.0.0.5", null);
                assertThat(ids).hasSize(100).doesNotHaveDuplicates();
            }
        }

        /** The ids of every event of the host and name (either may be null), read in pages of 100 by their cursor. */
        private List<Long> pagesOf(EventStore store, String host, String name) throws Exception {
            List<Long> ids = new java.util.ArrayList<>();
            long before = 0;
            while (true) {
                EventFilter page = new EventFilter(null, null, host, null, null, null, null, null, name, before, 100);
                List<EventRecord> rows = events(store, page);
                rows.forEach(row -> ids.add(row.id()));
                if (rows.size() < 100) {
                    return ids;
                }
                before = rows.getLast().id();
            }
        }

        private List<Long> allIdsOf(EventStore store, String host) throws Exception {
            return pagesOf(store, host, null);
        }

        @Test
        void aNameSuffixMatchesWholeLabelsOnly() throws Exception {
            try (EventStore store = filled()) {
                EventFilter byName =
                        new EventFilter(null, null, null, null, null, null, null, null, "kaspersky.com", 0, 100);
                assertThat(events(store, byName)).extracting(EventRecord::host).containsExactly("10.0.0.2", "10.0.0.1");
            }
        }

        @Test
        void filtersCombineAndTimeRangesAreHalfOpen() throws Exception {
            try (EventStore store = filled()) {
                EventFilter filter = new EventFilter(
                        BAN, BAN + 2_000, null, "kaspersky", "update", "updates_banned", "tls", null, null, 0, 100);
                assertThat(events(store, filter)).extracting(EventRecord::host).containsExactly("10.0.0.1");
                EventFilter hostOnly =
                        new EventFilter(null, null, "10.0.0.3", null, null, null, null, null, null, 0, 100);
                assertThat(events(store, hostOnly))
                        .extracting(EventRecord::name)
                        .containsExactly("notkaspersky.com");
            }
        }

        @Test
        void hostileValuesAreOnlyValues() throws Exception {
            try (EventStore store = filled()) {
                EventFilter hostile =
                        new EventFilter(null, null, "' OR '1'='1", null, null, null, null, null, "%", 0, 100);
                assertThat(events(store, hostile)).isEmpty();
                assertThat(count(store)).isEqualTo(4);
                EventFilter hostileHosts = new EventFilter(null, null, null, null, "%", null, null, null, "_", 0, 100);
                assertThat(hosts(store, hostileHosts)).isEmpty();
            }
        }

        @Test
        void pagesFollowTheCursorWhileNewEventsArrive() throws Exception {
            try (EventStore store = open()) {
                List<StoredEvent> batch = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    batch.add(contact("10.0.1." + i, "a.kaspersky.com", Category.UPDATE, "updates_banned", BAN + i));
                }
                store.write(batch, 1_000);
                EventFilter page = EventFilter.all().withLimit(10);
                List<String> seen = new ArrayList<>();
                List<EventRecord> rows = events(store, page);
                while (!rows.isEmpty()) {
                    rows.forEach(r -> seen.add(r.host()));
                    // a newer event arrives between pages: it is not in the listing that started before it
                    store.write(
                            List.of(contact(
                                    "10.9.9.9", "a.kaspersky.com", Category.UPDATE, "updates_banned", BAN + 100)),
                            1_001);
                    rows = events(store, page.withBefore(rows.getLast().id()));
                }
                assertThat(seen).hasSize(25).doesNotHaveDuplicates().doesNotContain("10.9.9.9");
            }
        }

        @Test
        void aHugeLimitIsCut() {
            assertThat(EventFilter.all().withLimit(Integer.MAX_VALUE).limit()).isEqualTo(EventFilter.MAX_LIMIT);
        }
    }

    @Nested
    class Inventory {

        @Test
        void everyRowCarriesItsSensorAndTheInventoryNamesTheLatest() throws Exception {
            StoredEvent first = contact("10.0.0.1", "a.kaspersky.com", Category.UPDATE, "updates_banned", BAN);
            StoredEvent later = withObserver(
                    contact("10.0.0.1", "b.kaspersky.com", Category.UPDATE, "updates_banned", BAN + DAY), "sensor-2");
            try (EventStore store = open()) {
                store.write(List.of(later), 1_000);
                store.write(List.of(first), 1_001); // written last, seen first: the inventory keeps sensor-2
                assertThat(allEvents(store))
                        .extracting(EventRecord::observer)
                        .containsExactlyInAnyOrder("sensor-1", "sensor-2");
                HostRecord host = allHosts(store).getFirst();
                assertThat(host.observer()).isEqualTo("sensor-2");
                assertThat(host.contacts()).isEqualTo(2);
                assertThat(host.firstSeenNanos()).isEqualTo(BAN);
            }
        }

        @Test
        void hostPagesFollowTheCursorWhileHostsAreAddedAndUpdated() throws Exception {
            try (EventStore store = open()) {
                List<StoredEvent> batch = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    batch.add(contact("10.0.1." + i, "a.kaspersky.com", Category.UPDATE, "updates_banned", BAN + i));
                }
                store.write(batch, 1_000);
                EventFilter page = EventFilter.all().withLimit(10);
                List<String> seen = new ArrayList<>();
                List<HostRecord> rows = hosts(store, page);
                int round = 0;
                while (!rows.isEmpty()) {
                    rows.forEach(r -> seen.add(r.host()));
                    // Between pages a new host arrives and hosts of every page get new contacts (their last contact
                    // moves ahead of all others): none of them moves to another page or shows twice.
                    round++;
                    store.write(
                            List.of(
                                    contact(
                                            "10.9.9." + round,
                                            "a.kaspersky.com",
                                            Category.UPDATE,
                                            "updates_banned",
                                            BAN + 100 + round),
                                    contact(
                                            "10.0.1.0",
                                            "b.kaspersky.com",
                                            Category.UPDATE,
                                            "updates_banned",
                                            BAN + 200 + round),
                                    contact(
                                            "10.0.1.24",
                                            "b.kaspersky.com",
                                            Category.UPDATE,
                                            "updates_banned",
                                            BAN + 200 + round)),
                            1_001);
                    rows = hosts(store, page.withBefore(rows.getLast().seq()));
                }
                assertThat(seen).hasSize(25).doesNotHaveDuplicates().allMatch(h -> h.startsWith("10.0.1."));
                assertThat(hosts(store, EventFilter.all()))
                        .filteredOn(h -> h.host().equals("10.0.1.0"))
                        .singleElement()
                        .extracting(HostRecord::contacts)
                        .isEqualTo(1L + round);
            }
        }

        @Test
        void hostFiltersMatchCategoriesAndNamesOfTheRow() throws Exception {
            try (EventStore store = open()) {
                store.write(
                        List.of(
                                contact("10.0.0.1", "dnl-01.geo.kaspersky.com", Category.UPDATE, "updates_banned", BAN),
                                contact("10.0.0.1", "ksn.kaspersky-labs.com", Category.KSN, "updates_banned", BAN + 1),
                                contact("10.0.0.2", "notkaspersky.com", Category.WEB, "announced", BAN - DAY)),
                        1_000);
                EventFilter ksn = new EventFilter(null, null, null, null, "ksn", null, null, null, null, 0, 100);
                assertThat(hosts(store, ksn)).extracting(HostRecord::host).containsExactly("10.0.0.1");
                EventFilter name =
                        new EventFilter(null, null, null, null, null, null, null, null, "kaspersky.com", 0, 100);
                assertThat(hosts(store, name)).extracting(HostRecord::host).containsExactly("10.0.0.1");
                EventFilter since = new EventFilter(BAN, null, null, null, null, null, null, null, null, 0, 100);
                assertThat(hosts(store, since)).extracting(HostRecord::host).containsExactly("10.0.0.1");
            }
        }
    }

    static StoredEvent withObserver(StoredEvent e, String observer) {
        return new StoredEvent(
                e.timestampNanos(),
                observer,
                e.host(),
                e.vendor(),
                e.category(),
                e.rule(),
                e.phase(),
                e.severity(),
                e.protocol(),
                e.name(),
                e.sourceIp(),
                e.sourcePort(),
                e.destinationIp(),
                e.destinationPort(),
                e.outcome(),
                e.outcomeReason(),
                e.destinationBytes(),
                e.detail());
    }

    @Nested
    class Schema {

        @Test
        void aNewStoreGetsTheCurrentVersionAndAnEmptyOneIsMigrated() throws Exception {
            try (Connection raw = raw();
                    Statement s = raw.createStatement()) {
                // A store of schema version 0: the version table alone, as left by an interrupted first start.
                s.execute("CREATE TABLE banwatch_schema (version INTEGER NOT NULL)");
            }
            try (EventStore store = open()) {
                assertThat(Migrations.version(store.connection())).isEqualTo(Migrations.currentVersion());
            }
            try (EventStore again = open()) {
                assertThat(Migrations.version(again.connection())).isEqualTo(Migrations.currentVersion());
            }
        }

        @Test
        void aStoreOfTheFirstSchemaIsMigratedWithItsRows() throws Exception {
            try (Connection raw = raw()) {
                assertThat(Migrations.apply(raw, dialect(), 1)).isZero();
                assertThat(Migrations.version(raw)).isEqualTo(1);
                try (PreparedStatement insert = raw.prepareStatement("INSERT INTO hosts (vendor, host, observer, "
                        + "first_seen, last_seen, contacts, contacts_after_ban, categories, names, worst_severity, "
                        + "worst_outcome, first_phase, updated_at) VALUES ('kaspersky', ?, 'old-sensor', ?, ?, 3, 2, "
                        + "'update', 'a.kaspersky.com', 'critical', 'unknown', 'updates_banned', 1000)")) {
                    for (String host : List.of("10.0.0.1", "10.0.0.2")) {
                        insert.setString(1, host);
                        insert.setLong(2, BAN / 1_000);
                        insert.setLong(3, BAN / 1_000 + 1);
                        insert.executeUpdate();
                    }
                }
                insertFirstSchemaEvents(raw);
            }
            try (EventStore store = open()) {
                assertThat(Migrations.version(store.connection())).isEqualTo(Migrations.currentVersion());
                assertFirstSchemaEventsReadAsWritten(store);
                List<HostRecord> old = allHosts(store);
                assertThat(old).extracting(HostRecord::host).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2");
                assertThat(old).allMatch(h -> h.seq() > 0 && h.contacts() == 3);
                // An old row merges with new contacts and keeps its cursor; a new host comes first in the listing.
                store.write(
                        List.of(
                                contact("10.0.0.1", "b.kaspersky.com", Category.UPDATE, "updates_banned", BAN + DAY),
                                contact("10.0.0.3", "b.kaspersky.com", Category.UPDATE, "updates_banned", BAN)),
                        2_000);
                List<HostRecord> now = allHosts(store);
                assertThat(now).extracting(HostRecord::host).first().isEqualTo("10.0.0.3");
                HostRecord merged = now.stream()
                        .filter(h -> h.host().equals("10.0.0.1"))
                        .findFirst()
                        .orElseThrow();
                assertThat(merged.contacts()).isEqualTo(4);
                assertThat(merged.names()).containsExactly("a.kaspersky.com", "b.kaspersky.com");
                assertThat(merged.seq())
                        .isEqualTo(old.stream()
                                .filter(h -> h.host().equals("10.0.0.1"))
                                .findFirst()
                                .orElseThrow()
                                .seq());
                // New events continue after the old ids, and retention still finds old ones by when they were written.
                assertThat(allEvents(store).getFirst().id()).isGreaterThan(9L);
                assertThat(store.deleteStoredBefore(1_009)).isEqualTo(2);
                assertThat(allEvents(store))
                        .extracting(EventRecord::id)
                        .contains(9L)
                        .doesNotContain(7L, 8L)
                        .hasSize(3);
            }
        }

        /** Three events as the first schema held them: text columns, the whole JSON compressed as JsonCodec does. */
        private void insertFirstSchemaEvents(Connection raw) throws Exception {
            try (PreparedStatement insert =
                    raw.prepareStatement("INSERT INTO events (id, ts, stored_at, observer, host, "
                            + "vendor, category, rule, phase, severity, protocol, name, rname, src_ip, src_port, dst_ip, "
                            + "dst_port, outcome, outcome_reason, dst_bytes, json) VALUES (?, ?, ?, 'old-sensor', ?, "
                            + "'kaspersky', ?, 'rule-x', 'updates_banned', 'critical', 'tls', ?, ?, ?, 50000, '203.0.113.7', "
                            + "443, ?, ?, ?, ?)")) {
                Object[][] rows = {
                    {7L, "10.0.0.1", "update", "dnl-01.geo.kaspersky.com", null, null, null},
                    {8L, "10.0.0.2", "ksn", "ksn.kaspersky-labs.com", null, null, null},
                    {9L, "10.0.0.1", "update", "dnl-01.geo.kaspersky.com", "transferred", "bytes", 5_000_000L}
                };
                for (Object[] row : rows) {
                    long id = (Long) row[0];
                    int i = 1;
                    insert.setLong(i++, id);
                    insert.setLong(i++, BAN / 1_000 + id);
                    insert.setLong(i++, 1_000 + id);
                    insert.setString(i++, (String) row[1]);
                    insert.setString(i++, (String) row[2]);
                    insert.setString(i++, (String) row[3]);
                    insert.setString(i++, EventStore.reversed((String) row[3]));
                    insert.setString(i++, (String) row[1]);
                    insert.setString(i++, (String) row[4]);
                    insert.setString(i++, (String) row[5]);
                    if (row[6] == null) {
                        insert.setNull(i++, java.sql.Types.BIGINT);
                    } else {
                        insert.setLong(i++, (Long) row[6]);
                    }
                    insert.setBytes(i, LegacyJson.encode(firstSchemaJson(id, row)));
                    insert.executeUpdate();
                }
            }
        }

        /** The event JSON that banwatch wrote for one row of {@link #insertFirstSchemaEvents}. */
        private static String firstSchemaJson(long id, Object[] row) {
            // The columns held microseconds; the JSON, the nanoseconds of a nanosecond capture (id of them).
            Observation o = Observation.tls(
                    BAN + id * 1_000 + id,
                    Protocol.TLS,
                    Endpoint.parse((String) row[1], 50_000),
                    Endpoint.parse("203.0.113.7", 443),
                    -1,
                    -1,
                    (String) row[3]);
            Match match = new Match(
                    "kaspersky",
                    Category.fromLabel((String) row[2]),
                    "rule-x",
                    "updates_banned",
                    Severity.CRITICAL,
                    "d");
            ContactOutcome outcome = row[4] == null
                    ? null
                    : new ContactOutcome(Outcome.fromLabel((String) row[4]), OutcomeReason.BYTES, (Long) row[6], 900);
            return EventJson.toJson(new Event(o, match, outcome));
        }

        /** The events of {@link #insertFirstSchemaEvents}, after the migration: every query finds them as before. */
        private void assertFirstSchemaEventsReadAsWritten(EventStore store) throws Exception {
            List<EventRecord> events = allEvents(store);
            assertThat(events).extracting(EventRecord::id).containsExactly(9L, 8L, 7L);
            EventRecord outcome = events.getFirst();
            assertThat(outcome.host()).isEqualTo("10.0.0.1");
            assertThat(outcome.observer()).isEqualTo("old-sensor");
            assertThat(outcome.vendor()).isEqualTo("kaspersky");
            assertThat(outcome.category()).isEqualTo("update");
            assertThat(outcome.severity()).isEqualTo("critical");
            assertThat(outcome.phase()).isEqualTo("updates_banned");
            assertThat(outcome.protocol()).isEqualTo("tls");
            assertThat(outcome.name()).isEqualTo("dnl-01.geo.kaspersky.com");
            assertThat(outcome.outcome()).isEqualTo("transferred");
            assertThat(outcome.timestampNanos()).isEqualTo(BAN + 9_000);
            // Schema version 6 keeps the JSON without what the columns hold; it reads back whole, as it was written.
            assertThat(outcome.json()).isEqualTo(firstSchemaJson(9, new Object[] {
                9L, "10.0.0.1", "update", "dnl-01.geo.kaspersky.com", "transferred", "bytes", 5_000_000L
            }));
            assertThat(outcome.json())
                    .contains("\"destination\":{\"ip\":\"203.0.113.7\",\"port\":443,\"bytes\":5000000}");
            EventFilter geo =
                    new EventFilter(null, null, null, null, null, null, null, null, "geo.kaspersky.com", 0, 10);
            List<EventRecord> byName = store.read(q -> q.events(geo));
            assertThat(byName).extracting(EventRecord::id).containsExactly(9L, 7L);
            EventFilter host = new EventFilter(null, null, "10.0.0.2", null, "ksn", null, "tls", null, null, 0, 10);
            List<EventRecord> byHost = store.read(q -> q.events(host));
            assertThat(byHost).extracting(EventRecord::id).containsExactly(8L);
            ReportQueries.read(store, q -> {
                assertThat(q.transfers(null, null, "kaspersky", List.of(), 10))
                        .singleElement()
                        .extracting(ReportQueries.Transfer::destinationIp, ReportQueries.Transfer::destinationBytes)
                        .containsExactly("203.0.113.7", 5_000_000L);
                return null;
            });
        }

        @Test
        void aStoreFromANewerBanwatchIsRefusedUntouched() throws Exception {
            try (Connection raw = raw();
                    Statement s = raw.createStatement()) {
                s.execute("CREATE TABLE banwatch_schema (version INTEGER NOT NULL)");
                s.execute("INSERT INTO banwatch_schema VALUES (99)");
            }
            assertThatThrownBy(this::openQuietly)
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("schema version 99, newer than this banwatch knows");
            try (Connection raw = raw();
                    Statement s = raw.createStatement();
                    ResultSet version = s.executeQuery("SELECT version FROM banwatch_schema")) {
                assertThat(version.next()).isTrue();
                assertThat(version.getInt(1)).isEqualTo(99);
            }
        }

        private void openQuietly() {
            open().close();
        }
    }

    /** Alerts in the store: latest revision wins, filters, cursor pages, retention. */
    @Nested
    class Alerts {

        static StoredAlert alert(
                String id, int revision, String host, String category, String outcome, long firstSeen) {
            return new StoredAlert(
                    id,
                    revision,
                    "kaspersky",
                    host,
                    category,
                    "critical",
                    "updates_banned",
                    "tls",
                    "dnl-01.geo.kaspersky.com,ksn.kaspersky-labs.com",
                    firstSeen,
                    firstSeen + revision,
                    revision,
                    outcome,
                    revision == 1 ? "new" : "outcome",
                    "sensor-1",
                    "{\"alert\":{\"id\":\"" + id + "\",\"revision\":" + revision + "}}");
        }

        private static List<AlertRecord> alerts(EventStore store, EventFilter filter) throws Exception {
            return store.readAlerts(q -> q.alerts(filter));
        }

        @Test
        void theLatestRevisionWinsWhateverTheOrderOfWriting() throws Exception {
            try (EventStore store = open()) {
                store.write(List.of(), List.of(alert("a1", 1, "10.0.0.1", "update", "unknown", BAN)), 1_000);
                store.write(List.of(), List.of(alert("a1", 3, "10.0.0.1", "update", "transferred", BAN)), 1_001);
                store.write(List.of(), List.of(alert("a1", 2, "10.0.0.1", "update", "connected", BAN)), 1_002);

                List<AlertRecord> rows = alerts(store, EventFilter.all());
                assertThat(rows).hasSize(1);
                AlertRecord row = rows.getFirst();
                assertThat(row.revision()).isEqualTo(3);
                assertThat(row.outcome()).isEqualTo("transferred");
                assertThat(row.names()).containsExactly("dnl-01.geo.kaspersky.com", "ksn.kaspersky-labs.com");
                assertThat(row.json()).contains("\"revision\":3");
                assertThat(store.readAlerts(AlertQueries::alertCount)).isEqualTo(1);
            }
        }

        @Test
        void filtersAndCursorPages() throws Exception {
            try (EventStore store = open()) {
                store.write(
                        List.of(),
                        List.of(
                                alert("a1", 1, "10.0.0.1", "update", "unknown", BAN),
                                alert("a2", 1, "10.0.0.2", "ksn", "blocked", BAN + DAY),
                                alert("a3", 1, "10.0.0.1", "ksn", "unknown", BAN + 2 * DAY)),
                        1_000);
                EventFilter all = EventFilter.all();
                assertThat(alerts(store, all)).extracting(AlertRecord::id).containsExactly("a3", "a2", "a1");
                assertThat(alerts(
                                store,
                                new EventFilter(null, null, "10.0.0.1", null, null, null, null, null, null, 0, 10)))
                        .extracting(AlertRecord::id)
                        .containsExactly("a3", "a1");
                assertThat(alerts(
                                store,
                                new EventFilter(null, null, null, null, "ksn", null, null, "blocked", null, 0, 10)))
                        .extracting(AlertRecord::id)
                        .containsExactly("a2");
                assertThat(alerts(
                                store,
                                new EventFilter(
                                        BAN + DAY, BAN + 2 * DAY, null, null, null, null, null, null, null, 0, 10)))
                        .extracting(AlertRecord::id)
                        .containsExactly("a2");
                assertThat(alerts(
                                store,
                                new EventFilter(
                                        null, null, null, null, null, null, null, null, "kaspersky.com", 0, 10)))
                        .hasSize(3);
                assertThat(alerts(
                                store,
                                new EventFilter(null, null, null, null, null, null, null, null, "spersky.com", 0, 10)))
                        .isEmpty();
                assertThat(alerts(
                                store, new EventFilter(null, null, null, null, null, null, "quic", null, null, 0, 10)))
                        .isEmpty();

                List<AlertRecord> first = alerts(store, all.withLimit(2));
                assertThat(first).extracting(AlertRecord::id).containsExactly("a3", "a2");
                // An update keeps the alert's place: the next page continues after a2 all the same.
                store.write(List.of(), List.of(alert("a2", 2, "10.0.0.2", "ksn", "transferred", BAN + DAY)), 1_001);
                assertThat(alerts(
                                store,
                                all.withLimit(2).withBefore(first.getLast().seq())))
                        .extracting(AlertRecord::id)
                        .containsExactly("a1");
            }
        }

        @Test
        void retentionDeletesOldAlerts() throws Exception {
            try (EventStore store = open()) {
                store.write(List.of(), List.of(alert("old", 1, "10.0.0.1", "update", "unknown", BAN)), 1_000);
                store.write(List.of(), List.of(alert("new", 1, "10.0.0.2", "update", "unknown", BAN)), 5_000);
                store.deleteStoredBefore(2_000);
                assertThat(alerts(store, EventFilter.all()))
                        .extracting(AlertRecord::id)
                        .containsExactly("new");
            }
        }

        @Test
        void aBatchHoldingSeveralRevisionsOfOneAlertKeepsTheLatest() throws Exception {
            try (EventStore store = open()) {
                store.write(
                        List.of(),
                        List.of(
                                alert("a1", 1, "10.0.0.1", "update", "unknown", BAN),
                                alert("a1", 3, "10.0.0.1", "update", "transferred", BAN),
                                alert("a1", 2, "10.0.0.1", "update", "connected", BAN)),
                        1_000);
                assertThat(alerts(store, EventFilter.all()))
                        .singleElement()
                        .extracting(AlertRecord::revision)
                        .isEqualTo(3);
            }
        }
    }

    /** The compliance report's queries (aggregates, window functions, distinct lists) give the same answers. */
    @Nested
    class Report {

        @Test
        void everyReportQueryAnswersForThePeriod() throws Exception {
            StoredEvent before =
                    contact("10.0.0.1", "dnl-01.geo.kaspersky.com", Category.UPDATE, "new_business_banned", BAN - DAY);
            StoredEvent after = contact("10.0.0.1", "ksn.kaspersky-labs.com", Category.KSN, "updates_banned", BAN);
            StoredEvent other = withObserver(
                    contact("10.0.0.2", "dnl-02.geo.kaspersky.com", Category.UPDATE, "updates_banned", BAN + DAY),
                    "sensor-2");
            try (EventStore store = open()) {
                store.write(
                        List.of(
                                before,
                                after,
                                other,
                                withObserver(outcome(other, Outcome.TRANSFERRED, BAN + DAY + 5), "sensor-2")),
                        1_000);
                long hour = 3_600_000_000_000L;
                ReportQueries.read(store, q -> {
                    ReportQueries.Span span = q.span(null, null);
                    assertThat(span.firstNanos()).isEqualTo(BAN - DAY);
                    assertThat(span.lastNanos()).isEqualTo(BAN + DAY); // microseconds in the store
                    assertThat(span.events()).isEqualTo(4);
                    assertThat(q.span(BAN + 10 * DAY, null)).isNull();
                    assertThat(q.observers(null, null))
                            .extracting(ReportQueries.ObserverRow::observer, ReportQueries.ObserverRow::events)
                            .containsExactly(
                                    org.assertj.core.groups.Tuple.tuple("sensor-1", 2L),
                                    org.assertj.core.groups.Tuple.tuple("sensor-2", 2L));
                    assertThat(q.contactsPerBucket(BAN - DAY, BAN + 2 * DAY, DAY))
                            .extracting(ReportQueries.BucketCount::category, ReportQueries.BucketCount::contacts)
                            .containsExactly(
                                    org.assertj.core.groups.Tuple.tuple("update", 1L),
                                    org.assertj.core.groups.Tuple.tuple("ksn", 1L),
                                    org.assertj.core.groups.Tuple.tuple("update", 1L));
                    List<ReportQueries.HostContacts> hosts = q.hosts(null, null, 10);
                    assertThat(hosts)
                            .extracting(ReportQueries.HostContacts::host)
                            .containsExactly("10.0.0.2", "10.0.0.1");
                    assertThat(hosts.get(1).contacts()).isEqualTo(2);
                    assertThat(hosts.get(1).contactsAfterBan()).isEqualTo(1);
                    assertThat(hosts.get(1).categories()).containsExactlyInAnyOrder("ksn", "update");
                    assertThat(hosts.get(1).severities()).containsExactlyInAnyOrder("critical", "medium");
                    assertThat(q.hostCount(null, null)).isEqualTo(2);
                    assertThat(q.hostCount(BAN, BAN + hour)).isEqualTo(1);
                    assertThat(q.hostOutcomes(null, null))
                            .singleElement()
                            .extracting(ReportQueries.HostOutcome::host, ReportQueries.HostOutcome::count)
                            .containsExactly("10.0.0.2", 1L);
                    assertThat(q.transfers(null, null, "kaspersky", List.of(), 10))
                            .singleElement()
                            .extracting(ReportQueries.Transfer::observer, ReportQueries.Transfer::destinationBytes)
                            .containsExactly("sensor-2", 5_000_000L);
                    assertThat(q.transfers(null, null, "kaspersky", List.of("update"), 10))
                            .isEmpty();
                    assertThat(q.transferCount(null, null, "kaspersky", List.of()))
                            .isEqualTo(1);
                    ReportQueries.Span quiet = q.longestQuiet(null, null);
                    assertThat(quiet.firstNanos()).isEqualTo(BAN - DAY);
                    assertThat(quiet.lastNanos()).isEqualTo(BAN);
                    return null;
                });
            }
        }
    }
}
