package io.banwatch.cli;

import io.banwatch.event.Timestamps;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.blindspot.BlindSpotKind;
import io.banwatch.match.Category;
import io.banwatch.match.Severity;
import io.banwatch.pipeline.PipelineSummary;
import io.banwatch.sensor.Findings;
import io.banwatch.sensor.Replay;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The replay report as text for people: timeline, hosts, detail, then the sensor's totals. */
final class RunReportText {

    /** Hosts and detail rows shown by default; the rest is counted, and is in the events and metrics. */
    static final int DEFAULT_TOP = 25;

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private RunReportText() {}

    static void print(PrintWriter out, RunReport report, int top) {
        Replay.Result result = report.result();
        out.println("banwatch report: " + String.join(", ", result.sources()));
        out.printf(
                Locale.ROOT,
                "  capture      %s, %,d packets inspected (%,.1f MB) in %.2f s (%,.0f packets/s)%n",
                span(report),
                result.packets(),
                result.bytes() / 1e6,
                result.seconds(),
                result.packetsPerSecond());
        if (result.stopped()) {
            out.println("  stopped      by a signal before the end: the report covers what was read");
        }
        for (Replay.FileResult damaged : result.damagedFiles()) {
            out.printf(
                    Locale.ROOT,
                    "  damaged      %s: read %,d packets (%,.1f MB), then %s%n",
                    damaged.name(),
                    damaged.packets(),
                    damaged.bytes() / 1e6,
                    damaged.damage());
        }
        for (RunReport.VendorTimeline timeline : report.timelines()) {
            printTimeline(out, timeline, result.packets());
        }
        printHosts(out, report, top);
        printDetail(out, report, top);
        printTotals(out, report);
        out.flush();
    }

    private static String span(RunReport report) {
        long first = report.result().phases().firstNanos();
        long last = report.result().phases().lastNanos();
        if (first > last) {
            return "no packets";
        }
        return time(first) + " to " + time(last);
    }

    private static void printTimeline(PrintWriter out, RunReport.VendorTimeline timeline, long total) {
        out.println();
        out.println("Policy timeline: " + timeline.displayName());
        TextTable table = new TextTable("PHASE", "FROM", "PACKETS IN THIS CAPTURE");
        for (RunReport.PhaseSpan phase : timeline.phases()) {
            String from = phase.startNanos() == Long.MIN_VALUE ? "" : time(phase.startNanos());
            String share = total == 0
                    ? "0"
                    : String.format(Locale.ROOT, "%,d (%.0f%%)", phase.packets(), 100.0 * phase.packets() / total);
            table.row(phase.name(), from, share);
        }
        table.print(out);
        RunReport.PhaseSpan deadline = timeline.deadline();
        if (deadline != null) {
            out.printf(
                    Locale.ROOT,
                    "  Deadline: updates and KSN banned from %s (%s)%n",
                    time(deadline.startNanos()),
                    eastern(deadline.startNanos()));
        }
    }

