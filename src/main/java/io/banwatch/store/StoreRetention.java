package io.banwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Retention ({@code store.retention_days}): deletes the events, inventory rows and alerts stored before a cutoff
 * ({@link #before}), and then the names no event refers to any more ({@link #pruneNames}), on either dialect.
 */
final class StoreRetention {

    // Names checked per prune transaction: one read of the names' postings each, so a transaction (which holds writers
    // back on PostgreSQL, see V5__lookup_epoch.sql) stays short even with hundreds of thousands of names.
    static final int PRUNE_BATCH = 10_000;

    /** What {@link #before} deleted. */
    record Deleted(int events, int hosts) {}

    private StoreRetention() {}

    /**
     * Deletes events written before {@code epochSeconds} and inventory rows not updated since then. Events go in id
     * order: rows are written in the order of their stored_at, so the first row written since the cutoff is found by
     * a binary search over ids, and the rows before it that are older than the cutoff are deleted, without an index on
     * stored_at (schema version 4). Should a clock have stepped back, a row older than the cutoff behind a newer one
     * waits until that one is old enough too.
     */
    static Deleted before(Connection connection, long epochSeconds) throws SQLException {
        try (PreparedStatement events =
                        connection.prepareStatement("DELETE FROM events WHERE id < ? AND stored_at < ?");
                PreparedStatement hosts = connection.prepareStatement("DELETE FROM hosts WHERE updated_at < ?");
                PreparedStatement alerts = connection.prepareStatement("DELETE FROM alerts WHERE stored_at < ?")) {
            long firstKept = firstIdStoredSince(connection, epochSeconds);
            events.setLong(1, firstKept);
            events.setLong(2, epochSeconds);
            hosts.setLong(1, epochSeconds);
            alerts.setLong(1, epochSeconds);
            int deletedEvents = deleteEvents(connection, events, EventPostings.chunk(firstKept));
            int deletedHosts = hosts.executeUpdate();
            alerts.executeUpdate();
            return new Deleted(deletedEvents, deletedHosts);
        }
    }

    /** Runs the events' delete and writes the postings of the chunks it deleted from anew, in one transaction. */
    private static int deleteEvents(Connection connection, PreparedStatement delete, long lastChunk)
            throws SQLException {
        connection.setAutoCommit(false);
        try {
            int deleted = delete.executeUpdate();
            if (deleted > 0) {
                EventPostings.rebuildThrough(connection, lastChunk);
            }
            connection.commit();
            return deleted;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Deletes the names no event refers to any more (retention deleted their last events), PRUNE_BATCH names of the
     * table at a time, each window in a transaction of its own that first raises the lookup epoch; a window that
     * deleted nothing is rolled back, leaving the epoch (and every writer's memory of numbers) as it was. Terms are
     * not pruned: their columns in events have no index, so finding the unused ones would read every event; the names
     * are what grows without bound (every name a site resolves).
     *
     * @return names deleted
     */
    static int pruneNames(Connection connection) throws SQLException {
        long last;
        try (Statement statement = connection.createStatement();
                ResultSet max = statement.executeQuery("SELECT coalesce(max(id), 0) FROM names")) {
            max.next();
            last = max.getLong(1);
        }
        int deleted = 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement raise = connection.prepareStatement("UPDATE lookup_epoch SET epoch = epoch + 1");
                // A name without postings has no event: both are written in a batch's transaction, and retention
                // writes the postings of the chunks it deleted from anew (EventPostings.rebuildThrough).
                PreparedStatement delete = connection.prepareStatement("DELETE FROM names WHERE id > ? AND id <= ? "
                        + "AND id NOT IN (SELECT name_id FROM name_postings WHERE name_id > ? AND name_id <= ?)")) {
            for (long from = 0; from < last; from += PRUNE_BATCH) {
                raise.executeUpdate();
                delete.setLong(1, from);
                delete.setLong(2, from + PRUNE_BATCH);
                delete.setLong(3, from);
                delete.setLong(4, from + PRUNE_BATCH);
                int window = delete.executeUpdate();
                if (window > 0) {
                    connection.commit();
                    deleted += window;
                } else {
                    connection.rollback();
                }
            }
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return deleted;
    }

    /** The id of the first event stored at or after {@code epochSeconds}, or one past the last id when none was. */
    private static long firstIdStoredSince(Connection connection, long epochSeconds) throws SQLException {
        long low;
        long high;
        try (Statement statement = connection.createStatement();
                ResultSet bounds = statement.executeQuery("SELECT min(id), max(id) FROM events")) {
            if (!bounds.next() || bounds.getObject(1) == null) {
                return 0;
            }
            low = bounds.getLong(1);
            high = bounds.getLong(2) + 1;
        }
        try (PreparedStatement next =
                connection.prepareStatement("SELECT id, stored_at FROM events WHERE id >= ? ORDER BY id LIMIT 1")) {
            // Invariant: every row below low was stored before the cutoff; the row at high (or none) since.
            while (low < high) {
                long middle = low + (high - low) / 2;
                next.setLong(1, middle);
                try (ResultSet row = next.executeQuery()) {
                    if (!row.next() || row.getLong(2) >= epochSeconds) {
                        high = middle;
                    } else {
                        low = row.getLong(1) + 1;
                    }
                }
            }
        }
        return low;
    }
}
