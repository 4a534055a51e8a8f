package io.banwatch.cli;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.report.ComplianceReport;
import io.banwatch.report.HtmlReport;
import io.banwatch.report.PdfPrinter;
import io.banwatch.report.ReportBuilder;
import io.banwatch.sensor.Catalogs;
import io.banwatch.store.EventStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code banwatch report}: the compliance report from the event store, as one HTML file or a PDF. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Write the compliance report for a period from the event store (store.path): the policy timeline, "
                    + "contacts over time with the deadline, the hosts, what got through after the deadline, and "
                    + "the sensors' coverage. One self-contained HTML file, or a PDF printed by headless Chromium."
        })
final class ReportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "From this packet time: 2024-09-01, 2024-09-29T04:00:00Z or an age such as 30d "
                    + "(default: the first stored event).")
    String since;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            description = "Before this time, same forms (default: just after the last stored event).")
    String until;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            required = true,
            description = "FILE.html (self-contained page) or FILE.pdf (needs chromium on PATH).")
    Path output;

    /** The clock of "generated at"; tests set a fixed one. */
    Clock clock = Clock.systemUTC();

    /** Where the browser is looked for: the PATH; tests set another. */
    String searchPath = System.getenv("PATH");

    @Override
    public Integer call() throws SQLException, IOException {
        boolean pdf = format(output);
        Long sinceNanos = QueryOptions.time("--since", since, clock.instant());
        Long untilNanos = QueryOptions.time("--until", until, clock.instant());
        if (sinceNanos != null && untilNanos != null && untilNanos <= sinceNanos) {
            throw new UsageException("--until must be after --since");
        }
        // Look for the browser before the work, so a missing one costs the user nothing but one line.
        PdfPrinter printer = pdf ? printer(searchPath) : null;
        BanwatchConfig settings = config.load();
        ComplianceReport report;
        try (EventStore store = QueryCommand.open(settings)) {
            report = new ReportBuilder(store, Catalogs.load(settings.catalog()), clock, VersionProvider.version())
                    .build(sinceNanos, untilNanos);
        }
        String html = HtmlReport.render(report);
        try {
            if (pdf) {
                printer.print(html, output);
            } else {
                Files.writeString(output, html, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new CommandFailure("cannot write the report to " + output + ": " + e.getMessage());
        }
        spec.commandLine().getOut().println("report written to " + output);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** True for a PDF; an output that is neither .html nor .pdf is a usage error. */
    private static boolean format(Path output) {
        String name = output.getFileName() == null
                ? ""
                : output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pdf")) {
            return true;
        }
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            return false;
        }
        throw new UsageException("--output: " + output + " must end in .html or .pdf");
    }

    private static PdfPrinter printer(String searchPath) {
        return new PdfPrinter(PdfPrinter.find(searchPath)
                .orElseThrow(() -> new CommandFailure("a PDF needs Chromium (" + String.join(", ", PdfPrinter.BROWSERS)
                        + ") on PATH: install chromium (apt-get install chromium), or write --output FILE.html")));
    }
}
