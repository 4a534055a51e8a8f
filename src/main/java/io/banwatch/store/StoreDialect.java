package io.banwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * What differs between the two databases the store runs on: SQLite (one file, one writer: this sensor) and
 * PostgreSQL (one database, many sensors writing at once). Everything else, the tables, the queries and the order
 * of writes, is the same SQL. No fragment here is built from input.
 */
enum StoreDialect {

    /** The embedded file. */
    SQLITE("sqlite") {
        @Override
        void lockSchema(Connection connection) {
            // One writer per file: SQLite's own write lock serialises a second process's migration.
        }

        @Override
        String nextHostSeq() {
            // Within the writer's transaction, so no other row can take the same number.
            return "(SELECT coalesce(max(seq), 0) + 1 FROM hosts)";
        }

        @Override
        String lockRow() {
            return "";
        }

        @Override
        String shareRow() {
            return "";
        }

        @Override
        String distinctList(String column) {
            return "group_concat(DISTINCT " + column + ")";
        }

        @Override
        boolean soleWriter() {
            return true;
        }

        @Override
        void reserveEventIds(Connection connection, long[] ids, int count) throws SQLException {
            // Inside the writer's transaction, which holds the file's write lock: the next ids are free.
            long last;
            try (Statement statement = connection.createStatement();
                    ResultSet max = statement.executeQuery("SELECT coalesce(max(id), 0) FROM events")) {
                max.next();
                last = max.getLong(1);
            }
            for (int i = 0; i < count; i++) {
                ids[i] = last + 1 + i;
            }
        }
    },

    /** The central database of a fleet of sensors. */
    POSTGRESQL("postgresql") {
        // Any fixed number: every banwatch that migrates the same database takes the same lock.
        private static final long MIGRATION_LOCK = 0x62616e7761746368L; // "banwatch"

        @Override
        void lockSchema(Connection connection) throws SQLException {
            // Two sensors started at once against a new database would both create the tables; the second waits
            // here until the first committed, then finds the schema current
            // (https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS).
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            }
        }

        @Override
        String nextHostSeq() {
            return "DEFAULT"; // the identity column's sequence
        }

        @Override
        String lockRow() {
            // Other sensors update the same inventory row; the lock holds theirs until this batch commits, so no
            // merge is lost (https://www.postgresql.org/docs/15/sql-select.html#SQL-FOR-UPDATE-SHARE).
            return " FOR UPDATE";
        }

        @Override
        String shareRow() {
            // Many sensors' batches hold it at once; a prune's update waits for all of them
            // (https://www.postgresql.org/docs/15/explicit-locking.html#LOCKING-ROWS).
            return " FOR SHARE";
        }

        @Override
        String distinctList(String column) {
            return "string_agg(DISTINCT " + column + ", ',')";
        }

        @Override
        boolean soleWriter() {
            return false;
        }

        @Override
        void reserveEventIds(Connection connection, long[] ids, int count) throws SQLException {
            // From the identity column's sequence, which other sensors draw from at once: ascending, not contiguous.
            try (PreparedStatement next = connection.prepareStatement(
                    "SELECT nextval(pg_get_serial_sequence('events', 'id')) FROM generate_series(1, ?)")) {
                next.setInt(1, count);
                try (ResultSet values = next.executeQuery()) {
                    int i = 0;
                    while (values.next() && i < count) {
                        ids[i++] = values.getLong(1);
                    }
                    if (i < count) {
                        throw new SQLException("the events' sequence gave " + i + " ids for " + count + " events");
                    }
                }
            }
            Arrays.sort(ids, 0, count);
        }
    };

    private final String scripts;

    StoreDialect(String scripts) {
        this.scripts = scripts;
    }

    /** The resource folder of this dialect's migration scripts. */
    String scripts() {
        return scripts;
    }

    /** Makes a migration wait for any other process migrating the same store, inside the migration's transaction. */
    abstract void lockSchema(Connection connection) throws SQLException;

    /** The value of a new inventory row's {@code seq}, the hosts listing's cursor. */
    abstract String nextHostSeq();

    /** What follows a SELECT of an inventory row that this transaction will update. */
    abstract String lockRow();

    /** What follows a SELECT of a row that other transactions may read at once but not change until this commits. */
    abstract String shareRow();

    /** The comma-separated distinct values of a column in a GROUP BY. */
    abstract String distinctList(String column);

    /** True when no other process writes the store, so inventory rows read once can be kept in memory. */
    abstract boolean soleWriter();

    /**
     * Fills {@code ids[0..count)} with ascending event ids no other row has or will be given, inside the writer's
     * transaction: the writer names each row's id, so that it knows which ids each host and name got (postings).
     */
    abstract void reserveEventIds(Connection connection, long[] ids, int count) throws SQLException;
}
