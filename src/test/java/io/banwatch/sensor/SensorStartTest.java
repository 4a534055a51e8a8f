package io.banwatch.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigLoader;
import io.banwatch.match.CatalogException;
import io.banwatch.store.StoreException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sensor's start, whose store opens beside its catalog: either failure is reported, and nothing is left open. */
class SensorStartTest {

    @TempDir
    Path dir;

    private BanwatchConfig config(String yaml) {
        return ConfigLoader.parse("test", yaml + "alerts:\n  log: false\n", Map.of());
    }

    @Test
    void aCatalogThatFailsClosesTheStoreOpenedBesideIt() throws Exception {
        Path store = dir.resolve("banwatch.db");
        BanwatchConfig config =
                config("store:\n  path: " + store + "\ncatalog:\n  files: [" + dir.resolve("missing.yaml") + "]\n");
        assertThatThrownBy(() -> new Sensor(config, null, false, false, Sensor.StoreMode.REPLAY))
                .isInstanceOf(CatalogException.class);
        // A store left open would hold the file open from its own thread once it got there (tens of milliseconds).
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < deadline) {
            assertThat(openFilesUnder(dir)).isEmpty();
            Thread.sleep(20);
        }
        // A start refused for its configuration leaves no empty store behind.
        assertThat(store).doesNotExist();
    }

    @Test
    void aRefusedStartRemovesTheFoldersTheStoreMadeAndKeepsThoseThatWereThere() throws Exception {
        Path store = dir.resolve("data/sensors/banwatch.db");
        Path missingCatalog = dir.resolve("missing.yaml");
        BanwatchConfig config = config("store:\n  path: " + store + "\ncatalog:\n  files: [" + missingCatalog + "]\n");
        assertThatThrownBy(() -> new Sensor(config, null, false, false, Sensor.StoreMode.REPLAY))
                .isInstanceOf(CatalogException.class);
        assertThat(dir.resolve("data")).doesNotExist();
        assertThat(dir).exists();

        Path kept = Files.createDirectories(dir.resolve("kept"));
        Path existing = kept.resolve("banwatch.db");
        try (Sensor sensor =
                new Sensor(config("store:\n  path: " + existing + "\n"), null, false, false, Sensor.StoreMode.REPLAY)) {
            assertThat(sensor.store()).isNotNull();
        }
        BanwatchConfig refused =
                config("store:\n  path: " + existing + "\ncatalog:\n  files: [" + missingCatalog + "]\n");
        assertThatThrownBy(() -> new Sensor(refused, null, false, false, Sensor.StoreMode.REPLAY))
                .isInstanceOf(CatalogException.class);
        assertThat(existing).exists(); // a store that was there before stays, with what it holds
    }

    /** The files this process holds open under {@code folder} (Linux: /proc/self/fd). */
    private static List<Path> openFilesUnder(Path folder) throws IOException {
        List<Path> open = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(folder.toRealPath())) {
                        open.add(target);
                    }
                } catch (IOException e) {
                    // Closed since the listing (the listing's own descriptor among them).
                }
            }
        }
        return open;
    }

    @Test
    void aStoreThatCannotBeOpenedFailsTheStartWithItsOwnMessage() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.db"), "x".repeat(4096));
        BanwatchConfig config = config("store:\n  path: " + notes + "\n");
        assertThatThrownBy(() -> new Sensor(config, null, false, false, Sensor.StoreMode.REPLAY))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("the file is not an SQLite database");
    }

    @Test
    void aSensorWithoutAStoreOpensNone() {
        Path store = dir.resolve("banwatch.db");
        try (Sensor sensor = new Sensor(config("store:\n  path: " + store + "\n"), null, false, false)) {
            assertThat(sensor.store()).isNull();
        }
        assertThat(store).doesNotExist();
    }
}
