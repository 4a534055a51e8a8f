package io.banwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Inserts a batch's events and their postings: each row's terms and names numbered ({@link Terms}), its id reserved
 * ({@link StoreDialect#reserveEventIds}), its values bound into the prepared insert and run {@link #ROWS_PER_RUN} rows
 * at a time.
 */
final class EventInserts {

    // Rows the driver is given before it runs them. It keeps each row's values (boxed, in its own array) until then:
    // all of a 32,768-event batch's took long enough to bind and run that the collector moved them to the old
    // generation, which then grew to the heap's bound on a long replay. 1,024 rows are bound and run within
    // milliseconds, at the same cost per row (bench/store.sh). Running one row at a time cost a fifth more, and
    // inserts of many rows each (64 rows of 19 values) a quarter more.
    static final int ROWS_PER_RUN = 1_024;

    // The inserts of events and of their postings, prepared once per connection: a batch binds and runs them.
    private PreparedStatement insert;
    private PreparedStatement insertHostPostings;
    private PreparedStatement insertNamePostings;
    private Connection insertPreparedFor;
    // A batch's numbers, Terms.COLUMNS per row, and the rows whose numbers were not all remembered: reused, grown to
    // the largest batch written (Terms.COLUMNS references a row).
    private Long[] ids = new Long[0];
    // A batch's event ids and each row's host and name numbers (0 for none), for the postings: reused likewise.
    private long[] eventIds = new long[0];
    private long[] hostNumbers = new long[0];
    private long[] nameNumbers = new long[0];
    private int[] missedRows = new int[0];

    private final StoreDialect dialect;
    private final Terms terms;

    EventInserts(StoreDialect dialect, Terms terms) {
        this.dialect = dialect;
        this.terms = terms;
    }

    /** Inserts the batch's rows, folding each into {@code batchInventory} as it goes. */
    void insert(Connection connection, EventBatch batch, HostInventory batchInventory, long storedAt)
            throws SQLException {
        if (insertPreparedFor != connection) {
            close();
            insert = connection.prepareStatement("INSERT INTO events (id, ts, stored_at, observer_id, host_id, "
                    + "vendor_id, category_id, rule_id, phase_id, severity_id, protocol_id, name_id, src_ip_id, "
                    + "src_port, dst_ip_id, dst_port, outcome_id, outcome_reason_id, dst_bytes, json) VALUES (?, ?, ?, "
                    + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            insertHostPostings = connection.prepareStatement(
                    "INSERT INTO host_postings (chunk, host_id, first_id, ids) VALUES (?, ?, ?, ?)");
            insertNamePostings = connection.prepareStatement(
                    "INSERT INTO name_postings (chunk, name_id, first_id, ids) VALUES (?, ?, ?, ?)");
            insertPreparedFor = connection;
        }
        PreparedStatement insert = this.insert;
        int rows = batch.size();
        if (ids.length < rows * Terms.COLUMNS) {
            ids = new Long[rows * Terms.COLUMNS];
            eventIds = new long[rows];
            hostNumbers = new long[rows];
            nameNumbers = new long[rows];
        }
        number(connection, batch, batchInventory);
        dialect.reserveEventIds(connection, eventIds, rows);
        Long storedAtValue = storedAt; // one object for the batch: the driver keeps each row's values until it runs
        // The loops of a batch do no more than call a method per row: they run a few times per replay, too few for the
        // JIT to compile them, so what they do themselves runs in the interpreter (in a profile of the tap capture's
        // replay, 7% of the writer's CPU was these loops interpreted), while a method called per row is soon compiled.
        // executeLargeBatch: SQLite's driver gives executeBatch's counts as ints by a stream over the long ones.
        for (int row = 0; row < rows; row++) {
            addRow(insert, batch, row, storedAtValue);
            if ((row + 1) % ROWS_PER_RUN == 0) {
                insert.executeLargeBatch();
            }
        }
        Arrays.fill(ids, 0, rows * Terms.COLUMNS, null);
        if (rows % ROWS_PER_RUN != 0) {
            insert.executeLargeBatch();
        }
        EventPostings.insert(insertHostPostings, EventPostings.rows(eventIds, hostNumbers, rows));
        EventPostings.insert(insertNamePostings, EventPostings.rows(eventIds, nameNumbers, rows));
    }

    /**
     * Writes each row's numbers into {@link #ids}, each row read once from memory (the inventory folds the row
     * meanwhile); rows with a term or name not remembered are looked up again once the new ones have numbers.
     */
    private void number(Connection connection, EventBatch batch, HostInventory batchInventory) throws SQLException {
        int missed = 0;
        for (int row = 0; row < batch.size(); row++) {
            if (!numberRow(batch, row, batchInventory)) {
                if (missedRows.length == missed) {
                    missedRows = Arrays.copyOf(missedRows, Math.max(64, missed * 2));
                }
                missedRows[missed++] = row;
            }
        }
        if (missed > 0) {
            terms.resolveMissing(connection);
            for (int i = 0; i < missed; i++) {
                terms.lookUp(connection, batch.withoutDetail(missedRows[i]), ids, missedRows[i] * Terms.COLUMNS);
            }
        }
    }

    /** Writes a row's remembered numbers into {@link #ids} and folds it into the inventory; false if some were not. */
    private boolean numberRow(EventBatch batch, int row, HostInventory batchInventory) throws SQLException {
        StoredEvent e = batch.withoutDetail(row);
        boolean remembered = terms.lookUp(e, ids, row * Terms.COLUMNS);
        batchInventory.add(e);
        return remembered;
    }

    /** Binds a row and adds it to the insert's batch, keeping its host and name numbers for the postings. */
    private void addRow(PreparedStatement insert, EventBatch batch, int row, Long storedAt) throws SQLException {
        int at = row * Terms.COLUMNS;
        hostNumbers[row] = ids[at + Terms.HOST];
        Long name = ids[at + Terms.NAME];
        nameNumbers[row] = name == null ? 0 : name;
        bindRow(insert, batch, row, eventIds[row], at, storedAt);
        insert.addBatch();
    }

    /**
     * Binds one row: its id, its own values and the numbers at {@code at} in {@link #ids}, in the insert's order. Its
     * values are read by column ({@link EventBatch#timestampNanos} and the like): its texts were numbered already.
     */
    private void bindRow(PreparedStatement insert, EventBatch batch, int row, long id, int at, Long storedAt)
            throws SQLException {
        int i = 1;
        insert.setLong(i++, id);
        insert.setLong(i++, batch.timestampNanos(row) / 1_000);
        insert.setObject(i++, storedAt);
        for (int column = 0; column < Terms.SOURCE_IP; column++) {
            bindId(insert, i++, ids[at + column]);
        }
        bindId(insert, i++, ids[at + Terms.SOURCE_IP]);
        insert.setInt(i++, batch.sourcePort(row));
        bindId(insert, i++, ids[at + Terms.DESTINATION_IP]);
        insert.setInt(i++, batch.destinationPort(row));
        bindId(insert, i++, ids[at + Terms.OUTCOME]);
        bindId(insert, i++, ids[at + Terms.OUTCOME_REASON]);
        long destinationBytes = batch.destinationBytes(row);
        if (destinationBytes >= 0) {
            insert.setLong(i++, destinationBytes);
        } else {
            insert.setNull(i++, java.sql.Types.BIGINT);
        }
        insert.setBytes(i, batch.detail(row));
    }

    /**
     * Binds a remembered number as the object the cache holds: a batch's driver keeps every row's values until it runs
     * the batch, and {@code setLong} would box each number anew (a third of what the writer allocated).
     */
    private static void bindId(PreparedStatement statement, int index, Long id) throws SQLException {
        if (id == null) {
            statement.setNull(index, java.sql.Types.BIGINT);
        } else {
            statement.setObject(index, id);
        }
    }

    /** Closes the prepared statements (before their connection closes, or when it was replaced). */
    void close() {
        for (PreparedStatement statement : new PreparedStatement[] {insert, insertHostPostings, insertNamePostings}) {
            if (statement != null) {
                try {
                    statement.close();
                } catch (SQLException e) {
                    // the connection is gone already
                }
            }
        }
        insert = null;
        insertHostPostings = null;
        insertNamePostings = null;
        insertPreparedFor = null;
    }
}
