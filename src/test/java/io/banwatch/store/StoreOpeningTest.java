package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store opened beside the sensor's start: handed over when joined, its failure thrown as opening threw it. */
class StoreOpeningTest {

    @TempDir
    Path dir;

    private BanwatchConfig.Store settings(Path file) {
        return ConfigLoader.parse("test", "store:\n  path: " + file + "\n", Map.of())
                .store();
    }

    @Test
    void joinHandsOverTheStoreOpenWithItsSchema() throws Exception {
        StoreOpening opening = StoreOpening.start(settings(dir.resolve("data/banwatch.db")));
        try (EventStore store = opening.join()) {
            assertThat(Migrations.version(store.connection())).isEqualTo(Migrations.currentVersion());
        }
    }

    @Test
    void aFailureToOpenIsThrownByJoinAsOpeningThrewIt() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.db"), "x".repeat(4096));
        StoreOpening opening = StoreOpening.start(settings(file));
        assertThatThrownBy(opening::join)
                .isInstanceOf(StoreException.class)
                .hasMessage("store.path: cannot open " + file + " as the event store: the file is not an SQLite "
                        + "database");
    }

    @Test
    void abandoningAStoreItMadeRemovesItsFilesAndFolders() throws Exception {
        Path file = dir.resolve("data/banwatch.db");
        StoreOpening opening = StoreOpening.start(settings(file));
        opening.abandon();
        assertThat(dir.resolve("data")).doesNotExist();
        assertThat(dir).exists();
    }

    @Test
    void abandoningAStoreThatWasThereClosesItAndKeepsIt() throws Exception {
        Path file = dir.resolve("banwatch.db");
        EventStore.open(file).close();
        StoreOpening opening = StoreOpening.start(settings(file));
        opening.join(); // open, its write-ahead log with it
        assertThat(Path.of(file + "-wal")).exists();
        opening.abandon();
        // SQLite removes the write-ahead log when the last connection to the file closes.
        assertThat(file).exists();
        assertThat(Path.of(file + "-wal")).doesNotExist();
    }

    @Test
    void abandoningAStoreThatFailedToOpenSaysNothingMore() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.db"), "x".repeat(4096));
        StoreOpening opening = StoreOpening.start(settings(file));
        assertThatCode(opening::abandon).doesNotThrowAnyException();
    }
}
