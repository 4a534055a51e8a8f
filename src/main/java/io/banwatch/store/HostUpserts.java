package io.banwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Writes a batch's host inventory rows into the {@code hosts} table, merged with the rows stored before. */
final class HostUpserts {

    // The inventory rows this store wrote or read last, so a batch merges without reading each host back: only when
    // the store has no other writer (SQLite). Bounded (least recently used out) for sites with very many hosts.
    // Evictions are counted: banwatch_store_lookup_evictions_total{table="hosts"}.
    static final int INVENTORY_CACHE_ENTRIES = 100_000;

    private final StoreDialect dialect;
    private final int capacity;
    private final LongAdder evictions = new LongAdder(); // written by the store's thread, read by the scrape's
    private final Map<String, HostRecord> remembered = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HostRecord> eldest) {
            if (size() <= capacity) {
                return false;
            }
            evictions.increment();
            return true;
        }
    };

    HostUpserts(StoreDialect dialect) {
        this(dialect, INVENTORY_CACHE_ENTRIES);
    }

    /** @param capacity the inventory rows remembered at most ({@link #INVENTORY_CACHE_ENTRIES} but in tests) */
    HostUpserts(StoreDialect dialect, int capacity) {
        this.dialect = dialect;
        this.capacity = capacity;
    }

    /** Rows dropped from the full cache of remembered rows; each is read back from the database when next written. */
    long evictions() {
        return evictions.sum();
    }

    /** Forgets the rows remembered: after a batch that was not committed, or rows deleted by retention. */
    void forget() {
        remembered.clear();
    }

    /**
     * Merges the batch's inventory rows into the stored ones. The merge is {@link HostInventory#merge}, in Java, for
     * both databases: each row is read (locked on PostgreSQL, where other sensors write the same rows), merged and
     * written back; a row no one has yet is inserted, and if another sensor inserted it first the insert does
     * nothing and the row is merged as above. Rows go in key order so that two sensors lock in the same order and
     * never deadlock.
     */
    void upsert(Connection connection, List<HostRecord> rows, long updatedAt) throws SQLException {
        rows.sort(java.util.Comparator.comparing(HostRecord::vendor).thenComparing(HostRecord::host));
        try (PreparedStatement select = connection.prepareStatement("SELECT " + StoreQueries.HOST_COLUMNS
                        + " FROM hosts WHERE vendor = ? AND host = ?" + dialect.lockRow());
                PreparedStatement insert = connection.prepareStatement("INSERT INTO hosts (observer, first_seen, "
                        + "last_seen, contacts, contacts_after_ban, categories, names, worst_severity, worst_outcome, "
                        + "first_phase, updated_at, vendor, host, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + dialect.nextHostSeq() + ") ON CONFLICT (vendor, host) DO NOTHING");
                PreparedStatement update = connection.prepareStatement("UPDATE hosts SET observer = ?, first_seen = ?, "
                        + "last_seen = ?, contacts = ?, contacts_after_ban = ?, categories = ?, names = ?, "
                        + "worst_severity = ?, worst_outcome = ?, first_phase = ?, updated_at = ? "
                        + "WHERE vendor = ? AND host = ?")) {
            for (HostRecord batchRow : rows) {
                String key = HostInventory.key(batchRow.vendor(), batchRow.host());
                HostRecord known = dialect.soleWriter() ? remembered.get(key) : null;
                if (known == null) {
                    known = selectHost(select, batchRow);
                }
                if (known == null) {
                    if (HostInventory.outcomesOnly(batchRow)) {
                        continue; // its contact is no longer in the inventory (deleted by retention)
                    }
                    if (bindHost(insert, batchRow, updatedAt).executeUpdate() == 1) {
                        remember(key, batchRow);
                        continue;
                    }
                    known = selectHost(select, batchRow); // another sensor inserted it since the select
                    if (known == null) {
                        throw new SQLException("the inventory row of " + batchRow.host() + " was neither inserted "
                                + "nor found; it is written again with the next batch");
                    }
                }
                HostRecord merged = HostInventory.merge(known, batchRow);
                bindHost(update, merged, updatedAt).executeUpdate();
                remember(key, merged);
            }
        }
    }

    private void remember(String key, HostRecord row) {
        if (dialect.soleWriter()) {
            remembered.put(key, row);
        }
    }

    private static HostRecord selectHost(PreparedStatement select, HostRecord row) throws SQLException {
        select.setString(1, row.vendor());
        select.setString(2, row.host());
        try (ResultSet existing = select.executeQuery()) {
            return existing.next() ? StoreQueries.hostRecord(existing) : null;
        }
    }

    /** Binds a row to the insert or the update, whose parameters come in the same order. */
    private static PreparedStatement bindHost(PreparedStatement statement, HostRecord row, long updatedAt)
            throws SQLException {
        int i = 1;
        statement.setString(i++, row.observer());
        statement.setLong(i++, row.firstSeenNanos() / 1_000);
        statement.setLong(i++, row.lastSeenNanos() / 1_000);
        statement.setLong(i++, row.contacts());
        statement.setLong(i++, row.contactsAfterBan());
        statement.setString(i++, String.join(",", row.categories()));
        statement.setString(i++, String.join(",", row.names()));
        statement.setString(i++, row.worstSeverity());
        statement.setString(i++, row.worstOutcome());
        statement.setString(i++, row.firstPhase());
        statement.setLong(i++, updatedAt);
        statement.setString(i++, row.vendor());
        statement.setString(i, row.host());
        return statement;
    }
}
