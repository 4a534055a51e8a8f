package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts in the store: latest revision wins, filters, cursor pages, retention. */
class AlertStoreTest {

    static final long BAN = StoreContractTest.BAN;
    static final long DAY = StoreContractTest.DAY;

    @TempDir
    Path dir;

    static StoredAlert alert(String id, int revision, String host, String category, String outcome, long firstSeen) {
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
        try (EventStore store = EventStore.open(dir.resolve("b.db"))) {
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
        try (EventStore store = EventStore.open(dir.resolve("b.db"))) {
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
                            store, new EventFilter(null, null, "10.0.0.1", null, null, null, null, null, null, 0, 10)))
                    .extracting(AlertRecord::id)
                    .containsExactly("a3", "a1");
            assertThat(alerts(
                            store, new EventFilter(null, null, null, null, "ksn", null, null, "blocked", null, 0, 10)))
                    .extracting(AlertRecord::id)
                    .containsExactly("a2");
            assertThat(alerts(
                            store,
                            new EventFilter(BAN + DAY, BAN + 2 * DAY, null, null, null, null, null, null, null, 0, 10)))
                    .extracting(AlertRecord::id)
                    .containsExactly("a2");
            assertThat(alerts(
                            store,
                            new EventFilter(null, null, null, null, null, null, null, null, "kaspersky.com", 0, 10)))
                    .hasSize(3);
            assertThat(alerts(
                            store,
                            new EventFilter(null, null, null, null, null, null, null, null, "spersky.com", 0, 10)))
                    .isEmpty();
            assertThat(alerts(store, new EventFilter(null, null, null, null, null, null, "quic", null, null, 0, 10)))
                    .isEmpty();

            List<AlertRecord> first = alerts(store, all.withLimit(2));
            assertThat(first).extracting(AlertRecord::id).containsExactly("a3", "a2");
            // An update keeps the alert's place: the next page continues after a2 all the same.
            store.write(List.of(), List.of(alert("a2", 2, "10.0.0.2", "ksn", "transferred", BAN + DAY)), 1_001);
            assertThat(alerts(store, all.withLimit(2).withBefore(first.getLast().seq())))
                    .extracting(AlertRecord::id)
                    .containsExactly("a1");
        }
    }

    @Test
    void retentionDeletesOldAlerts() throws Exception {
        try (EventStore store = EventStore.open(dir.resolve("b.db"))) {
            store.write(List.of(), List.of(alert("old", 1, "10.0.0.1", "update", "unknown", BAN)), 1_000);
            store.write(List.of(), List.of(alert("new", 1, "10.0.0.2", "update", "unknown", BAN)), 5_000);
            store.deleteStoredBefore(2_000);
            assertThat(alerts(store, EventFilter.all()))
                    .extracting(AlertRecord::id)
                    .containsExactly("new");
        }
    }
}
