package io.banwatch.cli;

import io.banwatch.sensor.Replay;
import io.banwatch.sensor.Sensor;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --summary text|json} and {@code --top N}: the report printed after a replay. */
final class SummaryOptions {

    enum Format {
        text,
        json
    }

    @Option(
            names = "--summary",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "Report after the replay: text (default) or json (the same report for scripts).")
    Format format = Format.text;

    @Option(
            names = "--top",
            paramLabel = "N",
            defaultValue = "" + RunReportText.DEFAULT_TOP,
            description = "Hosts and detail rows shown in the text report (default: ${DEFAULT-VALUE}).")
    int top = RunReportText.DEFAULT_TOP;

    void print(PrintWriter out, Replay.Result result, Sensor sensor) {
        RunReport report = RunReport.of(result, sensor);
        if (format == Format.json) {
            RunReportJson.print(out, report);
        } else {
            RunReportText.print(out, report, Math.max(1, top));
        }
    }
}
