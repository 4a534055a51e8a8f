package io.banwatch.store;

import io.banwatch.match.PolicyPhases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The questions of the compliance report, as parameterised SQL over the events (the view {@code event_rows}, which
 * joins their labels back). Every query takes the report's period (packet time, {@code [since, until)}) so that the
 * report says what happened in that period, not what the host inventory accumulated over the store's whole life.
 */
public final class ReportQueries {

    /** A report query run with the store's connection. */
    @FunctionalInterface
    public interface Query<T> {
        T run(ReportQueries queries) throws SQLException;
    }

    /** Packet times of the stored events: the period a report covers when none is given. */
    public record Span(long firstNanos, long lastNanos, long events) {}

    /** A sensor ({@code observer.name}) and the stored events it wrote in the period. */
    public record ObserverRow(String observer, long events, long firstNanos, long lastNanos) {}

    /** Contacts of one category in one time bucket; {@code bucket} is the packet time divided by the bucket width. */
    public record BucketCount(long bucket, String category, long contacts) {}

    /**
     * One vendor and host in the period.
     *
     * @param contactsAfterBan contacts whose phase (at packet time) was {@code updates_banned}
     * @param severities the distinct severities of its contacts
     */
    public record HostContacts(
            String vendor,
            String host,
            long firstNanos,
            long lastNanos,
            long contacts,
            long contactsAfterBan,
            List<String> categories,
            List<String> severities) {}

    /** How many outcome events of one kind a vendor's host had in the period. */
    public record HostOutcome(String vendor, String host, String outcome, long count) {}

    /** An outcome event that says the server sent at least {@code outcomes.transfer_bytes}. */
    public record Transfer(
            long timestampNanos,
            String observer,
            String vendor,
            String host,
            String category,
            String name,
            String destinationIp,
            int destinationPort,
            long destinationBytes) {}

    private final Connection connection;
    private final StoreDialect dialect;

    ReportQueries(Connection connection, StoreDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /** Runs report queries on the store's connection, holding the store's lock as {@link EventStore#read} does. */
    public static <T> T read(EventStore store, Query<T> query) throws SQLException {
        return store.readReport(query);
    }

    /** First and last packet time of the events in the period, or null when it holds none. */
    public Span span(Long sinceNanos, Long untilNanos) throws SQLException {
        Range range = new Range(sinceNanos, untilNanos);
        String sql = "SELECT min(ts), max(ts), count(*) FROM event_rows WHERE " + range.sql();
        try (PreparedStatement statement = range.prepare(connection, sql);
                ResultSet row = statement.executeQuery()) {
            if (!row.next() || row.getLong(3) == 0) {
                return null;
            }
            return new Span(row.getLong(1) * 1_000, row.getLong(2) * 1_000, row.getLong(3));
        }
    }

    /** The sensors that wrote the period's events. */
    public List<ObserverRow> observers(Long sinceNanos, Long untilNanos) throws SQLException {
        Range range = new Range(sinceNanos, untilNanos);
        String sql = "SELECT observer, count(*), min(ts), max(ts) FROM event_rows WHERE " + range.sql()
                + " GROUP BY observer ORDER BY observer";
        List<ObserverRow> rows = new ArrayList<>();
        try (PreparedStatement statement = range.prepare(connection, sql);
                ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                rows.add(new ObserverRow(
                        row.getString(1), row.getLong(2), row.getLong(3) * 1_000, row.getLong(4) * 1_000));
            }
        }
        return rows;
    }

