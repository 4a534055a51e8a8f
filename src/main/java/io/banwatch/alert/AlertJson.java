package io.banwatch.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banwatch.event.EventJson;
import io.banwatch.event.Timestamps;
import java.io.UncheckedIOException;

/**
 * An alert as one line of JSON: the event JSON of its latest event, a {@code message}, and an {@code alert} object
 * with what the alert gathered: id and revision, first and last contact, count, names, rules, phase and outcome.
 */
public final class AlertJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {}

    public static String toJson(Alert alert) {
        try {
            // Alerts are rare (one per host, vendor and category per interval), so re-reading the event JSON as a
            // tree is cheap and keeps the one event writer in EventJson.
            ObjectNode node = (ObjectNode) MAPPER.readTree(EventJson.toJson(alert.event()));
            node.put("message", alert.message());
            node.set("alert", alertNode(alert));
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("event JSON did not read back", e);
        }
    }

    private static ObjectNode alertNode(Alert alert) {
        ObjectNode a = MAPPER.createObjectNode();
        a.put("id", alert.id());
        a.put("revision", alert.revision());
        a.put("reason", alert.reason().label());
        a.put("host", alert.host());
        a.put("severity", alert.severity().label());
        a.put("phase", alert.phase());
        if (alert.phaseStart() != null) {
            a.put("phase_start", alert.phaseStart().toString());
            long seconds =
                    Math.floorDiv(alert.lastSeenNanos() - Timestamps.toNanos(alert.phaseStart()), 1_000_000_000L);
            a.put("seconds_after_phase_start", seconds);
        }
        a.put("first_seen", Timestamps.format(alert.firstSeenNanos()));
        a.put("last_seen", Timestamps.format(alert.lastSeenNanos()));
        a.put("count", alert.count());
        ArrayNode names = a.putArray("names");
        alert.names().forEach(names::add);
        ArrayNode rules = a.putArray("rules");
        alert.rules().forEach(rules::add);
        a.put("outcome", alert.outcome().label());
        if (alert.outcomeDetail() != null && alert.outcomeDetail().reason() != null) {
            a.put("outcome_reason", alert.outcomeDetail().reason().label());
        }
        return a;
    }
}
