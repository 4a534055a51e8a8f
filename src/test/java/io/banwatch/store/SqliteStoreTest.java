package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.match.Category;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store contract on a real SQLite file, and what only the file has: WAL mode, a file that is no database. */
class SqliteStoreTest extends StoreContractTest {

    private Path file() {
        return dir.resolve("data/banwatch.db");
    }

    @Override
    EventStore open() {
        return EventStore.open(file());
    }

    @Override
    Connection raw() throws Exception {
        Files.createDirectories(file().getParent());
        return DriverManager.getConnection("jdbc:sqlite:" + file());
    }

    @Override
    StoreDialect dialect() {
        return StoreDialect.SQLITE;
    }

    @Test
    void aRetentionThatFailsPartWayLeavesNoRememberedHostBehindTheRowsItDeleted() throws Exception {
        try (EventStore store = open();
                Connection raw = raw()) {
            store.write(
                    List.of(contact("10.0.0.1", "a.kaspersky.com", Category.UPDATE, "updates_banned", BAN)),
                    List.of(Alerts.alert("a-1", 1, "10.0.0.1", "update", "unknown", BAN)),
                    1_000);
            try (Statement statement = raw.createStatement()) {
                statement.execute(
                        "CREATE TRIGGER refuse BEFORE DELETE ON alerts BEGIN SELECT RAISE(ABORT, 'refused'); END");
            }

            // The events' and the inventory's deletes are committed before the alerts' fails.
            assertThatThrownBy(() -> store.deleteStoredBefore(2_000)).isInstanceOf(SQLException.class);
            try (Statement statement = raw.createStatement()) {
                statement.execute("DROP TRIGGER refuse");
            }
            store.write(List.of(contact("10.0.0.1", "a.kaspersky.com", Category.UPDATE, "updates_banned", BAN)), 5_000);

            assertThat(allHosts(store)).singleElement().satisfies(host -> {
                assertThat(host.host()).isEqualTo("10.0.0.1");
                assertThat(host.contacts()).isEqualTo(1);
            });
        }
    }

    @Test
    void aFileThatIsNoDatabaseIsSaidPlainly() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.db"), "x".repeat(4096));
        assertThatThrownBy(() -> EventStore.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessage("store.path: cannot open " + file + " as the event store: the file is not an SQLite "
                        + "database");
    }

    @Test
    void thePageCacheIsTheConfiguredSize() throws Exception {
        try (EventStore byDefault = open();
                EventStore configured = EventStore.open(dir.resolve("cache.db"), 64);
                Statement s = byDefault.connection().createStatement();
                Statement t = configured.connection().createStatement();
                ResultSet defaultSize = s.executeQuery("PRAGMA cache_size");
                ResultSet configuredSize = t.executeQuery("PRAGMA cache_size")) {
            // Negative: KiB rather than pages (https://www.sqlite.org/pragma.html#pragma_cache_size).
            assertThat(defaultSize.next()).isTrue();
            assertThat(defaultSize.getLong(1)).isEqualTo(-16L * 1_024);
            assertThat(configuredSize.next()).isTrue();
            assertThat(configuredSize.getLong(1)).isEqualTo(-64L * 1_024);
        }
    }

    @Test
    void walModeIsOn() throws Exception {
        try (EventStore store = open();
                Statement s = store.connection().createStatement();
                ResultSet mode = s.executeQuery("PRAGMA journal_mode")) {
            assertThat(mode.next()).isTrue();
            assertThat(mode.getString(1)).isEqualTo("wal");
        }
    }
}
