package io.banwatch.alert.alertmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banwatch.alert.Alert;
import io.banwatch.event.Timestamps;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One alert as Alertmanager API v2 takes it ({@code postableAlert} in Alertmanager's {@code api/v2/openapi.yaml}):
 * {@code labels} (its identity), {@code annotations}, {@code startsAt}, {@code endsAt} and {@code generatorURL}.
 */
record PostableAlert(
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorUrl) {

    /** The {@code alertname} label of every banwatch alert. */
    static final String ALERT_NAME = "BanwatchBannedServiceContact";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param apiBase the sensor's HTTP base, for example {@code http://sensor-1:19153}
     * @param now wall-clock time; {@code startsAt} is the first contact's packet time, no later than now
     */
    static PostableAlert of(Alert alert, String apiBase, Instant now, Instant endsAt) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", ALERT_NAME);
        labels.put("vendor", alert.vendor());
        labels.put("category", alert.category().label());
        labels.put("host", alert.host());
        labels.put("severity", alert.severity().label());
        labels.put("outcome", alert.outcome().label());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(
                "summary",
                alert.host() + " reached " + alert.vendor() + " "
                        + alert.category().label() + " services ("
                        + alert.outcome().label() + ")");
        annotations.put("description", alert.message());
        annotations.put("names", String.join(", ", alert.names()));
        annotations.put("rules", String.join(", ", alert.rules()));
        annotations.put("phase", alert.phase());
        annotations.put("first_seen", Timestamps.format(alert.firstSeenNanos()));
        annotations.put("last_seen", Timestamps.format(alert.lastSeenNanos()));
        annotations.put("count", Long.toString(alert.count()));
        annotations.put("alert_id", alert.id());
        Instant first = Timestamps.toInstant(alert.firstSeenNanos());
        String generator = apiBase + "/api/v1/alerts?vendor=" + query(alert.vendor()) + "&category="
                + query(alert.category().label()) + "&host=" + query(alert.host());
        return new PostableAlert(Map.copyOf(labels), annotations, first.isAfter(now) ? now : first, endsAt, generator);
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    PostableAlert endingAt(Instant end) {
        return new PostableAlert(labels, annotations, startsAt, end, generatorUrl);
    }

    /** The request body of {@code POST /api/v2/alerts}: a JSON array of postable alerts. */
    static byte[] toJson(Collection<PostableAlert> alerts) {
        ArrayNode array = JSON.createArrayNode();
        for (PostableAlert alert : alerts) {
            ObjectNode node = array.addObject();
            ObjectNode labels = node.putObject("labels");
            alert.labels().forEach(labels::put);
            ObjectNode annotations = node.putObject("annotations");
            alert.annotations().forEach(annotations::put);
            node.put("startsAt", alert.startsAt().toString());
            node.put("endsAt", alert.endsAt().toString());
            node.put("generatorURL", alert.generatorUrl());
        }
        try {
            return JSON.writeValueAsBytes(array);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
