package io.banwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * The numbers of the terms (labels, hosts, addresses, sensor names) and names an event row refers to (schema version
 * 4): read or given once, then remembered, so a batch of events binds integers instead of text. A number, once
 * committed, never changes; retention deletes names no event refers to any more (schema version 5), and then raises
 * the lookup epoch, which every batch reads first: a writer that sees it changed forgets its numbers, so the memory
 * stays right while other sensors write and prune the same database. After a failed transaction the numbers are
 * forgotten too, since numbers given inside it were rolled back.
 */
final class Terms {

    // Numbers remembered per table: every label and name a site sees, and its hosts, many times over (200,000
    // entries are about 30 MiB of heap); beyond it the least recently used is dropped and counted, and read again
    // from the database when next seen, never lost.
    static final int CACHE_ENTRIES = 200_000;

    private final Table terms;
    private final Table names;

    Terms() {
        this(CACHE_ENTRIES);
    }

    /** @param cacheEntries numbers remembered per table (tests make it small to see evictions) */
    Terms(int cacheEntries) {
        terms = new Table("terms", "term", false, cacheEntries);
        names = new Table("names", "name", true, cacheEntries);
    }

    /** Entries of the terms cache dropped because it was full (banwatch_store_lookup_evictions_total). */
    long termEvictions() {
        return terms.evictions.sum();
    }

    /** Entries of the names cache dropped because it was full. */
    long nameEvictions() {
        return names.evictions.sum();
    }

    /**
     * Reads or gives the numbers of every term and name of a batch, new ones in sorted order: on PostgreSQL a new
     * term stays locked until its transaction commits, so two sensors giving the same new terms in different orders
     * would deadlock; in one order, the second waits for the first (the inventory's rows follow, also in key order).
     */
    void resolve(Connection connection, EventBatch batch) throws SQLException {
        TreeSet<String> newTerms = new TreeSet<>();
        TreeSet<String> newNames = new TreeSet<>();
        for (int row = 0, rows = batch.size(); row < rows; row++) {
            StoredEvent e = batch.withoutDetail(row);
            collect(e.observer(), newTerms);
            collect(e.host(), newTerms);
            collect(e.vendor(), newTerms);
            collect(e.category(), newTerms);
            collect(e.rule(), newTerms);
            collect(e.phase(), newTerms);
            collect(e.severity(), newTerms);
            collect(e.protocol(), newTerms);
            collect(e.sourceIp(), newTerms);
            collect(e.destinationIp(), newTerms);
            collect(e.outcome(), newTerms);
            collect(e.outcomeReason(), newTerms);
            if (e.name() != null && !names.ids.containsKey(e.name())) {
                newNames.add(e.name());
            }
        }
        for (String term : newTerms) {
            terms.id(connection, term);
        }
        for (String name : newNames) {
            names.id(connection, name);
        }
    }

    private void collect(String term, TreeSet<String> newTerms) {
        if (term != null && !terms.ids.containsKey(term)) {
            newTerms.add(term);
        }
    }

    /** The number of a term, given now if new; null for null. */
    Long term(Connection connection, String term) throws SQLException {
        return terms.id(connection, term);
    }

    /** The number of a name, given now (with its reversed form) if new; null for null. */
    Long name(Connection connection, String name) throws SQLException {
        return names.id(connection, name);
    }

    // The lookup epoch (schema version 5) these numbers were read under; -1 before the first batch.
    private long epoch = -1;

    /**
     * Reads the lookup epoch at the start of a batch's transaction, holding it (PostgreSQL: FOR SHARE) so that no
     * prune deletes a name until this batch commits; when a prune raised it since the last batch, forgets every
     * number, since names may have been deleted (and, on SQLite, their numbers given again).
     */
    void checkEpoch(Connection connection, StoreDialect dialect) throws SQLException {
        try (PreparedStatement select =
                        connection.prepareStatement("SELECT epoch FROM lookup_epoch" + dialect.shareRow());
                ResultSet row = select.executeQuery()) {
            long now = row.next() ? row.getLong(1) : 0;
            if (now != epoch) {
                forget();
                epoch = now;
            }
        }
    }

    /** Forgets every number (the transaction that may have given some was rolled back). */
    void forget() {
        terms.forget();
        names.forget();
        epoch = -1;
    }

    /** Closes the statements of this connection (it is being replaced or closed). */
    void close() {
        terms.close();
        names.close();
    }

    /** One lookup table with its cache and statements. */
    private static final class Table {
        private final String insertSql;
        private final String selectSql;
        private final boolean reversed;
        private final int capacity;
        private Connection preparedFor;
        private PreparedStatement insert;
        private PreparedStatement select;
        // Written by the store's thread, read by a metrics scrape.
        private final LongAdder evictions = new LongAdder();
        private final Map<String, Long> ids = new LinkedHashMap<>(1_024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                if (size() > capacity) {
                    evictions.increment();
                    return true;
                }
                return false;
            }
        };

        Table(String table, String column, boolean reversed, int capacity) {
            this.reversed = reversed;
            this.capacity = capacity;
            // Another sensor may give the same term at the same moment: the insert then does nothing and the select
            // reads that sensor's number (PostgreSQL waits for its transaction first).
            this.insertSql = "INSERT INTO " + table + " (" + column + (reversed ? ", rname" : "") + ") VALUES (?"
                    + (reversed ? ", ?" : "") + ") ON CONFLICT (" + column + ") DO NOTHING";
            this.selectSql = "SELECT id FROM " + table + " WHERE " + column + " = ?";
        }

        Long id(Connection connection, String value) throws SQLException {
            if (value == null) {
                return null;
            }
            Long id = ids.get(value);
            if (id != null) {
                return id;
            }
            prepare(connection);
            id = select(value);
            if (id == null) {
                insert.setString(1, value);
                if (reversed) {
                    insert.setString(2, EventStore.reversed(value));
                }
                insert.executeUpdate();
                id = select(value);
                if (id == null) {
                    throw new SQLException("the term " + value + " was neither stored nor found");
                }
            }
            ids.put(value, id);
            return id;
        }

        private Long select(String value) throws SQLException {
            select.setString(1, value);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        }

        private void prepare(Connection connection) throws SQLException {
            if (preparedFor != connection) {
                close();
                insert = connection.prepareStatement(insertSql);
                select = connection.prepareStatement(selectSql);
                preparedFor = connection;
            }
        }

        void forget() {
            ids.clear();
        }

        void close() {
            for (PreparedStatement statement : new PreparedStatement[] {insert, select}) {
                if (statement != null) {
                    try {
                        statement.close();
                    } catch (SQLException e) {
                        // closing: nothing more to do
                    }
                }
            }
            insert = null;
            select = null;
            preparedFor = null;
        }
    }
}
