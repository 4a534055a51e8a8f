package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole-run, live and soak benchmark scripts at tiny sizes, so that they keep working: each must exit 0 and
 * print its table. The figures themselves mean nothing at these sizes (README, Performance, has the real runs).
 */
class BenchScriptsIT {

    // A 2,000-packet capture is written in a second; the four readers run once each, banwatch's launcher may first
    // train its start-up cache (about 30 s on a busy machine), tshark and ndpiReader take a few seconds.
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);
    // Two captures, each: banwatch starting in a namespace (up to a minute on a busy machine), the replay, settling.
    private static final Duration LIVE_TIMEOUT = Duration.ofMinutes(8);
    // banwatch starting in a namespace, then 18 seconds of replay.
    private static final Duration SOAK_TIMEOUT = Duration.ofMinutes(4);

    private static final Path OUT = DeploymentScript.repo().resolve("target/bench-smoke");

    @Test
    void wholeRunBenchmarkComparesTheFourReadersAndFindsEveryName() throws Exception {
        for (String tool : List.of("tcpdump", "tshark", "ndpiReader", "capinfos")) {
            Assumptions.assumeTrue(DeploymentScript.installed(tool), tool + " is not installed (.ci/run installs it)");
        }
        String output = run(
                RUN_TIMEOUT,
                OUT.resolve("run.log"),
                Map.of(
                        "BENCH_PACKETS",
                        "2000",
                        "BENCH_REPS",
                        "1",
                        "BENCH_OUT",
                        OUT.resolve("run").toString()),
                "bench/run.sh");

        assertThat(output)
                .containsPattern("(?m)^reader +median wall +packets/s")
                .containsPattern("(?m)^tcpdump +[0-9.]+ s ")
                .containsPattern("(?m)^tshark +[0-9.]+ s ")
                .containsPattern("(?m)^ndpiReader +[0-9.]+ s ")
                .containsPattern("(?m)^banwatch +[0-9.]+ s ")
                .containsPattern("(?m)^banwatch/tcpdump +[0-9.]+ ")
                .containsPattern("(?m)^tshark/banwatch +[0-9.]+ ")
                .containsPattern("(?m)^ndpiReader/banwatch +[0-9.]+ ")
                // the names are checked from one more run that writes every observation, timed apart
                .containsPattern("(?m)^banwatch with --observations \\(the names check's run\\): [0-9.]+ s wall")
                .contains("every name found")
                .doesNotContain("NOT COMPLETE")
                .doesNotContain("NOT CHECKED");
    }

    @Test
    void liveBenchmarkReplaysTheTapMixAndASynFloodIntoAVeth() throws Exception {
        assumeRootWith("ip", "tcpreplay", "ethtool", "curl", "capinfos");
        String output = run(
                LIVE_TIMEOUT,
                OUT.resolve("live.log"),
                Map.of(
                        "LIVE_PACKETS",
                        "2000",
                        "LIVE_PREFIX",
                        "bwbenchit",
                        "LIVE_OUT",
                        OUT.resolve("live").toString(),
                        "LIVE_FANOUT",
                        "1,2",
                        "LIVE_WARMUP",
                        "500"),
                "bench/live.sh");

        assertThat(output)
                .containsPattern("(?m)^capture +sent +offered/s +send fail +replay s +passed +proc\\./s +kernel")
                .contains("warm-up   the first 500 packets of each capture, replayed before it and not counted")
                // every packet sent, none failed; banwatch counted packets; the drop columns are numbers, and the
                // peak RSS in MB
                .containsPattern(
                        "(?m)^live-tap-2000\\.pcap/fanout1 +2000 +[0-9.]+ +0 +[0-9.]+ +[1-9][0-9]* +\\S+ +[0-9]+ "
                                + "+[0-9]+ +[0-9]+ +[1-9][0-9]*$")
                .containsPattern(
                        "(?m)^live-syn-2000\\.pcap/fanout1 +2000 +[0-9.]+ +0 +[0-9.]+ +[1-9][0-9]* +\\S+ +[0-9]+ "
                                + "+[0-9]+ +[0-9]+ +[1-9][0-9]*$")
                // capture.fanout 2: two capture threads in one PACKET_FANOUT group, each reading packets
                .containsPattern(
                        "(?m)^live-tap-2000\\.pcap/fanout2 +2000 +[0-9.]+ +0 +[0-9.]+ +[1-9][0-9]* +\\S+ +[0-9]+ "
                                + "+[0-9]+ +[0-9]+ +[1-9][0-9]*$")
                .containsPattern(
                        "(?m)^live-syn-2000\\.pcap/fanout2 +2000 +[0-9.]+ +0 +[0-9.]+ +[1-9][0-9]* +\\S+ +[0-9]+ "
                                + "+[0-9]+ +[0-9]+ +[1-9][0-9]*$")
                .containsPattern(
                        "(?m)^  banwatch: packets read by each of its 2 capture threads: [1-9][0-9]*, [1-9][0-9]*$");
    }

    @Test
    void soakSamplesALiveSensorWhileACaptureIsReplayedLoopedWithNewAddresses() throws Exception {
        assumeRootWith("ip", "tcpreplay", "ethtool", "curl");
        String output = run(
                SOAK_TIMEOUT,
                OUT.resolve("soak.log"),
                Map.of(
                        "SOAK_MINUTES", "0.3",
                        "SOAK_INTERVAL", "5",
                        "SOAK_PACKETS", "2000",
                        "SOAK_PPS", "2000",
                        "SOAK_PREFIX", "bwsoakit",
                        "SOAK_OUT", OUT.resolve("soak").toString()),
                "bench/soak.sh");

        assertThat(output)
                .containsPattern("(?m)^ minute +RSS MiB +passed +kernel +queue +events +st\\.drop +flows +store MiB$")
                // a sample: minutes, RSS, then packets counted and the other counters, all numbers
                .containsPattern(
                        "(?m)^ +[0-9.]+ +[1-9][0-9]* +[1-9][0-9]* +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+$")
                .containsPattern(
                        "(?m)^RSS       [1-9][0-9]* MiB at minute [0-9.]+, [1-9][0-9]* MiB at the end \\([-+][0-9.]+%\\), "
                                + "peak [1-9][0-9]* MiB$")
                .containsPattern("(?m)^counted   [1-9][0-9]* packets passed the filter, [0-9]+ events stored");
        // the live heap by class at the end, from the JDK's jcmd beside the java that ran banwatch
        Matcher heap = Pattern.compile("(?m)^heap      [1-9][0-9.]* MB live after a full collection \\((.+)\\)$")
                .matcher(output);
        assertThat(heap.find()).as(output).isTrue();
        assertThat(Files.readString(Path.of(heap.group(1))))
                .containsPattern("(?m)^Total +[1-9][0-9]* +[1-9][0-9]*$")
                .contains("io.banwatch.");
    }

    @Test
    void jitBenchmarkComparesSettingsOnTheBundledSample() throws Exception {
        Path sample = DeploymentScript.repo().resolve("src/main/resources/io/banwatch/sample/demo.pcapng");
        String output = run(
                RUN_TIMEOUT,
                OUT.resolve("jit.log"),
                Map.of(
                        "JIT_REPS",
                        "1",
                        "JIT_SETTINGS",
                        "tiered-aot-serial-young-thp-inline35-later c2-crypto-aot c2-path-aot"),
                "bench/jit.sh",
                sample.toString());

        // one row per setting with wall and CPU seconds and RSS: the compiler directives of the last two were accepted
        assertThat(output)
                .containsPattern("(?m)^capture +setting +wall s +CPU s +RSS MB$")
                .containsPattern(
                        "(?m)^demo\\.pcapng +tiered-aot-serial-young-thp-inline35-later +[0-9.]+ +[0-9.]+ +[0-9]+$")
                .containsPattern("(?m)^demo\\.pcapng +c2-crypto-aot +[0-9.]+ +[0-9.]+ +[0-9]+$")
                .containsPattern("(?m)^demo\\.pcapng +c2-path-aot +[0-9.]+ +[0-9.]+ +[0-9]+$");
    }

    /** Skips the test unless it runs as root (network namespaces) with every one of {@code tools} installed. */
    private static void assumeRootWith(String... tools) {
        Assumptions.assumeTrue(DeploymentScript.isRoot(), "needs root: network namespaces (run as root to include)");
        for (String tool : tools) {
            Assumptions.assumeTrue(DeploymentScript.installed(tool), tool + " is not installed (.ci/run installs it)");
        }
    }

    /** Runs {@code bash script args} from the repository with extra environment; asserts exit 0, returns the output. */
    private static String run(
            Duration timeout, Path log, Map<String, String> environment, String script, String... args)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(
                List.of("bash", DeploymentScript.repo().resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(DeploymentScript.repo().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.destroy(); // the scripts' EXIT traps delete their namespaces
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished)
                .as(script + " finished within " + timeout + "; log " + log + ":\n" + output)
                .isTrue();
        assertThat(process.exitValue())
                .as(script + " exit status; log " + log + ":\n" + output)
                .isZero();
        return output;
    }
}
