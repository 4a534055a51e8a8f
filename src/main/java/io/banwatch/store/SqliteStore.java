package io.banwatch.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * The embedded store: one SQLite file in WAL mode (readers never wait for the writer), written in one transaction per
 * batch. A crash loses at most the batch being written; what was committed survives (WAL with
 * {@code synchronous=NORMAL} keeps every commit across a process crash; a power loss may lose the last commits,
 * https://www.sqlite.org/pragma.html#pragma_synchronous).
 */
public final class SqliteStore implements AutoCloseable {

    static final String DIALECT = "sqlite";

    // How long a statement waits for a lock another process holds (a `banwatch query` reading while the sensor
    // writes needs none in WAL mode; a second writer does).
    private static final int BUSY_TIMEOUT_MS = 5_000;

    // The inventory rows this store wrote or read last, so a batch merges without reading each host back: the
    // inventory is written by this process only. Bounded (least recently used out) for sites with very many hosts.
    static final int INVENTORY_CACHE_ENTRIES = 100_000;

    private final Path path;
    private final Connection connection;
    private final java.util.Map<String, HostRecord> inventory = new java.util.LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, HostRecord> eldest) {
            return size() > INVENTORY_CACHE_ENTRIES;
        }
    };

    private SqliteStore(Path path, Connection connection) {
        this.path = path;
        this.connection = connection;
    }

    /**
     * Opens (creating when missing) the store at {@code path} and brings its schema up to date.
     *
     * @throws StoreException naming the file and what is wrong (permission denied, not a database, newer schema)
     */
    public static SqliteStore open(Path path) {
        try {
            if (path.toAbsolutePath().getParent() != null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new StoreException("store.path: cannot create the folder of " + path + ": " + e.getMessage(), e);
        }
        Connection connection = null;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + path.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA synchronous = NORMAL");
                // 64 MiB of page cache (the default is 2 MiB): the indexes of a year of events stay hot, which keeps
                // batch inserts fast at millions of rows (measured: bench/store.sh).
                statement.execute("PRAGMA cache_size = -65536");
                statement.execute("PRAGMA foreign_keys = ON");
            }
            Migrations.apply(connection, DIALECT);
            return new SqliteStore(path, connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new StoreException(
                    "store.path: cannot open " + path + " as the event store: " + diagnose(path, e), e);
        }
    }

    public Path path() {
        return path;
    }

    Connection connection() {
        return connection;
    }

    /** Writes a batch of events and folds them into the host inventory, in one transaction. */
    public void write(List<StoredEvent> batch, long storedAtEpochSeconds) throws SQLException {
        write(batch, List.of(), storedAtEpochSeconds);
    }

    /**
     * Writes a batch of events (folded into the host inventory) and alert notifications, in one transaction. An
     * alert's row keeps its latest revision: a notification older than the stored one changes nothing.
     */
    public synchronized void write(List<StoredEvent> batch, List<StoredAlert> alerts, long storedAtEpochSeconds)
            throws SQLException {
        if (batch.isEmpty() && alerts.isEmpty()) {
            return;
        }
        connection.setAutoCommit(false);
        try {
            if (!batch.isEmpty()) {
                insertEvents(batch, storedAtEpochSeconds);
                HostInventory batchInventory = new HostInventory();
                batch.forEach(batchInventory::add);
                upsertHosts(batchInventory.rows(), storedAtEpochSeconds);
            }
            if (!alerts.isEmpty()) {
                AlertRows.upsert(connection, alerts, storedAtEpochSeconds);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            inventory.clear(); // it may hold rows of the batch that was not committed
            // SQLite may have rolled back already (SQLITE_FULL does): the original error is the one to report.
            try {
                connection.rollback();
            } catch (SQLException alreadyRolledBack) {
                e.addSuppressed(alreadyRolledBack);
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException noTransaction) {
                // nothing left to commit after a failed batch
            }
        }
    }

    private void insertEvents(List<StoredEvent> batch, long storedAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO events (ts, stored_at, observer, "
                + "host, vendor, category, rule, phase, severity, protocol, name, rname, src_ip, src_port, dst_ip, "
                + "dst_port, outcome, outcome_reason, dst_bytes, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?, ?)")) {
            for (StoredEvent e : batch) {
                int i = 1;
                insert.setLong(i++, e.timestampNanos() / 1_000);
                insert.setLong(i++, storedAt);
                insert.setString(i++, e.observer());
                insert.setString(i++, e.host());
                insert.setString(i++, e.vendor());
                insert.setString(i++, e.category());
                insert.setString(i++, e.rule());
                insert.setString(i++, e.phase());
                insert.setString(i++, e.severity());
                insert.setString(i++, e.protocol());
                insert.setString(i++, e.name());
                insert.setString(i++, reversed(e.name()));
                insert.setString(i++, e.sourceIp());
                insert.setInt(i++, e.sourcePort());
                insert.setString(i++, e.destinationIp());
                insert.setInt(i++, e.destinationPort());
                insert.setString(i++, e.outcome());
                insert.setString(i++, e.outcomeReason());
                if (e.destinationBytes() >= 0) {
                    insert.setLong(i++, e.destinationBytes());
                } else {
                    insert.setNull(i++, java.sql.Types.INTEGER);
                }
                insert.setBytes(i, JsonCodec.encode(e.json()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void upsertHosts(List<HostRecord> rows, long updatedAt) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT " + StoreQueries.HOST_COLUMNS + " FROM hosts WHERE vendor = ? AND host = ?");
                PreparedStatement replace = connection.prepareStatement("INSERT OR REPLACE INTO hosts (vendor, host, "
                        + "observer, first_seen, last_seen, contacts, contacts_after_ban, categories, names, "
                        + "worst_severity, worst_outcome, first_phase, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + "?, ?, ?, ?)")) {
            for (HostRecord batchRow : rows) {
                String key = HostInventory.key(batchRow.vendor(), batchRow.host());
                HostRecord known = inventory.get(key);
                if (known == null) {
                    select.setString(1, batchRow.vendor());
                    select.setString(2, batchRow.host());
                    try (ResultSet existing = select.executeQuery()) {
                        known = existing.next() ? StoreQueries.hostRecord(existing) : null;
                    }
                }
                HostRecord merged = known == null ? batchRow : HostInventory.merge(known, batchRow);
                if (HostInventory.outcomesOnly(merged)) {
                    continue;
                }
                inventory.put(key, merged);
                int i = 1;
                replace.setString(i++, merged.vendor());
                replace.setString(i++, merged.host());
                replace.setString(i++, merged.observer());
                replace.setLong(i++, merged.firstSeenNanos() / 1_000);
                replace.setLong(i++, merged.lastSeenNanos() / 1_000);
                replace.setLong(i++, merged.contacts());
                replace.setLong(i++, merged.contactsAfterBan());
                replace.setString(i++, String.join(",", merged.categories()));
                replace.setString(i++, String.join(",", merged.names()));
                replace.setString(i++, merged.worstSeverity());
                replace.setString(i++, merged.worstOutcome());
                replace.setString(i++, merged.firstPhase());
                replace.setLong(i, updatedAt);
                replace.addBatch();
            }
            replace.executeBatch();
        }
    }

    /**
     * Deletes events written before {@code epochSeconds} and inventory rows not updated since then.
     *
     * @return events deleted
     */
    public synchronized int deleteStoredBefore(long epochSeconds) throws SQLException {
        try (PreparedStatement events = connection.prepareStatement("DELETE FROM events WHERE stored_at < ?");
                PreparedStatement hosts = connection.prepareStatement("DELETE FROM hosts WHERE updated_at < ?");
                PreparedStatement alerts = connection.prepareStatement("DELETE FROM alerts WHERE stored_at < ?")) {
            events.setLong(1, epochSeconds);
            hosts.setLong(1, epochSeconds);
            alerts.setLong(1, epochSeconds);
            int deleted = events.executeUpdate();
            if (hosts.executeUpdate() > 0) {
                inventory.clear();
            }
            alerts.executeUpdate();
            return deleted;
        }
    }

    /** Read queries on this store's connection. */
    public synchronized <T> T read(StoreQueries.Query<T> query) throws SQLException {
        return query.run(new StoreQueries(connection));
    }

    /** Alert queries on this store's connection (a separate method: a lambda could not tell the two apart). */
    public synchronized <T> T readAlerts(AlertQueries.Query<T> query) throws SQLException {
        return query.run(new AlertQueries(connection));
    }

    /** The name with its labels in reverse order, so a suffix search is a prefix search: {@code com.kaspersky.dnl}. */
    static String reversed(String name) {
        if (name == null) {
            return null;
        }
        String[] labels = name.split("\\.");
        java.util.Collections.reverse(Arrays.asList(labels));
        return String.join(".", labels);
    }

    /** SQLITE_CANTOPEN covers several causes; the file system tells which one it was. */
    private static String diagnose(Path path, SQLException e) {
        String reason = reason(e);
        if (!reason.startsWith("cannot open the file")) {
            return reason;
        }
        Path folder = path.toAbsolutePath().getParent();
        try {
            if (folder != null && Files.getFileStore(folder).isReadOnly()) {
                return "the file system is read-only (the store needs to write its file and the WAL beside it)";
            }
        } catch (IOException notReachable) {
            return "the folder cannot be reached: " + notReachable.getMessage();
        }
        if (folder != null && !Files.isWritable(folder)) {
            return "permission denied: the folder " + folder + " is not writable for this user";
        }
        if (Files.exists(path) && !Files.isWritable(path)) {
            return "permission denied: the file is not writable for this user";
        }
        return reason;
    }

    /** SQLite's words for a failure, without the JDBC class names around them. */
    public static String reason(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (message.contains("SQLITE_CANTOPEN")) {
            return "cannot open the file (permission denied, or the folder does not exist)";
        }
        if (message.contains("SQLITE_NOTADB")) {
            return "the file is not an SQLite database";
        }
        if (message.contains("SQLITE_READONLY")) {
            return "the file or its folder is read-only";
        }
        if (message.contains("SQLITE_FULL")) {
            return "the disk is full";
        }
        return message.replace('\n', ' ');
    }

    @Override
    public synchronized void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing: nothing more to do
            }
        }
    }
}