    private static String eastern(long nanos) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.US)
                .withZone(java.time.ZoneId.of("America/New_York"))
                .format(Timestamps.toInstant(nanos));
    }

    private static void printHosts(PrintWriter out, RunReport report, int top) {
        out.println();
        if (report.hosts().isEmpty()) {
            out.println("No host reached a cataloged vendor service.");
            return;
        }
        out.printf(
                Locale.ROOT,
                "Hosts that reached vendor services (%,d), most severe first%n",
                report.hosts().size());
        TextTable table = new TextTable(
                "HOST", "SEVERITY", "CATEGORIES", "FIRST CONTACT", "LAST CONTACT", "CONTACTS", "AFTER BAN", "OUTCOME");
        for (Findings.HostRow host : report.hosts().stream().limit(top).toList()) {
            table.row(
                    host.host(),
                    host.worstSeverity().label(),
                    host.categories().stream().map(Category::label).collect(Collectors.joining(",")),
                    time(host.firstSeenNanos()),
                    time(host.lastSeenNanos()),
                    String.format(Locale.ROOT, "%,d", host.contacts()),
                    String.format(Locale.ROOT, "%,d", host.afterBan()),
                    host.worstOutcome().label());
        }
        table.print(out);
        more(out, report.hosts().size(), top, "hosts");
        out.println(
                "  AFTER BAN: contacts while updates were banned; OUTCOME: the worst outcome of the host's contacts");
    }

    private static void printDetail(PrintWriter out, RunReport report, int top) {
        if (report.rows().isEmpty()) {
            return;
        }
        out.println();
        out.printf(
                Locale.ROOT,
                "Detail: each host, service name and protocol (%,d rows)%n",
                report.rows().size());
        TextTable table = new TextTable(
                "HOST", "SEVERITY", "CATEGORY", "NAME", "PROTO", "RULE", "COUNT", "FIRST", "LAST", "OUTCOME", "NOTE");
        for (Findings.Row row : report.rows().stream().limit(top).toList()) {
            table.row(
                    row.host(),
                    row.severity().label(),
                    row.category().label(),
                    row.name(),
                    row.protocol(),
                    row.match().rule(),
                    String.format(Locale.ROOT, "%,d", row.count()),
                    time(row.firstSeenNanos()),
                    time(row.lastSeenNanos()),
                    row.outcome().label(),
                    note(row));
        }
        table.print(out);
        more(out, report.rows().size(), top, "rows");
        if (report.rowsLeftOut() > 0) {
            out.printf(
                    Locale.ROOT,
                    "  (%,d further matches not tabulated: more than %,d distinct rows)%n",
                    report.rowsLeftOut(),
                    Findings.MAX_ROWS);
        }
    }

    /** Why a row reads as it does: a CNAME that led to the match, or a service the ban does not cover. */
    static String note(Findings.Row row) {
        StringJoiner notes = new StringJoiner("; ");
        if (row.via() != null) {
            notes.add("via CNAME " + row.via());
        }
        if (row.severity() == Severity.INFO) {
            notes.add("not banned");
        }
        return notes.toString();
    }

    private static void more(PrintWriter out, int size, int top, String what) {
        if (size > top) {
            out.printf(
                    Locale.ROOT,
                    "  ... and %,d more %s (--top N shows more; --summary json lists all)%n",
                    size - top,
                    what);
        }
    }

    private static void printTotals(PrintWriter out, RunReport report) {
        PipelineSummary summary = report.pipeline();
        out.println();
        out.println("Sensor");
        out.printf(Locale.ROOT, "  observations  %s%n", observations(summary));
        out.printf(Locale.ROOT, "  matches       %s%n", matches(summary));
        out.printf(Locale.ROOT, "  alerts        %,d%n", summary.alerts());
        out.printf(Locale.ROOT, "  anomalies     %s%n", joined(report.anomalies()));
        out.printf(Locale.ROOT, "  blind spots   %s%n", blindSpots(report));
        if (summary.queueDrops() > 0) {
            out.printf(Locale.ROOT, "  dropped       %,d events (pipeline queue full)%n", summary.queueDrops());
        }
        RunReport.StoreStatus store = report.store();
        if (store != null) {
            out.printf(
                    Locale.ROOT,
                    "  store         %,d events written to %s%s (banwatch query hosts)%n",
                    store.written(),
                    store.path(),
                    store.failed() + store.dropped() == 0
                            ? ""
                            : String.format(Locale.ROOT, "; %,d failed, %,d dropped", store.failed(), store.dropped()));
        }
    }

    private static String observations(PipelineSummary summary) {
        StringJoiner parts = new StringJoiner(", ");
        for (Protocol protocol : Protocol.values()) {
            long count = summary.observations().getOrDefault(protocol, 0L);
            if (count > 0) {
                parts.add(protocol.label() + " " + String.format(Locale.ROOT, "%,d", count));
            }
        }
        return summary.totalObservations() == 0
                ? "none"
                : String.format(Locale.ROOT, "%,d (%s)", summary.totalObservations(), parts);
    }

    private static String matches(PipelineSummary summary) {
        if (summary.totalMatches() == 0) {
            return "none";
        }
        StringJoiner parts = new StringJoiner(", ");
        for (Map.Entry<Category, Map<String, Long>> byCategory : new TreeMap<>(summary.matches()).entrySet()) {
            long total = byCategory.getValue().values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            parts.add(byCategory.getKey().label() + " " + total);
        }
        return String.format(Locale.ROOT, "%,d (%s)", summary.totalMatches(), parts);
    }

    private static String joined(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        StringJoiner parts = new StringJoiner(", ");
        counts.forEach((name, value) -> parts.add(name + " " + value));
        return String.format(Locale.ROOT, "%,d (%s)", total, parts);
    }

    private static String blindSpots(RunReport report) {
        if (report.blindSpots().isEmpty()) {
            return "none";
        }
        StringJoiner parts = new StringJoiner(", ");
        long total = 0;
        for (Map.Entry<BlindSpotKind, Long> entry : report.blindSpots().entrySet()) {
            parts.add(entry.getKey().label() + " " + entry.getValue());
            total += entry.getValue();
        }
        StringBuilder text =
                new StringBuilder(String.format(Locale.ROOT, "%,d (%s); see README, Limitations", total, parts));
        for (RunReport.EchOuterName outer :
                report.echOuterNames().stream().limit(5).toList()) {
            text.append(String.format(
                    Locale.ROOT, "%n                ECH outer name %s: %,d", outer.name(), outer.count()));
            if (outer.vendorMatch() != null) {
                text.append(" (a ")
                        .append(displayName(report, outer.vendorMatch().vendor()))
                        .append(" host: these hellos went to the vendor, which hides the real name inside)");
            }
        }
        return text.toString();
    }

    private static String displayName(RunReport report, String vendor) {
        return report.timelines().stream()
                .filter(t -> t.vendor().equals(vendor))
                .map(RunReport.VendorTimeline::displayName)
                .findFirst()
                .orElse(vendor);
    }

    static String time(long nanos) {
        return SECONDS.format(Timestamps.toInstant(nanos));
    }
}