    /** Contacts (not outcomes) per time bucket of {@code bucketNanos} and category, in bucket order. */
    public List<BucketCount> contactsPerBucket(Long sinceNanos, Long untilNanos, long bucketNanos) throws SQLException {
        long bucketMicros = Math.max(1, bucketNanos / 1_000);
        Range range = new Range(sinceNanos, untilNanos);
        // Integer division floors for the positive packet times of any capture (after 1970).
        String sql =
                "SELECT ts / " + bucketMicros + " AS bucket, coalesce(category, ''), count(*) FROM event_rows WHERE "
                        + range.sql() + " AND outcome IS NULL GROUP BY bucket, category ORDER BY bucket, category";
        List<BucketCount> rows = new ArrayList<>();
        try (PreparedStatement statement = range.prepare(connection, sql);
                ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                rows.add(new BucketCount(row.getLong(1), row.getString(2), row.getLong(3)));
            }
        }
        return rows;
    }

    /** Hosts with contacts in the period, most contacts after the ban first, then the most recent; at most limit. */
    public List<HostContacts> hosts(Long sinceNanos, Long untilNanos, int limit) throws SQLException {
        Range range = new Range(sinceNanos, untilNanos);
        String sql = "SELECT vendor, host, min(ts), max(ts), count(*), "
                + "sum(CASE WHEN phase = '" + PolicyPhases.UPDATES_BANNED + "' THEN 1 ELSE 0 END), "
                + dialect.distinctList("category") + ", " + dialect.distinctList("severity") + " FROM event_rows WHERE "
                + range.sql()
                + " AND outcome IS NULL AND vendor IS NOT NULL GROUP BY vendor, host"
                + " ORDER BY 6 DESC, 4 DESC, vendor, host LIMIT " + limit;
        List<HostContacts> rows = new ArrayList<>();
        try (PreparedStatement statement = range.prepare(connection, sql);
                ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                rows.add(new HostContacts(
                        row.getString(1),
                        row.getString(2),
                        row.getLong(3) * 1_000,
                        row.getLong(4) * 1_000,
                        row.getLong(5),
                        row.getLong(6),
                        split(row.getString(7)),
                        split(row.getString(8))));
            }
        }
        return rows;
    }

    /** Hosts with contacts in the period, all of them (the listing may be cut at its limit). */
    public long hostCount(Long sinceNanos, Long untilNanos) throws SQLException {
        Range range = new Range(sinceNanos, untilNanos);
        String sql = "SELECT count(*) FROM (SELECT 1 FROM event_rows WHERE " + range.sql()
                + " AND outcome IS NULL AND vendor IS NOT NULL GROUP BY vendor, host) AS period_hosts";
        return count(range, sql);
    }

    /** Outcome events in the period per vendor, host and outcome. */
    public List<HostOutcome> hostOutcomes(Long sinceNanos, Long untilNanos) throws SQLException {
        Range range = new Range(sinceNanos, untilNanos);
        String sql = "SELECT vendor, host, outcome, count(*) FROM event_rows WHERE " + range.sql()
                + " AND outcome IS NOT NULL AND vendor IS NOT NULL GROUP BY vendor, host, outcome";
        List<HostOutcome> rows = new ArrayList<>();
        try (PreparedStatement statement = range.prepare(connection, sql);
                ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                rows.add(new HostOutcome(row.getString(1), row.getString(2), row.getString(3), row.getLong(4)));
            }
        }
        return rows;
    }

    /**
     * Transferred outcomes of one vendor in the period, oldest first, at most limit; categories in {@code excluded}
     * (services outside the prohibition) are left out.
     */
    public List<Transfer> transfers(Long sinceNanos, Long untilNanos, String vendor, List<String> excluded, int limit)
            throws SQLException {
        Range range = transferRange(sinceNanos, untilNanos, vendor, excluded);
        String sql =
                "SELECT ts, observer, vendor, host, category, name, dst_ip, dst_port, dst_bytes FROM event_rows WHERE "
                        + range.sql() + " ORDER BY ts, id LIMIT " + limit;
        List<Transfer> rows = new ArrayList<>();
        try (PreparedStatement statement = range.prepare(connection, sql);
                ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                long bytes = row.getLong(9);
                rows.add(new Transfer(
                        row.getLong(1) * 1_000,
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        row.getString(6),
                        row.getString(7),
                        row.getInt(8),
                        row.wasNull() ? -1 : bytes));
            }
        }
        return rows;
    }

    /** All transferred outcomes {@link #transfers} would list without its limit. */
    public long transferCount(Long sinceNanos, Long untilNanos, String vendor, List<String> excluded)
            throws SQLException {
        Range range = transferRange(sinceNanos, untilNanos, vendor, excluded);
        return count(range, "SELECT count(*) FROM event_rows WHERE " + range.sql());
    }

    /**
     * The longest stretch between two consecutive stored events of the period, or null with fewer than two events.
     * A long quiet stretch means either that nothing contacted a vendor or that no sensor was capturing; the store
     * cannot tell which, and the report says so.
     */
    public Span longestQuiet(Long sinceNanos, Long untilNanos) throws SQLException {
        Range range = new Range(sinceNanos, untilNanos);
        String sql =
                "SELECT previous, ts FROM (SELECT lag(ts) OVER (ORDER BY ts) AS previous, ts FROM event_rows WHERE "
                        + range.sql() + ") AS gaps WHERE previous IS NOT NULL ORDER BY ts - previous DESC, ts LIMIT 1";
        try (PreparedStatement statement = range.prepare(connection, sql);
                ResultSet row = statement.executeQuery()) {
            return row.next() ? new Span(row.getLong(1) * 1_000, row.getLong(2) * 1_000, 0) : null;
        }
    }

    private static Range transferRange(Long sinceNanos, Long untilNanos, String vendor, List<String> excluded) {
        Range range = new Range(sinceNanos, untilNanos);
        range.clause("outcome = 'transferred'");
        range.clause("vendor = ?", vendor);
        for (String category : excluded) {
            range.clause("category <> ?", category);
        }
        return range;
    }

    private long count(Range range, String sql) throws SQLException {
        try (PreparedStatement statement = range.prepare(connection, sql);
                ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    /** The period as a WHERE condition on packet time, plus further fixed clauses with bound values. */
    private static final class Range {
        private final List<String> clauses = new ArrayList<>();
        private final List<Object> parameters = new ArrayList<>();

        Range(Long sinceNanos, Long untilNanos) {
            clauses.add("1 = 1");
            if (sinceNanos != null) {
                clause("ts >= ?", Math.floorDiv(sinceNanos, 1_000L));
            }
            if (untilNanos != null) {
                clause("ts < ?", Math.floorDiv(untilNanos, 1_000L));
            }
        }

        void clause(String sql, Object... values) {
            clauses.add(sql);
            parameters.addAll(Arrays.asList(values));
        }

        String sql() {
            return String.join(" AND ", clauses);
        }

        PreparedStatement prepare(Connection connection, String sql) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return statement;
        }
    }
}
