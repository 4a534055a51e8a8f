package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.match.Category;
import org.junit.jupiter.api.Test;

/** The stored form of the event JSON: exact round trips, and much smaller than the text. */
class JsonCodecTest {

    @Test
    void roundTripsEveryCharacterExactly() {
        String json = StoreContractTest.contact(
                        "10.0.0.1",
                        "dnl-01.geo.kaspersky.com",
                        Category.UPDATE,
                        "updates_banned",
                        StoreContractTest.BAN)
                .json();
        assertThat(JsonCodec.decode(JsonCodec.encode(json))).isEqualTo(json);
        String unusual = "{\"name\":\"\u00e9\u4e2d\\u0000\\\"<script>\",\"n\":" + "x".repeat(5_000) + "}";
        assertThat(JsonCodec.decode(JsonCodec.encode(unusual))).isEqualTo(unusual);
        assertThat(JsonCodec.decode(JsonCodec.encode(""))).isEmpty();
    }

    @Test
    void aTypicalEventShrinksToAQuarter() {
        String json = StoreContractTest.contact(
                        "10.0.0.1",
                        "ksn-url-geo.kaspersky-labs.com",
                        Category.KSN,
                        "updates_banned",
                        StoreContractTest.BAN)
                .json();
        assertThat(JsonCodec.encode(json).length).isLessThan(json.length() / 3);
    }
}
