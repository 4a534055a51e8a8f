package io.banwatch.cli;

import io.banwatch.decode.Anomaly;
import io.banwatch.event.Timestamps;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.blindspot.BlindSpotKind;
import io.banwatch.match.Category;
import io.banwatch.pipeline.PipelineSummary;
import io.banwatch.sensor.Findings;
import io.banwatch.sensor.Replay;
import io.banwatch.sensor.Sensor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** The human summary printed after a replay: totals, then the hosts that reached vendor services. */
final class SummaryPrinter {

    /** Findings rows printed before the list is cut short; the events file and the metrics have the rest. */
    static final int MAX_ROWS_PRINTED = 50;

    private SummaryPrinter() {}

    static void print(PrintWriter out, Replay.Result result, Sensor sensor) {
        PipelineSummary summary = sensor.pipeline().summary();
        out.println("Summary");
        out.printf(Locale.ROOT, "  sources       %s%n", String.join(", ", result.sources()));
        out.printf(
                Locale.ROOT,
                "  packets       %,d inspected (%,.1f MB) in %.2f s, %,.0f packets/s%n",
                result.packets(),
                result.bytes() / 1e6,
                result.seconds(),
                result.packetsPerSecond());
        out.printf(Locale.ROOT, "  observations  %s%n", observations(summary));
        out.printf(Locale.ROOT, "  matches       %s%n", matches(summary));
        out.printf(Locale.ROOT, "  alerts        %,d%n", summary.alerts());
        out.printf(Locale.ROOT, "  anomalies     %s%n", anomalies(sensor));
        out.printf(Locale.ROOT, "  blind spots   %s%n", blindSpots(sensor));
        if (summary.queueDrops() > 0) {
            out.printf(Locale.ROOT, "  dropped       %,d events (pipeline queue full)%n", summary.queueDrops());
        }
        printFindings(out, sensor.findings());
        out.flush();
    }

    private static String observations(PipelineSummary summary) {
        StringJoiner parts = new StringJoiner(", ");
        for (Protocol protocol : Protocol.values()) {
            long count = summary.observations().getOrDefault(protocol, 0L);
            parts.add(protocol.label() + " " + String.format(Locale.ROOT, "%,d", count));
        }
        return String.format(Locale.ROOT, "%,d (%s)", summary.totalObservations(), parts);
    }

    private static String matches(PipelineSummary summary) {
        if (summary.totalMatches() == 0) {
            return "none";
        }
        StringJoiner parts = new StringJoiner("; ");
        for (Map.Entry<Category, Map<String, Long>> byCategory : new TreeMap<>(summary.matches()).entrySet()) {
            StringJoiner phases = new StringJoiner(", ");
            long total = 0;
            for (Map.Entry<String, Long> byPhase : new TreeMap<>(byCategory.getValue()).entrySet()) {
                phases.add(byPhase.getKey() + " " + byPhase.getValue());
                total += byPhase.getValue();
            }
            parts.add(byCategory.getKey().label() + " " + total + " (" + phases + ")");
        }
        return String.format(Locale.ROOT, "%,d: %s", summary.totalMatches(), parts);
    }

    private static String blindSpots(Sensor sensor) {
        StringJoiner parts = new StringJoiner(", ");
        long total = 0;
        for (BlindSpotKind kind : BlindSpotKind.values()) {
            long count = sensor.blindSpots().count(kind);
            if (count > 0) {
                parts.add(kind.label() + " " + count);
                total += count;
            }
        }
        if (total == 0) {
            return "none";
        }
        StringJoiner outer = new StringJoiner(", ");
        sensor.blindSpots().echOuterNames().stream().limit(5).forEach(n -> outer.add(n.name() + " " + n.count()));
        String ech = outer.length() == 0 ? "" : "; ECH outer names: " + outer;
        return String.format(Locale.ROOT, "%,d (%s)%s (see README, Limitations)", total, parts, ech);
    }

    private static String anomalies(Sensor sensor) {
        List<String> parts = new ArrayList<>();
        long[] total = {0};
        Map<String, Long> sorted = new TreeMap<>();
        sensor.anomalies().forEach((Anomaly anomaly, java.util.concurrent.atomic.LongAdder count) -> {
            long value = count.sum();
            if (value > 0) {
                sorted.put(anomaly.layer() + "/" + anomaly.reason(), value);
                total[0] += value;
            }
        });
        sorted.forEach((name, value) -> parts.add(name + " " + value));
        return total[0] == 0 ? "none" : String.format(Locale.ROOT, "%,d (%s)", total[0], String.join(", ", parts));
    }

    private static void printFindings(PrintWriter out, Findings findings) {
        List<Findings.Row> rows = findings.rows();
        out.println();
        if (rows.isEmpty()) {
            out.println("No host reached a cataloged vendor service.");
            return;
        }
        out.println("Hosts that reached vendor services");
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {
            "HOST", "VENDOR", "CATEGORY", "PROTO", "NAME", "COUNT", "FIRST SEEN", "LAST SEEN", "PHASE AT LAST"
        });
        for (Findings.Row row : rows.subList(0, Math.min(rows.size(), MAX_ROWS_PRINTED))) {
            table.add(new String[] {
                row.host(),
                row.match().vendor(),
                row.match().category().label(),
                row.protocol(),
                row.name(),
                Long.toString(row.count()),
                Timestamps.format(row.firstSeenNanos()),
                Timestamps.format(row.lastSeenNanos()),
                row.lastPhase()
            });
        }
        int[] widths = new int[table.get(0).length];
        for (String[] cells : table) {
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        for (String[] cells : table) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < cells.length; i++) {
                line.append(cells[i]).append(" ".repeat(widths[i] - cells[i].length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
        if (rows.size() > MAX_ROWS_PRINTED) {
            out.printf(
                    Locale.ROOT,
                    "  ... %,d more rows (see --observations or /metrics)%n",
                    rows.size() - MAX_ROWS_PRINTED);
        }
        if (findings.overflow() > 0) {
            out.printf(
                    Locale.ROOT,
                    "  (%,d further matches not tabulated: more than %,d distinct rows)%n",
                    findings.overflow(),
                    Findings.MAX_ROWS);
        }
    }
}
