package io.banwatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banwatch.event.Timestamps;
import io.banwatch.match.RuleView;
import io.banwatch.store.AlertRecord;
import io.banwatch.store.EventRecord;
import io.banwatch.store.HostRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Query results as JSON objects and CSV records (RFC 4180), shared by the HTTP API and {@code banwatch query}: events
 * and alerts as their stored JSON with ECS {@code observer.name}, hosts and catalog rules as flat objects.
 */
public final class QueryRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final List<String> EVENT_CSV = List.of(
            "timestamp", "observer", "host", "vendor", "category", "severity", "phase", "protocol", "name", "outcome");
    public static final List<String> HOST_CSV = List.of(
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
            "observer");
    public static final List<String> ALERT_CSV = List.of(
            "id",
            "revision",
            "vendor",
            "host",
            "category",
            "severity",
            "phase",
            "protocol",
            "names",
            "first_seen",
            "last_seen",
            "count",
            "outcome",
            "reason",
            "observer");
    public static final List<String> RULE_CSV =
            List.of("vendor", "kind", "pattern", "category", "confidence", "description", "source");

    private QueryRows() {}

    /** The stored event JSON with ECS {@code observer.name}, the sensor that saw it. */
    public static ObjectNode event(EventRecord e) {
        return withObserver(e.json(), e.observer());
    }

    /** The stored notification JSON of the alert's latest revision, with {@code observer.name}. */
    public static ObjectNode alert(AlertRecord a) {
        return withObserver(a.json(), a.observer());
    }

    public static ObjectNode host(HostRecord h) {
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
        return node;
    }

    public static ObjectNode rule(RuleView r) {
        ObjectNode node = JSON.createObjectNode();
        node.put("vendor", r.vendor());
        node.put("kind", r.kind());
        node.put("pattern", r.pattern());
        node.put("category", r.category().label());
        node.put("confidence", confidence(r));
        node.put("description", r.description());
        node.put("source", r.source());
        return node;
    }

    public static List<String> eventCsv(EventRecord e) {
        return Arrays.asList(
                Timestamps.format(e.timestampNanos()),
                e.observer(),
                e.host(),
                nonNull(e.vendor()),
                nonNull(e.category()),
                nonNull(e.severity()),
                nonNull(e.phase()),
                e.protocol(),
                nonNull(e.name()),
                nonNull(e.outcome()));
    }

    public static List<String> hostCsv(HostRecord h) {
        return Arrays.asList(
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
                h.observer());
    }

    public static List<String> alertCsv(AlertRecord a) {
        return Arrays.asList(
                a.id(),
                Integer.toString(a.revision()),
                a.vendor(),
                a.host(),
                a.category(),
                a.severity(),
                a.phase(),
                a.protocol(),
                String.join(" ", a.names()),
                Timestamps.format(a.firstSeenNanos()),
                Timestamps.format(a.lastSeenNanos()),
                Long.toString(a.count()),
                a.outcome(),
                a.reason(),
                a.observer());
    }

    // Arrays.asList rather than List.of: a field may be null (a rule without confidence), written as an empty field.
    public static List<String> ruleCsv(RuleView r) {
        return Arrays.asList(
                r.vendor(),
                r.kind(),
                r.pattern(),
                r.category().label(),
                confidence(r),
                nonNull(r.description()),
                nonNull(r.source()));
    }

    /** One CSV record with CRLF, quoting fields that need it (RFC 4180 section 2, rules 6 and 7). */
    public static String csvLine(List<String> fields) {
        StringJoiner line = new StringJoiner(",", "", "\r\n");
        for (String field : fields) {
            String value = field == null ? "" : field;
            if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
                value = "\"" + value.replace("\"", "\"\"") + "\"";
            }
            line.add(value);
        }
        return line.toString();
    }

    public static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectMapper mapper() {
        return JSON;
    }

    private static ObjectNode withObserver(String json, String observer) {
        ObjectNode node;
        try {
            node = (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            // A row's JSON is written by banwatch itself; should one be damaged, its columns still say what it was.
            node = JSON.createObjectNode().put("error", "stored JSON could not be read");
        }
        node.putObject("observer").put("name", observer);
        return node;
    }

    private static String confidence(RuleView r) {
        return r.confidence() == null ? null : r.confidence().name().toLowerCase(Locale.ROOT);
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
