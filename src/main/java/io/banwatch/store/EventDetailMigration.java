package io.banwatch.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Schema version 6: every stored event JSON from DEFLATE-compressed and whole ({@link JsonCodec}, versions 1 to 5) to
 * the form {@link StoredJson} keeps, without the fields the columns hold. Data only: the tables stay as they are. Rows
 * go in pages of {@link #PAGE} by id, so a large store is converted in bounded memory, inside the migration's one
 * transaction.
 */
final class EventDetailMigration {

    private static final int PAGE = 10_000;

    private EventDetailMigration() {}

    static void apply(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT id, json FROM events WHERE id > ? ORDER BY id LIMIT " + PAGE);
                PreparedStatement update = connection.prepareStatement("UPDATE events SET json = ? WHERE id = ?")) {
            long after = 0;
            while (true) {
                List<Long> ids = new ArrayList<>(PAGE);
                List<byte[]> stored = new ArrayList<>(PAGE);
                select.setLong(1, after);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                        stored.add(rows.getBytes(2));
                    }
                }
                if (ids.isEmpty()) {
                    return;
                }
                for (int i = 0; i < ids.size(); i++) {
                    long id = ids.get(i);
                    update.setBytes(1, converted(id, stored.get(i)));
                    update.setLong(2, id);
                    update.addBatch();
                }
                update.executeBatch();
                after = ids.getLast();
            }
        }
    }

    private static byte[] converted(long id, byte[] compressed) throws SQLException {
        try {
            return StoredJson.detail(JsonCodec.decode(compressed));
        } catch (IOException | IllegalStateException e) {
            throw new SQLException(
                    "cannot convert stored event " + id + " to schema version 6 (" + e.getMessage()
                            + "); the store is left as it was: open it with the banwatch that wrote it, or start a new store",
                    e);
        }
    }
}
