package io.banwatch.cli;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.sensor.LiveCapture;
import io.banwatch.sensor.Sensor;
import io.banwatch.source.CaptureException;
import io.banwatch.source.LiveOptions;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code banwatch run}: live capture on one or more interfaces until stopped. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Capture on live interfaces (a tap or SPAN port) and report every host that reaches a cataloged vendor "
                    + "service: metrics on /metrics, alerts to the log, Alertmanager or a webhook. Runs until interrupted "
                    + "(SIGINT or SIGTERM); SIGHUP reloads the catalog files and reopens the --observations file.",
            "Capturing needs root or the CAP_NET_RAW and CAP_NET_ADMIN capabilities."
        })
final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    // How long a stop waits for the pipeline to drain and the sensor to close, before the alert flush timeout.
    private static final long CLEAN_UP_SECONDS = 10;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Mixin
    StoreOption store;

    @Mixin
    ObservationsOption observations;

    @Option(
            names = {"-i", "--interface"},
            paramLabel = "IFACE",
            description = "Interface to capture on; repeat for several (default: capture.interfaces).")
    List<String> interfaces;

    @Mixin
    FilterOption filterOption;

    @Override
    public Integer call() throws CaptureException, InterruptedException {
        BanwatchConfig settings = config.load();
        List<String> names = interfaces != null && !interfaces.isEmpty()
                ? interfaces
                : settings.capture().interfaces();
        if (names.isEmpty()) {
            throw new UsageException(
                    "no interface to capture on: give -i IFACE or set capture.interfaces (list them with: banwatch "
                            + "interfaces)");
        }
        BanwatchConfig.Capture capture = settings.capture();
        LiveOptions options = new LiveOptions(
                capture.snaplen(),
                capture.promiscuous(),
                capture.timeoutMillis(),
                capture.bufferBytes(),
                capture.immediate());
        String filter = filterOption.filter(settings);
        OutputStream events = observations.open(List.of());
        if (observations.file() != null) {
            Signals.onHangup(observations.file()::reopen);
        }
        try (Sensor sensor = new Sensor(
                settings,
                events,
                !observations.toStandardOutput(),
                Terminal.readableAlerts(),
                store.mode(Sensor.StoreMode.LIVE))) {
            Signals.onHangup(sensor::reloadCatalog);
            int port = sensor.serveHttp();
            PrintWriter err = spec.commandLine().getErr();
            try (LiveCapture live = LiveCapture.start(
                    sensor, names, options, filter, capture.serverPorts(), capture.statsIntervalSeconds())) {
                Signals.onStop(live::close);
                err.printf(
                        "banwatch: capturing on %s; metrics on http://%s:%d/metrics (Ctrl-C to stop)%n",
                        String.join(", ", names), ReplayCommand.displayHost(settings), port);
                err.flush();
                live.awaitEnd();
            }
            log.info("capture stopped; flushing events and sinks");
        }
        return ExitCodes.OK;
    }
}
