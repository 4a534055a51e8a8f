package io.banwatch.cli;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.sensor.Replay;
import io.banwatch.sensor.Sensor;
import io.banwatch.source.CaptureException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
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
            "Replay pcap or pcapng files: every observation and match as in live capture, with policy phases taken "
                    + "from the packets' own timestamps, then a summary.",
        })
final class ReplayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Mixin
    ObservationsOption observations;

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
        // Observations on standard output keep it clean JSON: the summary then goes to standard error.
        PrintWriter report = observations.toStandardOutput()
                ? spec.commandLine().getErr()
                : spec.commandLine().getOut();
        Writer out = observations.open();
        try (Sensor sensor = new Sensor(settings, out, !observations.toStandardOutput())) {
            if (serve) {
                int port = sensor.serveHttp();
                report.printf("Serving metrics on http://%s:%d/metrics%n", displayHost(settings), port);
                report.flush();
            }
            Replay.Options options = new Replay.Options(
                    filterOption.filter(settings), settings.capture().serverPorts(), realtime);
            Progress progress = new Progress(spec.commandLine().getErr());
            Replay.Result result;
            try {
                result = Replay.run(sensor, captures, options, progress);
            } finally {
                progress.close();
                sensor.drain(Duration.ofMinutes(5));
            }
            SummaryPrinter.print(report, result, sensor);
            if (result.readError() != null) {
                throw result.readError();
            }
            if (serve) {
                report.println();
                report.println("Replay done; still serving /metrics. Press Ctrl-C to stop.");
                report.flush();
                Thread.currentThread().join();
            }
        }
        return ExitCodes.OK;
    }

    static String displayHost(BanwatchConfig settings) {
        String host = settings.http().host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "localhost";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
