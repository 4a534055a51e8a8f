package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event store when things go wrong, with real processes and real file systems: a sensor killed with SIGKILL
 * mid-run keeps every committed event and continues the same file; a full disk is reported and counted while the
 * replay goes on; a read-only store is refused at start in one line.
 */
class StoreFailuresIT {

    private static final Duration RUN = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private Path mount;

    private static Path sample() {
        return BanwatchProcess.repo().resolve("src/main/resources/io/banwatch/sample/demo.pcapng");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @BeforeEach
    void smallDisk() throws Exception {
        Assumptions.assumeTrue(isRoot(), "needs root: mounts a small tmpfs to fill and to turn read-only");
        mount = Files.createDirectories(dir.resolve("disk"));
        assertThat(exec("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString()))
                .isZero();
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            exec("umount", "-l", mount.toString());
        }
    }

    private Map<String, String> storeAt(Path db) {
        return Map.of("BANWATCH_HTTP_LISTEN", "127.0.0.1:0", "BANWATCH_STORE_PATH", db.toString());
    }

    @Test
    void aSensorKilledMidRunKeepsWhatWasCommittedAndContinuesTheFile() throws Exception {
        Path db = mount.resolve("banwatch.db");
        try (BanwatchProcess banwatch =
                BanwatchProcess.start(dir, storeAt(db), "replay", "--realtime", sample().toString())) {
            // The sample's first day is read in about a second and committed within the flush interval (1 s); then
            // real-time pacing holds the replay for 5 s before the second day.
            awaitFile(db);
            awaitCommittedEvents(db);
            banwatch.signal("KILL");
            banwatch.awaitExit(RUN);
        }
        long committed;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            try (ResultSet ok = s.executeQuery("PRAGMA integrity_check")) {
                assertThat(ok.next()).isTrue();
                assertThat(ok.getString(1)).isEqualTo("ok");
            }
            committed = count(s);
        }
        assertThat(committed).as("events committed before the kill").isPositive();
        try (BanwatchProcess again = BanwatchProcess.start(dir, storeAt(db), "replay", sample().toString())) {
            assertThat(again.awaitExit(RUN)).as(again.stderr()).isZero();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            assertThat(count(s)).isGreaterThan(committed);
        }
    }

    @Test
    void aFullDiskIsReportedAndCountedWhileTheReplayGoesOn() throws Exception {
        Path db = mount.resolve("banwatch.db");
        List<String> args = new ArrayList<>(List.of("replay"));
        for (int i = 0; i < 40; i++) {
            args.add(sample().toString()); // ~100 events of ~1 KB each per copy: more than the 1 MB disk holds
        }
        try (BanwatchProcess banwatch = BanwatchProcess.start(dir, storeAt(db), args.toArray(String[]::new))) {
            assertThat(banwatch.awaitExit(RUN)).as(banwatch.stderr()).isZero();
            assertThat(banwatch.stderr()).contains("cannot write", "the disk is full");
            assertThat(banwatch.stdout()).containsPattern("store +[\\d,]+ events written to .*; [\\d,]+ failed");
        }
    }

    @Test
    void aReadOnlyStoreIsRefusedAtStartInOneLine() throws Exception {
        Path db = mount.resolve("banwatch.db");
        try (BanwatchProcess first = BanwatchProcess.start(dir, storeAt(db), "replay", sample().toString())) {
            assertThat(first.awaitExit(RUN)).as(first.stderr()).isZero();
        }
        assertThat(exec("mount", "-o", "remount,ro", mount.toString())).isZero();
        try (BanwatchProcess banwatch = BanwatchProcess.start(dir, storeAt(db), "replay", sample().toString())) {
            assertThat(banwatch.awaitExit(RUN)).isEqualTo(1);
            assertThat(banwatch.stderr().strip())
                    .startsWith("banwatch: store.path: cannot open " + db + " as the event store: ")
                    .contains("read-only")
                    .doesNotContain("\n");
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + RUN.toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(file).exists();
    }

    /**
     * Waits for the first batch to be committed, however slow the machine: the kill must land after a commit and
     * during the replay's real-time pause before the sample's second day.
     */
    private static void awaitCommittedEvents(Path db) throws Exception {
        long deadline = System.nanoTime() + RUN.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                    Statement s = c.createStatement()) {
                if (count(s) > 0) {
                    return;
                }
            } catch (java.sql.SQLException notYet) {
                // the schema is not there yet
            }
            Thread.sleep(100);
        }
    }

    private static long count(Statement s) throws Exception {
        try (ResultSet rows = s.executeQuery("SELECT count(*) FROM events")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static int exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
