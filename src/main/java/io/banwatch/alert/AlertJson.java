package io.banwatch.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banwatch.event.EventJson;
import java.io.UncheckedIOException;

/** An alert as one line of JSON: the event JSON of its event plus a {@code message} field. */
public final class AlertJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {}

    public static String toJson(Alert alert) {
        try {
            // Alerts are rare (deduplicated per host and hour), so re-reading the event JSON as a tree is cheap
            // and keeps the one event writer in EventJson.
            ObjectNode node = (ObjectNode) MAPPER.readTree(EventJson.toJson(alert.event()));
            node.put("message", alert.message());
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("event JSON did not read back", e);
        }
    }
}
