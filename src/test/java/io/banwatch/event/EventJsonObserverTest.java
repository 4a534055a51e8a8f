package io.banwatch.event;

import static io.banwatch.alert.TestEvents.tls;
import static io.banwatch.alert.TestEvents.updateBanned;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class EventJsonObserverTest {

    private static String write(Event event, String observer) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            EventJson.write(event, observer, json);
        }
        return out.toString();
    }

    @Test
    void observerNameFollowsTheTimestampWhenGiven() throws Exception {
        Event event = tls("2024-10-02T14:00:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned());

        assertThat(write(event, "sensor-1"))
                .startsWith("{\"@timestamp\":\"2024-10-02T14:00:00.000000Z\",\"observer\":{\"name\":\"sensor-1\"},")
                .isEqualTo(EventJson.toJson(event).replaceFirst(",", ",\"observer\":{\"name\":\"sensor-1\"},"));
    }

    @Test
    void theObservationsFileShapeHasNoObserver() throws Exception {
        Event event = tls("2024-10-02T14:00:00Z", "10.1.1.1", "example.org", null);

        assertThat(write(event, null)).isEqualTo(EventJson.toJson(event)).doesNotContain("observer");
    }
}
