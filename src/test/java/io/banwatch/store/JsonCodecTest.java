package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.Endpoint;
import io.banwatch.event.Event;
import io.banwatch.event.EventJson;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import org.junit.jupiter.api.Test;

/**
 * The form schema versions 1 to 5 kept the event JSON in, which the migration to version 6 reads: exact round trips,
 * and much smaller than the text.
 */
class JsonCodecTest {

    @Test
    void roundTripsEveryCharacterExactly() {
        String json = eventJson("dnl-01.geo.kaspersky.com", Category.UPDATE);
        assertThat(JsonCodec.decode(LegacyJson.encode(json))).isEqualTo(json);
        String unusual = "{\"name\":\"\u00e9\u4e2d\\u0000\\\"<script>\",\"n\":" + "x".repeat(5_000) + "}";
        assertThat(JsonCodec.decode(LegacyJson.encode(unusual))).isEqualTo(unusual);
        assertThat(JsonCodec.decode(LegacyJson.encode(""))).isEmpty();
    }

    @Test
    void aTypicalEventShrinksToAQuarter() {
        String json = eventJson("ksn-url-geo.kaspersky-labs.com", Category.KSN);
        assertThat(LegacyJson.encode(json).length).isLessThan(json.length() / 3);
    }

    private static String eventJson(String name, Category category) {
        Match match = new Match("kaspersky", category, "rule-" + name, "updates_banned", Severity.CRITICAL, "d");
        Observation o = Observation.tls(
                StoreContractTest.BAN,
                Protocol.TLS,
                Endpoint.parse("10.0.0.1", 50_000),
                Endpoint.parse("203.0.113.7", 443),
                -1,
                -1,
                name);
        return EventJson.toJson(new Event(o, match));
    }
}
