package io.banwatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings a store's schema to the current version by running the ordered scripts it has not run yet, each in one
 * transaction, recording the version in {@code banwatch_schema}. A step that converts data SQL cannot (version 6) is
 * Java. A store written by a newer banwatch is refused rather than damaged.
 */
final class Migrations {

    /** One step of the schema, run inside the migration's transaction. */
    @FunctionalInterface
    interface Step {
        void apply(Connection connection, StoreDialect dialect) throws SQLException;
    }

    /** A step that runs the dialect's script of this name. */
    private static Step script(String name) {
        return (connection, dialect) -> {
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(scriptText(dialect.scripts(), name))) {
                    statement.execute(sql);
                }
            }
        };
    }

    /**
     * The steps in order; step N brings the schema from version N-1 to N: a script per dialect, or a step in Java.
     * Never edit one that has shipped.
     */
    static final List<Step> STEPS = List.of(
            script("V1__events_and_hosts.sql"),
            script("V2__alerts.sql"),
            script("V3__hosts_cursor.sql"),
            script("V4__compact_events.sql"),
            script("V5__lookup_epoch.sql"),
            (connection, dialect) -> EventDetailMigration.apply(connection),
            script("V7__postings.sql"));

    private Migrations() {}

    static int currentVersion() {
        return STEPS.size();
    }

    /** @return the version the store had before */
    static int apply(Connection connection, StoreDialect dialect) throws SQLException {
        return apply(connection, dialect, STEPS.size());
    }

    /**
     * Runs the steps up to version {@code target}, each in a transaction that first takes the dialect's schema
     * lock and reads the version again, so that two sensors starting at once on a new database migrate it once.
     *
     * @return the version the store had before
     */
    static int apply(Connection connection, StoreDialect dialect, int target) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        int before = -1;
        try {
            while (true) {
                dialect.lockSchema(connection);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE IF NOT EXISTS banwatch_schema (version INTEGER NOT NULL)");
                }
                int version = version(connection);
                if (before < 0) {
                    before = version;
                }
                if (version > STEPS.size()) {
                    throw new SQLException("the store has schema version " + version + ", newer than this banwatch "
                            + "knows (" + STEPS.size() + "); use a newer banwatch or another store");
                }
                if (version >= target) {
                    connection.commit();
                    return before;
                }
                STEPS.get(version).apply(connection, dialect);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DELETE FROM banwatch_schema");
                    statement.execute("INSERT INTO banwatch_schema (version) VALUES (" + (version + 1) + ")");
                }
                connection.commit();
            }
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    static int version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT max(version) FROM banwatch_schema")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    private static String scriptText(String dialect, String name) throws SQLException {
        String resource = "/io/banwatch/store/" + dialect + "/" + name;
        try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new SQLException("migration script missing from this build: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read migration script " + resource, e);
        }
    }

    /** The statements of a script: split on semicolons at line ends, comments dropped. */
    static List<String> statements(String script) {
        StringBuilder current = new StringBuilder();
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
