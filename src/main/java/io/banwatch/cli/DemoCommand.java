package io.banwatch.cli;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.sensor.Replay;
import io.banwatch.sensor.Sensor;
import io.banwatch.source.CaptureException;
import io.banwatch.source.Captures;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code banwatch demo}: replays the bundled sample and keeps serving what it found. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Replay the bundled sample capture (workstations reaching Kaspersky update, KSN, licensing and "
                    + "management services before and after the 2024-09-29 ban, among ordinary traffic), print "
                    + "what was found, and keep serving /metrics until interrupted."
        })
final class DemoCommand implements Callable<Integer> {

    static final String SAMPLE = "/io/banwatch/sample/demo.pcapng";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Mixin
    StoreOption store;

    @Option(names = "--no-serve", description = "Print the report and exit instead of serving /metrics.")
    boolean noServe;

    /** The most passes over the sample: a thousand take a few seconds. */
    static final int MAX_PASSES = 1000;

    @Option(
            names = "--passes",
            paramLabel = "N",
            description = "Replay the sample N times in a row (default: ${DEFAULT-VALUE}, at most 1000). The "
                    + "launcher's start-up cache is trained with 100, so that it holds the profiles of a warmed-up "
                    + "replay.",
            defaultValue = "1")
    int passes;

    @Mixin
    SummaryOptions summary;

    @Override
    public Integer call() throws CaptureException, InterruptedException, IOException {
        if (passes < 1 || passes > MAX_PASSES) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--passes: " + passes + " is not between 1 and " + MAX_PASSES);
        }
        BanwatchConfig settings = config.load();
        PrintWriter out = spec.commandLine().getOut();
        Captures.requireLibpcap();
        Path sample = extractSample();
        Replay.Stopper stopper = new Replay.Stopper();
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signals.onStop(() -> {
            stopper.stop();
            stopRequested.countDown();
        });
        boolean json = summary.format == SummaryOptions.Format.json;
        try (Sensor sensor =
                new Sensor(settings, null, false, Terminal.readableAlerts(), store.mode(Sensor.StoreMode.REPLAY))) {
            int port = noServe ? -1 : sensor.serveHttp();
            if (!json) {
                out.println("banwatch demo: replaying the bundled sample (" + Files.size(sample) / 1024 + " KiB, "
                        + "recorded in a lab: workstations reaching Kaspersky before and after the ban; see "
                        + "docs/SAMPLE.md)" + (passes > 1 ? ", " + passes + " times" : ""));
                out.println();
                out.flush();
            }
            Replay.Result result;
            try (Progress progress = new Progress(spec.commandLine().getErr())) {
                result = Replay.run(
                        sensor,
                        Collections.nCopies(passes, sample),
                        new Replay.Options("auto", settings.capture().serverPorts(), false),
                        progress,
                        stopper);
            }
            sensor.drain(Duration.ofMinutes(1));
            if (!json) {
                out.println();
            }
            summary.print(out, result, sensor);
            if (!json) {
                whereNext(out, settings, port);
            }
            if (port >= 0 && !stopper.stopped()) {
                out.println();
                out.println("Serving until interrupted (Ctrl-C).");
                out.flush();
                stopRequested.await();
            }
            out.flush();
        } finally {
            Files.deleteIfExists(sample);
            Files.deleteIfExists(sample.getParent());
        }
        return ExitCodes.OK;
    }

    private static void whereNext(PrintWriter out, BanwatchConfig settings, int port) {
        out.println();
        out.println("Where to look next:");
        if (port >= 0) {
            String base = "http://" + ReplayCommand.displayHost(settings) + ":" + port;
            out.println("  metrics       " + base + "/metrics   (banwatch_matches_total, "
                    + "banwatch_offender_matches_total, ...)");
            out.println("  health        " + base + "/-/healthy and " + base + "/-/ready");
        }
        out.println("  alerts        on standard error (logger banwatch.alert): one line each on a terminal, JSON "
                + "otherwise");
        out.println("  every event   banwatch replay --observations - <capture>   (one JSON object per line)");
        out.println("  for scripts   banwatch demo --no-serve --summary json");
        out.println("  dashboards    dashboards/*.json (Grafana), config/prometheus/");
        out.println("  live capture  sudo bin/banwatch run -i <interface>   (list: bin/banwatch interfaces)");
    }

    private static Path extractSample() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new CommandFailure("the bundled sample is missing from this build (" + SAMPLE + ")");
            }
            Path directory = Files.createTempDirectory("banwatch-demo-");
            directory.toFile().deleteOnExit();
            Path file = directory.resolve("demo.pcapng");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }
}
