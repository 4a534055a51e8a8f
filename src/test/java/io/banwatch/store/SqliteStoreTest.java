package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.decode.Endpoint;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store on real files: writes, the host inventory, queries, restarts, retention and migrations. */
class SqliteStoreTest {

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

    static Severity severity(Category category, String phase) {
        if (category == Category.THREAT_INTEL) {
            return Severity.INFO;
        }
        return "updates_banned".equals(phase) ? Severity.CRITICAL : Severity.MEDIUM;
    }

    static long count(SqliteStore store) throws Exception {
        Long count = store.read(StoreQueries::eventCount);
        return count;
    }

    static List<EventRecord> allEvents(SqliteStore store) throws Exception {
        List<EventRecord> rows = store.read(q -> q.events(EventFilter.all()));
        return rows;
    }

    static List<HostRecord> allHosts(SqliteStore store) throws Exception {
        return hosts(store, EventFilter.all());
    }

    static List<HostRecord> hosts(SqliteStore store, EventFilter filter) throws Exception {
        List<HostRecord> rows = store.read(q -> q.hosts(filter));
        return rows;
    }

    SqliteStore open() {
        return SqliteStore.open(dir.resolve("data/banwatch.db"));
    }

    @Nested
    class Writing {

        @Test
        void eventsAreReadBackNewestFirstWithTheirJson() throws Exception {
            try (SqliteStore store = open()) {
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
            try (SqliteStore store = open()) {
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
            try (SqliteStore store = open()) {
                store.write(
                        List.of(contact("10.0.0.1", "a.kaspersky.com", Category.UPDATE, "updates_banned", BAN)), 1_000);
            }
            try (SqliteStore store = open()) {
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
            try (SqliteStore store = open()) {
                store.write(
                        List.of(contact("10.0.0.1", "a.kaspersky.com", Category.UPDATE, "updates_banned", BAN)), 1_000);
                store.write(
                        List.of(contact("10.0.0.2", "a.kaspersky.com", Category.UPDATE, "updates_banned", BAN)), 5_000);
                assertThat(store.deleteStoredBefore(2_000)).isEqualTo(1);
                assertThat(allEvents(store)).extracting(EventRecord::host).containsExactly("10.0.0.2");
                assertThat(allHosts(store)).extracting(HostRecord::host).containsExactly("10.0.0.2");
            }
        }
    }

    @Nested
    class Queries {

        List<EventRecord> events(SqliteStore store, EventFilter filter) throws Exception {
            return store.read(q -> q.events(filter));
        }

        SqliteStore filled() throws Exception {
            SqliteStore store = open();
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
        void aNameSuffixMatchesWholeLabelsOnly() throws Exception {
            try (SqliteStore store = filled()) {
                EventFilter byName =
                        new EventFilter(null, null, null, null, null, null, null, null, "kaspersky.com", 0, 100);
                assertThat(events(store, byName)).extracting(EventRecord::host).containsExactly("10.0.0.2", "10.0.0.1");
            }
        }

        @Test
        void filtersCombineAndTimeRangesAreHalfOpen() throws Exception {
            try (SqliteStore store = filled()) {
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
            try (SqliteStore store = filled()) {
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
            try (SqliteStore store = open()) {
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
    class Schema {

        @Test
        void aNewFileGetsTheCurrentVersionAndAnOldOneIsMigrated() throws Exception {
            Path file = dir.resolve("old.db");
            try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                // A store of schema version 0: the version table alone, as left by an interrupted first start.
                try (Statement s = raw.createStatement()) {
                    s.execute("CREATE TABLE banwatch_schema (version INTEGER NOT NULL)");
                }
            }
            try (SqliteStore store = SqliteStore.open(file)) {
                assertThat(Migrations.version(store.connection())).isEqualTo(Migrations.currentVersion());
            }
            try (SqliteStore again = SqliteStore.open(file)) {
                assertThat(Migrations.version(again.connection())).isEqualTo(Migrations.currentVersion());
            }
        }

        @Test
        void aStoreFromANewerBanwatchIsRefusedUntouched() throws Exception {
            Path file = dir.resolve("newer.db");
            try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement s = raw.createStatement()) {
                s.execute("CREATE TABLE banwatch_schema (version INTEGER NOT NULL)");
                s.execute("INSERT INTO banwatch_schema VALUES (99)");
            }
            assertThatThrownBy(() -> SqliteStore.open(file))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("schema version 99, newer than this banwatch knows");
        }

        @Test
        void aFileThatIsNoDatabaseIsSaidPlainly() throws Exception {
            Path file = Files.writeString(dir.resolve("notes.db"), "x".repeat(4096));
            assertThatThrownBy(() -> SqliteStore.open(file))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("store.path: cannot open " + file + " as the event store: the file is not an SQLite "
                            + "database");
        }

        @Test
        void walModeIsOn() throws Exception {
            try (SqliteStore store = open();
                    Statement s = store.connection().createStatement();
                    ResultSet mode = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(mode.next()).isTrue();
                assertThat(mode.getString(1)).isEqualTo("wal");
            }
        }
    }
}
