package io.banwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The questions staff ask of the store, as parameterised SQL: never SQL built from input. Events come newest first
 * in pages, with the id of the last row as the cursor of the next page (stable while new events arrive); the host
 * inventory likewise, newest row first, with its {@code seq} as the cursor (stable while hosts are added and updated:
 * an updated row keeps its place).
 */
public final class StoreQueries {

    /** A query run with the store's connection. */
    @FunctionalInterface
    public interface Query<T> {
        T run(StoreQueries queries) throws SQLException;
    }

    static final String HOST_COLUMNS = "vendor, host, observer, first_seen, last_seen, contacts, "
            + "contacts_after_ban, categories, names, worst_severity, worst_outcome, first_phase, seq";

    private static final String EVENT_COLUMNS =
            "id, ts, observer, host, vendor, category, severity, phase, protocol, name, outcome, json, rule, src_ip, "
                    + "src_port, dst_ip, dst_port, outcome_reason, dst_bytes";

    private final Connection connection;
    private final StoreDialect dialect;

    StoreQueries(Connection connection, StoreDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /**
     * One page of events matching the filter, newest first. A host's events, and a name's without a time range, are
     * found through their postings ({@link PostingWalk}); the rest through the events table and its index on time.
     */
    public List<EventRecord> events(EventFilter filter) throws SQLException {
        boolean inRange = filter.sinceNanos() != null || filter.untilNanos() != null;
        String reversedName = filter.nameSuffix() == null ? null : EventStore.reversed(filter.nameSuffix());
        boolean byNames = filter.host() == null && reversedName != null && !inRange;
        PostingWalk walk = null;
        if (filter.host() != null) {
            walk = PostingWalk.ofHost(connection, filter.host());
            if (walk == null) {
                return List.of(); // a host the store never saw
            }
        } else if (byNames) {
            walk = PostingWalk.ofNames(connection, reversedName);
        }
        Where where = new Where();
        where.range("ts", filter.sinceNanos(), filter.untilNanos());
        // Labels are numbers in the events table (schema version 4): each filter names its term's number, which is
        // read once per query; a term the store never saw has none, and the filter matches nothing.
        where.term("vendor_id", filter.vendor());
        where.term("category_id", filter.category());
        where.term("phase_id", filter.phase());
        where.term("protocol_id", filter.protocol());
        where.term("outcome_id", filter.outcome());
        if (reversedName != null && !byNames) {
            // Within a time range the names are checked on the entries of events_ts (ts, name_id), which hold them.
            where.clause(
                    "name_id IN (SELECT id FROM names WHERE rname = ? OR (rname >= ? AND rname < ?))",
                    reversedName,
                    reversedName + ".",
                    reversedName + "/");
        }
        if (walk != null) {
            // The slice's ids fill the last parameters; the places of a short slice hold -1, which no event's id is.
            Object[] slice = new Object[PostingWalk.IDS_PER_READ];
            Arrays.fill(slice, -1L);
            Where ofSlice = where.and("id IN (" + "?, ".repeat(slice.length - 1) + "?)", slice);
            int firstId = where.parameterCount() + 1;
            try (PreparedStatement read = ofSlice.prepare(
                    connection,
                    "SELECT " + EVENT_COLUMNS + " FROM event_rows WHERE id IN (SELECT id FROM events" + ofSlice
                            + ") ORDER BY id DESC")) {
                return walk.page(filter.before(), filter.limit(), (ids, from, to) -> {
                    for (int i = 0; i < slice.length; i++) {
                        read.setLong(firstId + i, from + i < to ? ids[from + i] : -1);
                    }
                    return read(read);
                });
            }
        }
        if (filter.before() > 0) {
            where.clause("id < ?", filter.before());
        }
        // The page's ids first, from the events table alone; only its rows are then joined to their labels.
        return read(
                "SELECT " + EVENT_COLUMNS + " FROM event_rows WHERE id IN (SELECT id FROM events" + where
                        + " ORDER BY id DESC LIMIT " + filter.limit() + ") ORDER BY id DESC",
                where);
    }

    private List<EventRecord> read(String sql, Where where) throws SQLException {
        try (PreparedStatement statement = where.prepare(connection, sql)) {
            return read(statement);
        }
    }

    private static List<EventRecord> read(PreparedStatement statement) throws SQLException {
        List<EventRecord> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(new EventRecord(
                        result.getLong(1),
                        result.getLong(2) * 1_000,
                        result.getString(3),
                        result.getString(4),
                        result.getString(5),
                        result.getString(6),
                        result.getString(7),
                        result.getString(8),
                        result.getString(9),
                        result.getString(10),
                        result.getString(11),
                        StoredJson.full(result)));
            }
        }
        return rows;
    }

    /**
     * One page of the host inventory: hosts whose contacts overlap the time range, filtered, the row added to the
     * inventory last first; {@code before} is the {@code seq} of the previous page's last row. {@code category} and
     * {@code nameSuffix} match any of a host's categories and names; {@code phase} is the phase at first contact.
     */
    public List<HostRecord> hosts(EventFilter filter) throws SQLException {
        Where where = new Where();
        if (filter.sinceNanos() != null) {
            where.clause("last_seen >= ?", filter.sinceNanos() / 1_000);
        }
        if (filter.untilNanos() != null) {
            where.clause("first_seen < ?", filter.untilNanos() / 1_000);
        }
        where.equal("host", filter.host());
        where.equal("vendor", filter.vendor());
        where.equal("first_phase", filter.phase());
        where.equal("worst_outcome", filter.outcome());
        if (filter.category() != null) {
            where.clause("(',' || categories || ',') LIKE ? ESCAPE '\\'", "%," + escapeLike(filter.category()) + ",%");
        }
        if (filter.nameSuffix() != null) {
            String suffix = escapeLike(filter.nameSuffix());
            where.clause(
                    "((',' || names || ',') LIKE ? ESCAPE '\\' OR (',' || names || ',') LIKE ? ESCAPE '\\')",
                    "%," + suffix + ",%",
                    "%." + suffix + ",%");
        }
        if (filter.before() > 0) {
            where.clause("seq < ?", filter.before());
        }
        String sql = "SELECT " + HOST_COLUMNS + " FROM hosts" + where + " ORDER BY seq DESC LIMIT " + filter.limit();
        List<HostRecord> rows = new ArrayList<>();
        try (PreparedStatement statement = where.prepare(connection, sql);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(hostRecord(result));
            }
        }
        return rows;
    }

    /** Events stored, for status lines and tests. */
    public long eventCount() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM events");
                ResultSet result = statement.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    static HostRecord hostRecord(ResultSet row) throws SQLException {
        return new HostRecord(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getLong(4) * 1_000,
                row.getLong(5) * 1_000,
                row.getLong(6),
                row.getLong(7),
                split(row.getString(8)),
                split(row.getString(9)),
                row.getString(10),
                row.getString(11),
                row.getString(12),
                row.getLong(13));
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** A WHERE clause built from fixed column names and bound parameters. */
    private static final class Where {
        private final List<String> clauses = new ArrayList<>();
        private final List<Object> parameters = new ArrayList<>();

        void equal(String column, String value) {
            if (value != null) {
                clause(column + " = ?", value);
            }
        }

        void term(String column, String value) {
            if (value != null) {
                clause(column + " = (SELECT id FROM terms WHERE term = ?)", value);
            }
        }

        void range(String column, Long sinceNanos, Long untilNanos) {
            if (sinceNanos != null) {
                clause(column + " >= ?", sinceNanos / 1_000);
            }
            if (untilNanos != null) {
                clause(column + " < ?", untilNanos / 1_000);
            }
        }

        void clause(String sql, Object... values) {
            clauses.add(sql);
            parameters.addAll(Arrays.asList(values));
        }

        /** This clause and one more, as a new clause; this one is left as it is. */
        Where and(String sql, Object... values) {
            Where both = new Where();
            both.clauses.addAll(clauses);
            both.parameters.addAll(parameters);
            both.clause(sql, values);
            return both;
        }

        int parameterCount() {
            return parameters.size();
        }

        PreparedStatement prepare(Connection connection, String sql) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return statement;
        }

        @Override
        public String toString() {
            return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
        }
    }
}
