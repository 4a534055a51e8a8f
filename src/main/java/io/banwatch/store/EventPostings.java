package io.banwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which events each host and each name has, kept beside the events table instead of an index per event (schema
 * version 7, {@code V7__postings.sql}). Ids fall in chunks of {@link #CHUNK_IDS}; a row of {@code host_postings}
 * ({@code name_postings}) holds the ids one batch wrote for one host (name) within one chunk, as their offsets in the
 * chunk, two bytes each. A batch appends its rows at the end of the table's key order (chunk first), so it changes a
 * few pages however many hosts it holds: an index on the events' host made each batch change a page per host, which
 * on a store of millions of events no longer fit the page cache and set the ingest rate (bench/store.sh).
 */
final class EventPostings {

    /** Ids per chunk: an offset fits in two bytes, and a host's ids are found by one look-up per chunk. */
    static final int CHUNK_BITS = 15;

    static final int CHUNK_IDS = 1 << CHUNK_BITS;

    /** One row to write: a host's (name's) ids of this batch within one chunk. */
    record Row(long chunk, long term, long firstId, byte[] ids) {}

    private EventPostings() {}

    static long chunk(long id) {
        return id >> CHUNK_BITS;
    }

    /**
     * The rows for a batch: {@code terms[i]} is the host (name) number of the event with id {@code ids[i]} (0 for
     * none), ids ascending. Rows come in key order (chunk, term, first id).
     */
    static List<Row> rows(long[] ids, long[] terms, int count) {
        // One call per row, the work in RowBuilder.add: a batch's loop runs a handful of times per replay, too few for
        // the JIT to compile it, so whatever it does itself runs in the interpreter (a profile of the tap capture's
        // replay found two thirds of this method's time there).
        RowBuilder builder = new RowBuilder();
        for (int i = 0; i < count; i++) {
            builder.add(ids[i], terms[i]);
        }
        return builder.rows();
    }

    /** Binds and adds each row to {@code insert} (chunk, term, first_id, ids) and runs it. */
    static void insert(PreparedStatement insert, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        for (Row row : rows) {
            insert.setLong(1, row.chunk());
            insert.setLong(2, row.term());
            insert.setLong(3, row.firstId());
            insert.setBytes(4, row.ids());
            insert.addBatch();
        }
        insert.executeLargeBatch(); // not executeBatch, which SQLite's driver makes from this by a stream
    }

    /**
     * Writes the postings of every chunk up to and including {@code chunk} anew from the events left in them, after
     * retention deleted events below an id in that chunk: postings then list no deleted event, so a name without
     * postings has no event ({@code StoreRetention.pruneNames}). Rows another sensor's batch wrote meanwhile are kept.
     */
    static void rebuildThrough(Connection connection, long chunk) throws SQLException {
        for (String table : new String[] {"host_postings", "name_postings"}) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE chunk <= ?")) {
                delete.setLong(1, chunk);
                delete.executeUpdate();
            }
        }
        long[] ids = new long[64];
        long[] hosts = new long[64];
        long[] names = new long[64];
        int count = 0;
        try (PreparedStatement left = connection.prepareStatement(
                "SELECT id, host_id, coalesce(name_id, 0) FROM events WHERE id < ? ORDER BY id")) {
            left.setLong(1, (chunk + 1) << CHUNK_BITS);
            try (ResultSet row = left.executeQuery()) {
                while (row.next()) {
                    if (count == ids.length) {
                        ids = Arrays.copyOf(ids, count * 2);
                        hosts = Arrays.copyOf(hosts, count * 2);
                        names = Arrays.copyOf(names, count * 2);
                    }
                    ids[count] = row.getLong(1);
                    hosts[count] = row.getLong(2);
                    names[count++] = row.getLong(3);
                }
            }
        }
        try (PreparedStatement hostRows = connection.prepareStatement("INSERT INTO host_postings (chunk, host_id, "
                        + "first_id, ids) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
                PreparedStatement nameRows = connection.prepareStatement("INSERT INTO name_postings (chunk, name_id, "
                        + "first_id, ids) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert(hostRows, rows(ids, hosts, count));
            insert(nameRows, rows(ids, names, count));
        }
    }

    /** Adds the ids a row's {@code ids} column holds to {@code into} from {@code at}; returns the new end. */
    static int decode(long chunk, byte[] encoded, long[] into, int at) {
        long base = chunk << CHUNK_BITS;
        for (int i = 0; i + 1 < encoded.length; i += 2) {
            into[at++] = base + (((encoded[i] & 0xFF) << 8) | (encoded[i + 1] & 0xFF));
        }
        return at;
    }

    /** Ids a row's {@code ids} column holds. */
    static int count(byte[] encoded) {
        return encoded.length / 2;
    }

    /**
     * Gathers a batch's rows, ids ascending: each term's offsets in the current chunk, appended in id order, become
     * rows (terms ascending) when the next chunk starts.
     */
    private static final class RowBuilder {
        private final List<Row> rows = new ArrayList<>();
        private final Map<Long, OffsetList> byTerm = new HashMap<>();
        private long chunk = -1;

        void add(long id, long term) {
            if (term == 0) {
                return;
            }
            if (chunk(id) != chunk) {
                endChunk();
                chunk = chunk(id);
            }
            OffsetList offsets = byTerm.get(term);
            if (offsets == null) {
                offsets = new OffsetList(id);
                byTerm.put(term, offsets);
            }
            offsets.add((int) (id & (CHUNK_IDS - 1)));
        }

        List<Row> rows() {
            endChunk();
            return rows;
        }

        private void endChunk() {
            if (byTerm.isEmpty()) {
                return;
            }
            Long[] inOrder = byTerm.keySet().toArray(new Long[0]);
            Arrays.sort(inOrder);
            for (Long term : inOrder) {
                OffsetList offsets = byTerm.get(term);
                rows.add(new Row(chunk, term, offsets.firstId, offsets.encoded()));
            }
            byTerm.clear();
        }
    }

    /** A term's offsets within one chunk, in id order. */
    private static final class OffsetList {
        final long firstId;
        int[] offsets = new int[4];
        int size;

        OffsetList(long firstId) {
            this.firstId = firstId;
        }

        void add(int offset) {
            if (size == offsets.length) {
                offsets = Arrays.copyOf(offsets, size * 2);
            }
            offsets[size++] = offset;
        }

        byte[] encoded() {
            byte[] bytes = new byte[size * 2];
            for (int i = 0; i < size; i++) {
                bytes[2 * i] = (byte) (offsets[i] >>> 8);
                bytes[2 * i + 1] = (byte) offsets[i];
            }
            return bytes;
        }
    }
}
