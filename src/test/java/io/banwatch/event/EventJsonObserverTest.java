package io.banwatch.event;

import static io.banwatch.alert.TestEvents.tls;
import static io.banwatch.alert.TestEvents.updateBanned;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventJsonObserverTest {

    private static String write(Event event, String observer) {
        JsonOutput out = new JsonOutput(64);
        EventJson.write(event, observer, EventJson.Form.WHOLE, out);
        return out.toString();
    }

    @Test
    void observerNameFollowsTheTimestampWhenGiven() {
        Event event = tls("2024-10-02T14:00:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned());

        assertThat(write(event, "sensor-1"))
                .startsWith("{\"@timestamp\":\"2024-10-02T14:00:00.000000Z\",\"observer\":{\"name\":\"sensor-1\"},")
                .isEqualTo(EventJson.toJson(event).replaceFirst(",", ",\"observer\":{\"name\":\"sensor-1\"},"));
    }

    @Test
    void theObservationsFileShapeHasNoObserver() {
        Event event = tls("2024-10-02T14:00:00Z", "10.1.1.1", "example.org", null);

        assertThat(write(event, null)).isEqualTo(EventJson.toJson(event)).doesNotContain("observer");
    }
}
