package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * banwatch as a service manager and an operator see it: real processes stopped by real signals, log rotation by a
 * real logrotate, and a machine without libpcap.
 */
class ProcessLifecycleIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Map<String, String> LOOPBACK = Map.of("BANWATCH_HTTP_LISTEN", "127.0.0.1:0");
    private static final String NO_LIBPCAP =
            "banwatch: libpcap is not installed: install the package that brings it (Debian and Ubuntu: apt-get "
                    + "install libpcap0.8; Fedora and RHEL: dnf install libpcap; Alpine: apk add libpcap)";

    @TempDir
    Path dir;

    private static Path fixture(String name) {
        return BanwatchProcess.repo().resolve("src/test/resources/io/banwatch/fixtures/" + name);
    }

    private static Path sample() {
        return BanwatchProcess.repo().resolve("src/main/resources/io/banwatch/sample/demo.pcapng");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean installed(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aServingReplayStoppedBySignalExitsZero(String signal) throws Exception {
        try (BanwatchProcess banwatch = BanwatchProcess.start(
                dir, LOOPBACK, "replay", "--serve", fixture("http-update.pcap").toString())) {
            banwatch.awaitOutput("still serving /metrics", START);
            banwatch.signal(signal);
            assertThat(banwatch.awaitExit(Duration.ofSeconds(30)))
                    .as(banwatch.stderr())
                    .isZero();
        }
    }

    @Test
    void aReplayStoppedBySignalReportsWhatItReadAndExitsZero() throws Exception {
        // Real-time pacing makes the sample last several seconds (its two days apart are shortened to 5 s).
        try (BanwatchProcess banwatch =
                BanwatchProcess.start(dir, LOOPBACK, "replay", "--realtime", sample().toString())) {
            banwatch.awaitOutput("dnl-01.geo.kaspersky.com", START);
            banwatch.signal("TERM");
            assertThat(banwatch.awaitExit(Duration.ofSeconds(30)))
                    .as(banwatch.stderr())
                    .isZero();
            assertThat(banwatch.stdout())
                    .contains("banwatch report: demo.pcapng")
                    .contains("stopped      by a signal before the end");
        }
    }

    @Test
    void liveCaptureStoppedBySigtermExitsZeroAndSaysItStartedOnce() throws Exception {
        Assumptions.assumeTrue(isRoot(), "needs root: live capture on the loopback interface");
        try (BanwatchProcess banwatch = BanwatchProcess.start(dir, LOOPBACK, "run", "-i", "lo")) {
            banwatch.awaitOutput("capturing on lo", START);
            banwatch.signal("TERM");
            assertThat(banwatch.awaitExit(Duration.ofSeconds(30)))
                    .as(banwatch.stderr())
                    .isZero();
            String stderr = banwatch.stderr();
            assertThat(stderr.split("capturing on lo", -1)).as(stderr).hasSize(2);
            assertThat(stderr).doesNotContain("Already closed", "Exception");
        }
    }

    @Test
    void withoutLibpcapEveryCommandSaysSoInOneLine() throws Exception {
        List<List<String>> commands = List.of(
                List.of("demo", "--no-serve"),
                List.of("replay", fixture("http-update.pcap").toString()),
                List.of("run", "-i", "lo"),
                List.of("interfaces"));
        for (List<String> args : commands) {
            List<String> command = new java.util.ArrayList<>(List.of(
                    BanwatchProcess.javaBinary(),
                    "-Dorg.pcap4j.core.pcapLibName=/nonexistent/libpcap.so.0.8",
                    "-jar",
                    BanwatchProcess.jar().toString()));
            command.addAll(args);
            try (BanwatchProcess banwatch = BanwatchProcess.start(dir, LOOPBACK, command)) {
                assertThat(banwatch.awaitExit(Duration.ofSeconds(60)))
                        .as(args.toString())
                        .isEqualTo(1);
                assertThat(banwatch.stderr().strip()).as(args.toString()).isEqualTo(NO_LIBPCAP);
                assertThat(banwatch.stdout()).as(args.toString()).isEmpty();
            }
        }
    }

    @Test
    void permissionProblemsAreNamedAsSuch() throws Exception {
        Assumptions.assumeTrue(isRoot() && installed("runuser"), "needs root and runuser: runs banwatch as nobody");
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Path capture = Files.copy(fixture("http-update.pcap"), locked.resolve("x.pcap"));
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> asNobody = List.of(
                "runuser",
                "-u",
                "nobody",
                "--",
                BanwatchProcess.javaBinary(),
                "-jar",
                BanwatchProcess.jar().toString());

        List<String> unreadable = new java.util.ArrayList<>(asNobody);
        unreadable.addAll(List.of("replay", capture.toString()));
        try (BanwatchProcess banwatch = BanwatchProcess.start(dir, LOOPBACK, unreadable)) {
            assertThat(banwatch.awaitExit(START)).isEqualTo(2);
            assertThat(banwatch.stderr().strip())
                    .isEqualTo("banwatch: permission denied: cannot reach " + capture
                            + " (a folder on its path may not be searched by this user)");
        }

        List<String> unwritable = new java.util.ArrayList<>(asNobody);
        unwritable.addAll(List.of(
                "replay", "--observations", locked.resolve("events.jsonl").toString(), sample().toString()));
        try (BanwatchProcess banwatch = BanwatchProcess.start(dir, LOOPBACK, unwritable)) {
            assertThat(banwatch.awaitExit(START)).isEqualTo(1);
            assertThat(banwatch.stderr().strip())
                    .isEqualTo("banwatch: cannot write observations to " + locked.resolve("events.jsonl")
                            + ": permission denied");
        }
    }

    @Test
    void theLauncherKeepsOnlyTheCurrentJarsStartUpCache() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache/banwatch"));
        Path stale = Files.writeString(cache.resolve("banwatch-1700000000-123.aot"), "an earlier build's cache");
        List<String> command = List.of(
                BanwatchProcess.repo().resolve("bin/banwatch").toString(),
                "catalog",
                "match",
                "dnl-01.geo.kaspersky.com");
        try (BanwatchProcess banwatch = BanwatchProcess.start(
                dir,
                Map.of(
                        "XDG_CACHE_HOME",
                        dir.resolve("cache").toString(),
                        "BANWATCH_JAR",
                        BanwatchProcess.jar().toString()),
                command)) {
            assertThat(banwatch.awaitExit(Duration.ofSeconds(120)))
                    .as(banwatch.stderr())
                    .isZero();
            assertThat(banwatch.stdout()).startsWith("dnl-01.geo.kaspersky.com\tkaspersky\tupdate");
        }
        assertThat(stale).doesNotExist();
        try (Stream<Path> left = Files.list(cache)) {
            List<Path> files = left.toList();
            assertThat(files)
                    .as("the current jar's cache, made by a training run that succeeded")
                    .hasSize(1);
            assertThat(Files.size(files.get(0))).as(files.get(0).toString()).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"create", "copytruncate"})
    void logRotationLosesNoEvent(String mode) throws Exception {
        Assumptions.assumeTrue(installed("logrotate"), "needs logrotate (apt-get install logrotate)");
        Path reference = dir.resolve("reference.jsonl");
        try (BanwatchProcess once = BanwatchProcess.start(
                dir, LOOPBACK, "replay", "--observations", reference.toString(), sample().toString())) {
            assertThat(once.awaitExit(START)).isZero();
        }
        long expected = Files.readAllLines(reference).size();

        Path events = dir.resolve("events.jsonl");
        try (BanwatchProcess banwatch = BanwatchProcess.start(
                dir, LOOPBACK, "replay", "--realtime", "--observations", events.toString(), sample().toString())) {
            awaitQuiet(events);
            String postrotate =
                    mode.equals("create") ? "  postrotate\n    kill -HUP " + banwatch.pid() + "\n  endscript\n" : "";
            Path config = Files.writeString(
                    dir.resolve("logrotate.conf"),
                    events + " {\n  rotate 3\n  " + mode + "\n  missingok\n" + postrotate + "}\n");
            Process logrotate = new ProcessBuilder(
                            "logrotate", "-f", "-s", dir.resolve("state").toString(), config.toString())
                    .redirectErrorStream(true)
                    .start();
            assertThat(logrotate.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(logrotate.exitValue())
                    .as(new String(logrotate.getInputStream().readAllBytes()))
                    .isZero();
            assertThat(banwatch.awaitExit(START)).as(banwatch.stderr()).isZero();
        }
        Path rotated = dir.resolve("events.jsonl.1");
        List<String> before = Files.readAllLines(rotated);
        List<String> after = Files.readAllLines(events);
        assertThat(before).as("events before the rotation").isNotEmpty();
        assertThat(after)
                .as("events after the rotation, in the file at the path")
                .isNotEmpty();
        assertThat(before.size() + after.size()).isEqualTo(expected);
        assertThat(Files.readString(events))
                .as("no hole of NUL bytes")
                .doesNotContain("\0")
                .startsWith("{");
    }

    /** Waits until the file has lines and has stopped growing: the sample's first day has been written. */
    private static void awaitQuiet(Path file) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        long last = -1;
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            long size = Files.exists(file) ? Files.size(file) : 0;
            quiet = size > 0 && size == last ? quiet + 1 : 0;
            if (quiet >= 8) {
                return;
            }
            last = size;
            Thread.sleep(100);
        }
        throw new AssertionError(file + " did not fill and settle");
    }
}
