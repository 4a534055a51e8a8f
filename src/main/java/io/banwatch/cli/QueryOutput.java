package io.banwatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banwatch.api.QueryRows;
import io.banwatch.event.Timestamps;
import io.banwatch.store.AlertRecord;
import io.banwatch.store.EventRecord;
import io.banwatch.store.HostRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Query results as a table for people, JSON lines for programs, or CSV (RFC 4180) for spreadsheets. */
final class QueryOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

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
            case json -> {
                for (HostRecord h : rows) {
                    ObjectNode node = JSON.createObjectNode();
                    node.put("host", h.host());
                    node.put("vendor", h.vendor());
                    node.put("severity", h.worstSeverity());
                    node.putPOJO("categories", h.categories());
                    node.putPOJO("names", h.names());
                    node.put("first_seen", Timestamps.format(h.firstSeenNanos()));
                    node.put("last_seen", Timestamps.format(h.lastSeenNanos()));
                    node.put("contacts", h.contacts());
                    node.put("contacts_after_ban", h.contactsAfterBan());
                    node.put("outcome", h.worstOutcome());
                    node.put("first_phase", h.firstPhase());
                    node.putObject("observer").put("name", h.observer());
                    out.println(write(node));
                }
            }
            case csv -> {
                out.print(csvLine(
                        "host",
                        "vendor",
                        "severity",
                        "categories",
                        "names",
                        "first_seen",
                        "last_seen",
                        "contacts",
                        "contacts_after_ban",
                        "outcome",
                        "first_phase",
                        "observer"));
                for (HostRecord h : rows) {
                    out.print(csvLine(
                            h.host(),
                            h.vendor(),
                            h.worstSeverity(),
                            String.join(" ", h.categories()),
                            String.join(" ", h.names()),
                            Timestamps.format(h.firstSeenNanos()),
                            Timestamps.format(h.lastSeenNanos()),
                            Long.toString(h.contacts()),
                            Long.toString(h.contactsAfterBan()),
                            h.worstOutcome(),
                            h.firstPhase(),
                            h.observer()));
                }
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
                if (!rows.isEmpty()) {
                    out.println("  (newest first; older: --until "
                            + Timestamps.format(rows.getLast().timestampNanos()) + ")");
                }
            }
            case json -> {
                for (EventRecord e : rows) {
                    out.println(withObserver(e));
                }
            }
            case csv -> {
                out.print(csvLine(
                        "timestamp",
                        "observer",
                        "host",
                        "vendor",
                        "category",
                        "severity",
                        "phase",
                        "protocol",
                        "name",
                        "outcome"));
                for (EventRecord e : rows) {
                    out.print(csvLine(
                            Timestamps.format(e.timestampNanos()),
                            e.observer(),
                            e.host(),
                            nonNull(e.vendor()),
                            nonNull(e.category()),
                            nonNull(e.severity()),
                            nonNull(e.phase()),
                            e.protocol(),
                            nonNull(e.name()),
                            nonNull(e.outcome())));
                }
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

    /** The stored event JSON with ECS {@code observer.name}, the sensor that saw it. */
    static String withObserver(EventRecord e) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(e.json());
            node.putObject("observer").put("name", e.observer());
            return write(node);
        } catch (JsonProcessingException | ClassCastException ex) {
            return e.json();
        }
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    /** One CSV record with CRLF, quoting fields that need it (RFC 4180 section 2). */
    static String csvLine(String... fields) {
        return QueryRows.csvLine(java.util.Arrays.asList(fields));
    }
}
