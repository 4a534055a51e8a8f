package io.banwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stored alerts, as parameterised SQL (values are bound, never pasted): newest first, in pages whose cursor is the
 * {@code seq} of the last row, stable while alerts are raised and updated.
 */
public final class AlertQueries {

    /** A query run with the store's connection. */
    @FunctionalInterface
    public interface Query<T> {
        T run(AlertQueries queries) throws SQLException;
    }

    private static final String COLUMNS =
            "seq, id, revision, vendor, host, category, severity, phase, protocol, names, "
                    + "first_seen, last_seen, count, outcome, reason, observer, json";

    private final Connection connection;

    AlertQueries(Connection connection) {
        this.connection = connection;
    }

    /**
     * One page of alerts matching the filter, most recently raised first. The time range selects alerts whose contacts
     * overlap it; {@code nameSuffix} matches any of an alert's names; {@code outcome} is the worst outcome so far.
     */
    public List<AlertRecord> alerts(EventFilter filter) throws SQLException {
        List<String> clauses = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (filter.sinceNanos() != null) {
            clauses.add("last_seen >= ?");
            values.add(filter.sinceNanos() / 1_000);
        }
        if (filter.untilNanos() != null) {
            clauses.add("first_seen < ?");
            values.add(filter.untilNanos() / 1_000);
        }
        equal(clauses, values, "host", filter.host());
        equal(clauses, values, "vendor", filter.vendor());
        equal(clauses, values, "category", filter.category());
        equal(clauses, values, "phase", filter.phase());
        equal(clauses, values, "protocol", filter.protocol());
        equal(clauses, values, "outcome", filter.outcome());
        if (filter.nameSuffix() != null) {
            String suffix = escapeLike(filter.nameSuffix());
            // Label-aligned: the name itself or a name ending in ".suffix" (never "notsuffix").
            clauses.add("((',' || names || ',') LIKE ? ESCAPE '\\' OR (',' || names || ',') LIKE ? ESCAPE '\\')");
            values.add("%," + suffix + ",%");
            values.add("%." + suffix + ",%");
        }
        if (filter.before() > 0) {
            clauses.add("seq < ?");
            values.add(filter.before());
        }
        String sql = "SELECT " + COLUMNS + " FROM alerts"
                + (clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses))
                + " ORDER BY seq DESC LIMIT ?";
        values.add(filter.limit());
        List<AlertRecord> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            try (ResultSet r = statement.executeQuery()) {
                while (r.next()) {
                    rows.add(new AlertRecord(
                            r.getLong(1),
                            r.getString(2),
                            r.getInt(3),
                            r.getString(4),
                            r.getString(5),
                            r.getString(6),
                            r.getString(7),
                            r.getString(8),
                            r.getString(9),
                            r.getString(10).isEmpty()
                                    ? List.of()
                                    : Arrays.asList(r.getString(10).split(",")),
                            r.getLong(11) * 1_000,
                            r.getLong(12) * 1_000,
                            r.getLong(13),
                            r.getString(14),
                            r.getString(15),
                            r.getString(16),
                            r.getString(17)));
                }
            }
        }
        return rows;
    }

    /** Alerts stored, for status lines and tests. */
    public long alertCount() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM alerts");
                ResultSet result = statement.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    private static void equal(List<String> clauses, List<Object> values, String column, String value) {
        if (value != null) {
            clauses.add(column + " = ?");
            values.add(value);
        }
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
