package io.banwatch.cli;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.sensor.Replay;
import io.banwatch.sensor.Sensor;
import io.banwatch.source.CaptureException;
import io.banwatch.source.Captures;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code banwatch replay}: the same events and metrics as live capture, from capture files. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Replay pcap or pcapng files (also gzip-compressed): every observation and match as in live capture "
                    + "(DNS, TLS and QUIC server names, HTTP Host), with policy phases taken from the packets' own "
                    + "timestamps, then a report: the policy timeline, the hosts that reached vendor services, the "
                    + "detail.",
            "Files that follow one another in time (a capture rotated by tcpdump -G or -C) are read as one capture, "
                    + "connections followed across them; give them in time order. A file that starts before the last "
                    + "one ended is read afresh.",
            "A damaged file is read as far as it can be, named in the report, and the replay goes on with the next "
                    + "file (exit status 1 at the end)."
        })
final class ReplayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Mixin
    StoreOption store;

    @Mixin
    ObservationsOption observations;

    @Mixin
    SummaryOptions summary;

    @Option(names = "--realtime", description = "Replay at the speed the packets were captured.")
    boolean realtime;

    @Option(
            names = "--serve",
            description = "Serve /metrics on the configured address during the replay and keep serving after it "
                    + "until interrupted.")
    boolean serve;

    @Mixin
    FilterOption filterOption;

    @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "pcap or pcapng files, replayed in order.")
    List<Path> captures;

    @Override
    public Integer call() throws CaptureException, InterruptedException {
        BanwatchConfig settings = config.load();
        String filter = filterOption.filter(settings);
        Captures.requireLibpcap();
        for (Path capture : captures) {
            Captures.check(capture);
        }
        // Observations on standard output keep it clean JSON: the report then goes to standard error.
        PrintWriter report = observations.toStandardOutput()
                ? spec.commandLine().getErr()
                : spec.commandLine().getOut();
        OutputStream out = observations.open(captures);
        Replay.Stopper stopper = new Replay.Stopper();
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signals.onStop(() -> {
            stopper.stop();
            stopRequested.countDown();
        });
        if (observations.file() != null) {
            Signals.onHangup(observations.file()::reopen);
        }
        Replay.Result result;
        try (Sensor sensor = new Sensor(
                settings,
                out,
                !observations.toStandardOutput(),
                Terminal.readableAlerts(),
                store.mode(Sensor.StoreMode.REPLAY))) {
            if (serve) {
                Signals.onHangup(sensor::reloadCatalog);
                int port = sensor.serveHttp();
                report.printf("Serving metrics on http://%s:%d/metrics%n", displayHost(settings), port);
                report.flush();
            }
            Replay.Options options =
                    new Replay.Options(filter, settings.capture().serverPorts(), realtime);
            Progress progress = new Progress(spec.commandLine().getErr());
            try {
                result = Replay.run(sensor, captures, options, progress, stopper);
            } finally {
                progress.close();
                sensor.drain(Duration.ofMinutes(5));
            }
            summary.print(report, result, sensor);
            if (serve && !stopper.stopped()) {
                report.println();
                report.println("Replay done; still serving /metrics. Press Ctrl-C to stop.");
                report.flush();
                stopRequested.await();
            }
        }
        return result.damagedFiles().isEmpty() ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
    }

    static String displayHost(BanwatchConfig settings) {
        String host = settings.http().host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "localhost";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
