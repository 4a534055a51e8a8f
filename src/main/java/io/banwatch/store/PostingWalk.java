package io.banwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A page of one host's (or some names') events, newest first, found through their postings ({@link EventPostings}):
 * chunk by chunk from the newest, the ids the postings list are read, and the events with those ids that pass the
 * query's other filters are read in slices, until the page is full or no chunk is left.
 */
final class PostingWalk {

    /**
     * Reads the events among {@code ids[from..to)} (at most {@link #IDS_PER_READ}) that pass the query's other
     * filters, newest first.
     */
    @FunctionalInterface
    interface Rows {
        List<EventRecord> read(long[] ids, int from, int to) throws SQLException;
    }

    // Ids per read of the events table: one statement, prepared once per page (preparing the read of the joined view
    // took longer than running it), of bounded size however many events a host has in a chunk.
    static final int IDS_PER_READ = 64;

    private final Connection connection;
    private final String table;
    private final String postingsOfChunk;
    private final Object[] parameters;

    private PostingWalk(Connection connection, String table, String postingsOfChunk, Object... parameters) {
        this.connection = connection;
        this.table = table;
        this.postingsOfChunk = postingsOfChunk;
        this.parameters = parameters;
    }

    /** The walk of one host's events; null when the store never saw the host (it has no events). */
    static PostingWalk ofHost(Connection connection, String host) throws SQLException {
        try (PreparedStatement term = connection.prepareStatement("SELECT id FROM terms WHERE term = ?")) {
            term.setString(1, host);
            try (ResultSet row = term.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                return new PostingWalk(
                        connection,
                        "host_postings",
                        "SELECT ids FROM host_postings WHERE chunk = ? AND host_id = ?",
                        row.getLong(1));
            }
        }
    }

    /** The walk of the events of every name that is {@code reversed} (reversed) or ends with it. */
    static PostingWalk ofNames(Connection connection, String reversed) {
        return new PostingWalk(
                connection,
                "name_postings",
                "SELECT ids FROM name_postings WHERE chunk = ? AND name_id IN "
                        + "(SELECT id FROM names WHERE rname = ? OR (rname >= ? AND rname < ?))",
                reversed,
                reversed + ".",
                reversed + "/");
    }

    /** Up to {@code limit} events with ids below {@code before} (0: any), newest first. */
    List<EventRecord> page(long before, int limit, Rows rows) throws SQLException {
        List<EventRecord> page = new ArrayList<>();
        long first;
        long last;
        // Each bound a query of its own, which reads one end of the key (SQLite scans the table for min and max in
        // one query: https://www.sqlite.org/optoverview.html#the_min_max_optimization).
        try (PreparedStatement bounds = connection.prepareStatement(
                        "SELECT (SELECT min(chunk) FROM " + table + "), (SELECT max(chunk) FROM " + table + ")");
                ResultSet result = bounds.executeQuery()) {
            if (!result.next() || result.getObject(1) == null) {
                return page;
            }
            first = result.getLong(1);
            last = result.getLong(2);
        }
        if (before > 0) {
            last = Math.min(last, EventPostings.chunk(before - 1));
        }
        long[] ids = new long[64];
        try (PreparedStatement postings = connection.prepareStatement(postingsOfChunk)) {
            for (int i = 0; i < parameters.length; i++) {
                postings.setObject(i + 2, parameters[i]);
            }
            for (long chunk = last; chunk >= first && page.size() < limit; chunk--) {
                int count = 0;
                postings.setLong(1, chunk);
                try (ResultSet result = postings.executeQuery()) {
                    while (result.next()) {
                        byte[] encoded = result.getBytes(1);
                        if (count + EventPostings.count(encoded) > ids.length) {
                            ids = Arrays.copyOf(ids, Math.max(ids.length * 2, count + EventPostings.count(encoded)));
                        }
                        count = EventPostings.decode(chunk, encoded, ids, count);
                    }
                }
                readNewestFirst(ids, count, before, limit, rows, page);
            }
        }
        return page;
    }

    /** Adds the events among the chunk's {@code count} ids (in any order) to the page, newest first. */
    private static void readNewestFirst(
            long[] ids, int count, long before, int limit, Rows rows, List<EventRecord> page) throws SQLException {
        Arrays.sort(ids, 0, count);
        // Retention's rebuild of a chunk may list an id twice when another sensor wrote into the chunk meanwhile.
        int distinct = Math.min(count, 1);
        for (int i = 1; i < count; i++) {
            if (ids[i] != ids[distinct - 1]) {
                ids[distinct++] = ids[i];
            }
        }
        int end = distinct;
        while (end > 0 && before > 0 && ids[end - 1] >= before) {
            end--;
        }
        while (end > 0 && page.size() < limit) {
            int start = Math.max(0, end - IDS_PER_READ);
            for (EventRecord row : rows.read(ids, start, end)) {
                if (page.size() == limit) {
                    break;
                }
                page.add(row);
            }
            end = start;
        }
    }
}
