package io.banwatch.alert.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banwatch.alert.Alert;
import io.banwatch.alert.TestEvents;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The body of {@code POST /api/v2/alerts} (Alertmanager's {@code postableAlerts}). */
class PostableAlertTest {

    @Test
    void labelsAnnotationsTimesAndGeneratorUrl() throws Exception {
        Alert alert = TestEvents.alert(
                TestEvents.tls(
                        "2024-10-02T14:02:00Z", "fd77::2", "dnl-07.geo.kaspersky.com", TestEvents.updateBanned()),
                "fd77::2",
                "host fd77::2 reached Kaspersky update service");
        Instant now = Instant.parse("2024-10-02T14:03:00Z");

        JsonNode body = new ObjectMapper()
                .readTree(PostableAlert.toJson(
                        List.of(PostableAlert.of(alert, "http://sensor-1:19153", now, now.plusSeconds(900)))));

        JsonNode a = body.get(0);
        assertThat(a.path("labels").properties())
                .extracting(e -> e.getKey() + "=" + e.getValue().asText())
                .containsExactlyInAnyOrder(
                        "alertname=BanwatchBannedServiceContact",
                        "vendor=kaspersky",
                        "category=update",
                        "host=fd77::2",
                        "severity=critical",
                        "outcome=unknown");
        assertThat(a.path("annotations").path("description").asText()).isEqualTo(alert.message());
        assertThat(a.path("annotations").path("names").asText()).isEqualTo("dnl-07.geo.kaspersky.com");
        assertThat(a.path("annotations").path("alert_id").asText()).isEqualTo(alert.id());
        assertThat(a.path("startsAt").asText()).isEqualTo("2024-10-02T14:02:00Z");
        assertThat(a.path("endsAt").asText()).isEqualTo("2024-10-02T14:18:00Z");
        assertThat(a.path("generatorURL").asText())
                .isEqualTo("http://sensor-1:19153/api/v1/alerts?vendor=kaspersky&category=update&host=fd77%3A%3A2");
    }
}
