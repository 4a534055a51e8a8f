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
     * Numbers per row that {@link #lookUp} writes, in the order of the events table's columns: the sensor, host,
     * vendor, category, rule, phase, severity, protocol, name, source address, destination address, outcome and
     * outcome reason.
     */
    static final int COLUMNS = 13;

    static final int HOST = 1;
    static final int NAME = 8;
    static final int SOURCE_IP = 9;
    static final int DESTINATION_IP = 10;
    static final int OUTCOME = 11;
    static final int OUTCOME_REASON = 12;

    private long misses; // values lookUp did not find remembered, ever
    private final Numbers rememberedOnly = this::remembered;

    /**
     * Writes the numbers of a row's terms and name into {@code ids} from {@code at}, in the order of {@link #COLUMNS}
     * (null for a missing value), as far as they are remembered; the others are noted for {@link #resolveMissing}.
     * One look-up per value: a row's host, name and addresses are new strings, hashed here once (the batch's host
     * inventory then reuses the hashes).
     *
     * @return false when a number was not remembered: the row is looked up again after {@link #resolveMissing}
     */
    boolean lookUp(StoredEvent e, Long[] ids, int at) throws SQLException {
        long missesBefore = misses;
        fill(e, ids, at, rememberedOnly);
        return misses == missesBefore;
    }

    /**
     * As {@link #lookUp(StoredEvent, Long[], int)}, reading from the database what is not remembered: for a row that
     * missed, after {@link #resolveMissing} (a number may have been forgotten since, if the batch held more terms than
     * are remembered).
     */
    void lookUp(Connection connection, StoredEvent e, Long[] ids, int at) throws SQLException {
        fill(e, ids, at, (table, value) -> table.id(connection, value));
    }

    /**
     * Reads or gives the numbers of the terms and names {@link #lookUp} did not know, new ones in sorted order: on
     * PostgreSQL a new term stays locked until its transaction commits, so two sensors giving the same new terms in
     * different orders would deadlock; in one order, the second waits for the first (the inventory's rows follow,
     * also in key order).
     */
    void resolveMissing(Connection connection) throws SQLException {
        terms.giveUnknown(connection);
        names.giveUnknown(connection);
    }

    private Long remembered(Table table, String value) {
        if (value == null) {
            return null;
        }
        Long id = table.ids.get(value);
        if (id == null) {
            table.unknown.add(value);
            misses++;
        }
        return id;
    }

    @FunctionalInterface
    private interface Numbers {
        Long of(Table table, String value) throws SQLException;
    }

    private void fill(StoredEvent e, Long[] ids, int at, Numbers numbers) throws SQLException {
        ids[at] = numbers.of(terms, e.observer());
        ids[at + 1] = numbers.of(terms, e.host());
        ids[at + 2] = numbers.of(terms, e.vendor());
        ids[at + 3] = numbers.of(terms, e.category());
        ids[at + 4] = numbers.of(terms, e.rule());
        ids[at + 5] = numbers.of(terms, e.phase());
        ids[at + 6] = numbers.of(terms, e.severity());
        ids[at + 7] = numbers.of(terms, e.protocol());
        ids[at + NAME] = numbers.of(names, e.name());
        ids[at + SOURCE_IP] = numbers.of(terms, e.sourceIp());
        ids[at + DESTINATION_IP] = numbers.of(terms, e.destinationIp());
        ids[at + OUTCOME] = numbers.of(terms, e.outcome());
        ids[at + OUTCOME_REASON] = numbers.of(terms, e.outcomeReason());
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
        // Values met that were not remembered, in sorted order; giveUnknown reads or gives their numbers.
        private final TreeSet<String> unknown = new TreeSet<>();
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

        void giveUnknown(Connection connection) throws SQLException {
            try {
                for (String value : unknown) {
                    id(connection, value);
                }
            } finally {
                unknown.clear();
            }
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
            unknown.clear();
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
