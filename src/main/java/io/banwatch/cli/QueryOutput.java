package io.banwatch.cli;

import io.banwatch.api.QueryRows;
import io.banwatch.store.AlertRecord;
import io.banwatch.store.EventRecord;
import io.banwatch.store.HostRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Query results as a table for people, JSON lines for programs, or CSV (RFC 4180) for spreadsheets. */
final class QueryOutput {

    private QueryOutput() {}

    static void hosts(PrintWriter out, List<HostRecord> rows, QueryOptions.Format format) {
        switch (format) {
            case table -> {
                if (rows.isEmpty()) {
                    out.println("No host matches.");
                    return;
                }
                TextTable table = new TextTable(
                        "HOST",
                        "VENDOR",
                        "SEVERITY",
                        "CATEGORIES",
                        "FIRST CONTACT",
                        "LAST CONTACT",
                        "CONTACTS",
                        "AFTER BAN",
                        "OUTCOME",
                        "FIRST PHASE",
                        "SENSOR");
                for (HostRecord h : rows) {
                    table.row(
                            h.host(),
                            h.vendor(),
                            h.worstSeverity(),
                            String.join(",", h.categories()),
                            RunReportText.time(h.firstSeenNanos()),
                            RunReportText.time(h.lastSeenNanos()),
                            String.format(Locale.ROOT, "%,d", h.contacts()),
                            String.format(Locale.ROOT, "%,d", h.contactsAfterBan()),
                            h.worstOutcome(),
                            h.firstPhase(),
                            h.observer());
                }
                table.print(out);
            }
            case json -> rows.forEach(h -> out.println(QueryRows.write(QueryRows.host(h))));
            case csv -> {
                out.print(QueryRows.csvLine(QueryRows.HOST_CSV));
                rows.forEach(h -> out.print(QueryRows.csvLine(QueryRows.hostCsv(h))));
            }
        }
    }

    static void events(PrintWriter out, List<EventRecord> rows, QueryOptions.Format format) {
        switch (format) {
            case table -> {
                if (rows.isEmpty()) {
                    out.println("No event matches.");
                    return;
                }
                TextTable table = new TextTable(
                        "TIME", "HOST", "SEVERITY", "CATEGORY", "PROTO", "NAME", "PHASE", "OUTCOME", "SENSOR");
                for (EventRecord e : rows) {
                    table.row(
                            RunReportText.time(e.timestampNanos()),
                            e.host(),
                            nonNull(e.severity()),
                            nonNull(e.category()),
                            e.protocol(),
                            nonNull(e.name()),
                            nonNull(e.phase()),
                            e.outcome() == null ? "" : e.outcome(),
                            e.observer());
                }
                table.print(out);
                out.printf(Locale.ROOT, "  %,d events, newest first (--limit sets how many)%n", rows.size());
            }
            case json -> rows.forEach(e -> out.println(QueryRows.write(QueryRows.event(e))));
            case csv -> {
                out.print(QueryRows.csvLine(QueryRows.EVENT_CSV));
                rows.forEach(e -> out.print(QueryRows.csvLine(QueryRows.eventCsv(e))));
            }
        }
    }

    static void alerts(PrintWriter out, List<AlertRecord> rows, QueryOptions.Format format) {
        switch (format) {
            case table -> {
                if (rows.isEmpty()) {
                    out.println("No alert matches.");
                    return;
                }
                TextTable table = new TextTable(
                        "LAST CONTACT",
                        "HOST",
                        "VENDOR",
                        "CATEGORY",
                        "SEVERITY",
                        "OUTCOME",
                        "COUNT",
                        "FIRST CONTACT",
                        "REV",
                        "NAMES",
                        "SENSOR");
                for (AlertRecord a : rows) {
                    table.row(
                            RunReportText.time(a.lastSeenNanos()),
                            a.host(),
                            a.vendor(),
                            a.category(),
                            a.severity(),
                            a.outcome(),
                            String.format(Locale.ROOT, "%,d", a.count()),
                            RunReportText.time(a.firstSeenNanos()),
                            Integer.toString(a.revision()),
                            String.join(",", a.names()),
                            a.observer());
                }
                table.print(out);
            }
            case json -> rows.forEach(a -> out.println(QueryRows.write(QueryRows.alert(a))));
            case csv -> {
                out.print(QueryRows.csvLine(QueryRows.ALERT_CSV));
                rows.forEach(a -> out.print(QueryRows.csvLine(QueryRows.alertCsv(a))));
            }
        }
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
