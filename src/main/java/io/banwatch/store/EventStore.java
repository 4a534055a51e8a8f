package io.banwatch.store;

import io.banwatch.config.BanwatchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The event store: the embedded SQLite file (WAL mode: readers never wait for the writer) or, with {@code store.url},
 * a PostgreSQL database that a fleet of sensors shares; written in one transaction per batch. A crash loses at most
 * the batch being written; what was committed survives (SQLite: WAL with {@code synchronous=NORMAL} keeps every
 * commit across a process crash, a power loss may lose the last commits,
 * https://www.sqlite.org/pragma.html#pragma_synchronous; PostgreSQL: a commit is durable once it returns).
 */
public final class EventStore implements AutoCloseable {

    // How long a statement waits for a lock another process holds (a `banwatch query` reading while the sensor
    // writes needs none in WAL mode; a second writer does).
    private static final int BUSY_TIMEOUT_MS = 5_000;

    /**
     * SQLite's page cache by default ({@code store.cache_mib}; SQLite's own default is 2 MiB), part of the sensor's
     * 512 MiB: the pages a batch changes (each host's last index page, the inventory) stay hot, older ones are read
     * back from the operating system's cache. The cache grows with the file to its size and stays; 64 MiB wrote 5 to
     * 8% more events per CPU-second into a store of 2 M events and 31% more into one of 10 M (bench/store.sh, 5,000
     * hosts; README, The event store at scale), for 48 MiB more RSS.
     */
    static final int DEFAULT_CACHE_MIB = 16;

    // How long opening a PostgreSQL connection may take before the sensor says the database cannot be reached: long
    // enough for a server across a WAN, short enough that a wrong address is reported at start-up, not after minutes.
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final StoreDialect dialect;
    private final String location;
    private final Opener opener;
    private Connection connection;
    private boolean broken;
    private final Terms terms = new Terms();
    private final HostUpserts hosts;
    private final EventInserts inserts;
    /** Opens a new connection to the same database (after PostgreSQL dropped the one the store had). */
    @FunctionalInterface
    private interface Opener {
        Connection open() throws SQLException;
    }

    private EventStore(StoreDialect dialect, String location, Opener opener, Connection connection) {
        this.dialect = dialect;
        this.hosts = new HostUpserts(dialect);
        this.inserts = new EventInserts(dialect, terms);
        this.location = location;
        this.opener = opener;
        this.connection = connection;
    }

    /**
     * Opens the store of {@code store.*}: the PostgreSQL database of {@code store.url} when it is set (no file is
     * written then), else the SQLite file of {@code store.path}.
     */
    public static EventStore open(BanwatchConfig.Store settings) {
        if (!settings.url().isEmpty()) {
            return openPostgres(settings.url(), settings.user(), settings.password());
        }
        return open(Path.of(settings.path()), settings.cacheMib());
    }

    /**
     * Opens (creating when missing) the store at {@code path} and brings its schema up to date.
     *
     * @throws StoreException naming the file and what is wrong (permission denied, not a database, newer schema)
     */
    public static EventStore open(Path path) {
        return open(path, DEFAULT_CACHE_MIB);
    }

    /**
     * As {@link #open(Path)}, with {@code cacheMib} MiB of SQLite page cache ({@code store.cache_mib}).
     *
     * @throws StoreException naming the file and what is wrong (permission denied, not a database, newer schema)
     */
    public static EventStore open(Path path, int cacheMib) {
        try {
            if (path.toAbsolutePath().getParent() != null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new StoreException("store.path: cannot create the folder of " + path + ": " + e.getMessage(), e);
        }
        SqliteNativeLibrary.prepare();
        Connection connection = null;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + path.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA synchronous = NORMAL");
                statement.execute("PRAGMA cache_size = -" + cacheMib * 1_024L); // negative: KiB, not pages
                // The WAL is copied into the file when it reaches this many pages (the default, 1,000, did so after
                // nearly every batch, most of the commit's time; measured: bench/store.sh): a page a batch changes
                // again (an index page, an inventory row) is copied once per checkpoint, not once per batch. Crash
                // safety is the same; the WAL file grows to about 64 MiB between checkpoints.
                statement.execute("PRAGMA wal_autocheckpoint = 16384");
                statement.execute("PRAGMA foreign_keys = ON");
            }
            Migrations.apply(connection, StoreDialect.SQLITE);
            Connection opened = connection;
            return new EventStore(StoreDialect.SQLITE, path.toString(), () -> opened, connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new StoreException(
                    "store.path: cannot open " + path + " as the event store: " + diagnose(path, e), e);
        }
    }

    /**
     * Connects to the PostgreSQL database of {@code url} ({@code jdbc:postgresql://host:port/database}) and brings
     * its schema up to date; {@code user} and {@code password} may be empty (then the URL or the server decides).
     *
     * @throws StoreException naming the database (never the password) and what is wrong
     */
    public static EventStore openPostgres(String url, String user, String password) {
        String location = withoutParameters(url);
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new StoreException(
                    "store.url: " + location + " is no PostgreSQL JDBC URL; give one such as "
                            + "jdbc:postgresql://db.example.org:5432/banwatch",
                    null);
        }
        Properties properties = new Properties();
        if (!user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        // A batch of inserts becomes multi-row INSERT statements: one round trip per many events instead of one each
        // (https://jdbc.postgresql.org/documentation/use/#connection-parameters).
        properties.setProperty("reWriteBatchedInserts", "true");
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "banwatch");
        Opener opener = () -> DriverManager.getConnection(url, properties);
        Connection connection = null;
        try {
            connection = opener.open();
            Migrations.apply(connection, StoreDialect.POSTGRESQL);
            return new EventStore(StoreDialect.POSTGRESQL, location, opener, connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new StoreException("store.url: cannot use " + location + " as the event store: " + reason(e), e);
        }
    }

    /** The URL without its parameters, which may hold a password: what logs and reports name. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** The file (SQLite) or the database URL without parameters (PostgreSQL): what logs and reports name. */
    public String location() {
        return location;
    }

    /** The configuration key that chose this store, for messages that tell the user what to change. */
    public String settingKey() {
        return dialect == StoreDialect.SQLITE ? "store.path" : "store.url";
    }

    StoreDialect dialect() {
        return dialect;
    }

    /** Entries dropped from the full cache of the terms table's numbers ({@link Terms#CACHE_ENTRIES}). */
    public long termCacheEvictions() {
        return terms.termEvictions();
    }

    /** Entries dropped from the full cache of the names table's numbers ({@link Terms#CACHE_ENTRIES}). */
    public long nameCacheEvictions() {
        return terms.nameEvictions();
    }

    /** Inventory rows dropped from the writer's full cache of them ({@link HostUpserts#INVENTORY_CACHE_ENTRIES}). */
    public long hostCacheEvictions() {
        return hosts.evictions();
    }

    /** The connection, reopened first if PostgreSQL dropped the last one (a restart, a network cut). */
    Connection connection() throws SQLException {
        if (broken) {
            closeQuietly(connection);
            connection = opener.open();
            broken = false;
        }
        return connection;
    }

    /** Notes a lost connection (SQLState class 08, or an administrator's shutdown, 57P01-57P03) for the next use. */
    private SQLException noted(SQLException e) {
        if (dialect == StoreDialect.POSTGRESQL && e.getSQLState() != null) {
            broken = e.getSQLState().startsWith("08") || e.getSQLState().startsWith("57P");
        }
        return e;
    }

    /** Writes a batch of events and folds them into the host inventory, in one transaction. */
    public void write(List<StoredEvent> batch, long storedAtEpochSeconds) throws SQLException {
        write(batch, List.of(), storedAtEpochSeconds);
    }

    /**
     * Writes a batch of events (folded into the host inventory) and alert notifications, in one transaction. An
     * alert's row keeps its latest revision: a notification older than the stored one changes nothing.
     */
    public void write(List<StoredEvent> batch, List<StoredAlert> alerts, long storedAtEpochSeconds)
            throws SQLException {
        write(EventBatch.of(batch), alerts, storedAtEpochSeconds);
    }

    /** {@link #write(List, List, long)} for a batch read by position (the writer's reused arrays). */
    synchronized void write(EventBatch batch, List<StoredAlert> alerts, long storedAtEpochSeconds) throws SQLException {
        if (batch.size() == 0 && alerts.isEmpty()) {
            return;
        }
        Connection connection = connection();
        connection.setAutoCommit(false);
        try {
            if (batch.size() > 0) {
                terms.checkEpoch(connection, dialect);
                HostInventory batchInventory = new HostInventory();
                inserts.insert(connection, batch, batchInventory, storedAtEpochSeconds);
                hosts.upsert(connection, batchInventory.rows(), storedAtEpochSeconds);
            }
            if (!alerts.isEmpty()) {
                AlertRows.upsert(connection, alerts, storedAtEpochSeconds);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            hosts.forget(); // it may remember rows of the batch that was not committed
            terms.forget(); // and numbers given inside it
            // SQLite may have rolled back already (SQLITE_FULL does): the original error is the one to report.
            try {
                connection.rollback();
            } catch (SQLException alreadyRolledBack) {
                e.addSuppressed(alreadyRolledBack);
            }
            if (e instanceof SQLException sql) {
                noted(sql);
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

    /**
     * Deletes the events, inventory rows and alerts stored before {@code epochSeconds}, then the names no event
     * refers to any more ({@link StoreRetention}).
     *
     * @return events deleted
     */
    public synchronized int deleteStoredBefore(long epochSeconds) throws SQLException {
        try {
            Connection connection = connection();
            StoreRetention.Deleted deleted = StoreRetention.before(connection, epochSeconds);
            if (deleted.hosts() > 0) {
                hosts.forget();
            }
            if (deleted.events() > 0 && StoreRetention.pruneNames(connection) > 0) {
                terms.forget(); // this writer's own numbers, whatever the epoch says next
            }
            return deleted.events();
        } catch (SQLException e) {
            // Some deletes or prune windows may have been committed before the one that failed: what the caches
            // remember may be gone, and forgetting costs only a lookup per row.
            hosts.forget();
            terms.forget();
            throw noted(e);
        }
    }

    /** Read queries on this store's connection. */
    public synchronized <T> T read(StoreQueries.Query<T> query) throws SQLException {
        try {
            return query.run(new StoreQueries(connection(), dialect));
        } catch (SQLException e) {
            throw noted(e);
        }
    }

    /** Alert queries on this store's connection (a separate method: a lambda could not tell the two apart). */
    public synchronized <T> T readAlerts(AlertQueries.Query<T> query) throws SQLException {
        try {
            return query.run(new AlertQueries(connection()));
        } catch (SQLException e) {
            throw noted(e);
        }
    }

    /** Report queries on this store's connection. */
    synchronized <T> T readReport(ReportQueries.Query<T> query) throws SQLException {
        try {
            return query.run(new ReportQueries(connection(), dialect));
        } catch (SQLException e) {
            throw noted(e);
        }
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

    /** The database's words for a failure, without the JDBC class names around them. */
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
        // A failed batch's message quotes the whole statement with its values (PostgreSQL's driver does): the
        // server's own words come after "was aborted: ", or from the next exception.
        int aborted = message.indexOf(" was aborted: ");
        if (aborted >= 0) {
            message = message.substring(aborted + " was aborted: ".length());
        } else if (e.getNextException() != null && e.getNextException().getMessage() != null) {
            message = e.getNextException().getMessage();
        }
        message = message.replace('\n', ' ');
        // A log line, not a dump: the server's reason fits in this.
        return message.length() > MAX_REASON_CHARS ? message.substring(0, MAX_REASON_CHARS) + "..." : message;
    }

    private static final int MAX_REASON_CHARS = 500;

    @Override
    public synchronized void close() {
        inserts.close();
        terms.close();
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
