package io.banwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Writes alert notifications: one row per alert id, the latest revision wins. */
final class AlertRows {

    // An upsert keeps the row (and its seq, the listing cursor) and replaces its fields only with a newer revision,
    // so notifications written out of order never go back (https://www.sqlite.org/lang_upsert.html).
    private static final String UPSERT = "INSERT INTO alerts (id, revision, vendor, host, category, severity, phase, "
            + "protocol, names, first_seen, last_seen, count, outcome, reason, observer, stored_at, json) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, severity = excluded.severity, "
            + "protocol = excluded.protocol, names = excluded.names, first_seen = excluded.first_seen, "
            + "last_seen = excluded.last_seen, count = excluded.count, outcome = excluded.outcome, "
            + "reason = excluded.reason, observer = excluded.observer, stored_at = excluded.stored_at, "
            + "json = excluded.json WHERE excluded.revision > alerts.revision";

    private AlertRows() {}

    static void upsert(Connection connection, List<StoredAlert> alerts, long storedAt) throws SQLException {
        // One row per alert id in a batch: PostgreSQL sends the batch as multi-row INSERTs, and one INSERT may not
        // update the same row twice ("ON CONFLICT DO UPDATE command cannot affect row a second time").
        java.util.Map<String, StoredAlert> latest = new java.util.LinkedHashMap<>();
        for (StoredAlert a : alerts) {
            latest.merge(a.id(), a, (x, y) -> y.revision() > x.revision() ? y : x);
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            for (StoredAlert a : latest.values()) {
                int i = 1;
                upsert.setString(i++, a.id());
                upsert.setInt(i++, a.revision());
                upsert.setString(i++, a.vendor());
                upsert.setString(i++, a.host());
                upsert.setString(i++, a.category());
                upsert.setString(i++, a.severity());
                upsert.setString(i++, a.phase());
                upsert.setString(i++, a.protocol());
                upsert.setString(i++, a.names());
                upsert.setLong(i++, a.firstSeenNanos() / 1_000);
                upsert.setLong(i++, a.lastSeenNanos() / 1_000);
                upsert.setLong(i++, a.count());
                upsert.setString(i++, a.outcome());
                upsert.setString(i++, a.reason());
                upsert.setString(i++, a.observer());
                upsert.setLong(i++, storedAt);
                upsert.setString(i, a.json());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }
}
