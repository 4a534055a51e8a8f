package io.banwatch.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.filter.FilteringGeneratorDelegate;
import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banwatch.event.Event;
import io.banwatch.event.EventJson;
import io.banwatch.event.JsonOutput;
import io.banwatch.event.Outcome;
import io.banwatch.event.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The event JSON as the store keeps it (schema version 6): only what the row's columns do not already hold, as plain
 * UTF-8 JSON, and the whole event JSON put back together from the two when it is read.
 *
 * <p>Every event repeats its time, endpoints, protocol and match labels, which are columns (numbers into the lookup
 * tables) anyway; what is left (the transport, the DNS question and answers, the TLS server name and JA4, the HTTP
 * path, the name's source) is a few dozen bytes, short enough to need no compression. The writer thus spends nothing on
 * DEFLATE, which took half its time in earlier versions (measured with bench/store.sh; see the README's "The event
 * store at scale"). The event JSON read back is the one {@link EventJson} wrote, byte for byte: the fields come back
 * in its order (StoreContractTest.Writing checks this for every kind of event, on SQLite and PostgreSQL).
 */
final class StoredJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    /**
     * The fields left out of the stored form, by object, because a column holds the same value: {@code ts},
     * {@code protocol_id}, {@code src_ip_id}, {@code src_port}, {@code dst_ip_id}, {@code dst_port}, {@code dst_bytes},
     * the match labels and the outcome (ECS {@code event.outcome} follows from {@code banwatch.outcome}).
     */
    private static final Map<String, Set<String>> IN_COLUMNS = Map.of(
            "event", Set.of("outcome"),
            "network", Set.of("protocol"),
            "source", Set.of("ip", "port"),
            "destination", Set.of("ip", "port", "bytes"),
            "banwatch", Set.of("vendor", "category", "rule", "phase", "severity", "outcome", "outcome_reason"));

    private static final String TIMESTAMP = "@timestamp";

    /**
     * The nanoseconds beyond the {@code ts} column's microseconds (1 to 999), for times read from nanosecond capture
     * files and live sources, which libpcap gives in nanoseconds: a few bytes instead of the whole {@code @timestamp}.
     * Not an ECS field; it never leaves the store.
     */
    private static final String NANOS = "@ns";

    private static final JsonOutput.Name NANOS_NAME = JsonOutput.Name.of(NANOS);

    /** Leaves out the fields of {@link #IN_COLUMNS} inside one object; everything below them passes whole. */
    private static final class Without extends TokenFilter {
        private final Set<String> fields;

        Without(Set<String> fields) {
            this.fields = fields;
        }

        @Override
        public TokenFilter includeProperty(String name) {
            return fields.contains(name) ? null : TokenFilter.INCLUDE_ALL;
        }
    }

    private static final Map<String, TokenFilter> CHILDREN = IN_COLUMNS.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, fields -> new Without(fields.getValue())));

    private static final TokenFilter ROOT = new TokenFilter() {
        @Override
        public TokenFilter includeProperty(String name) {
            if (TIMESTAMP.equals(name)) {
                return null;
            }
            return CHILDREN.getOrDefault(name, TokenFilter.INCLUDE_ALL);
        }
    };

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private StoredJson() {}

    /**
     * The stored form of an event: its JSON without the fields the row's columns hold, written as such
     * ({@link EventJson.Form#STORE_DETAIL}) rather than filtered out of the whole JSON, which cost the pipeline a filter
     * per event.
     */
    static byte[] detail(Event event) {
        return detail(event, new JsonOutput(256));
    }

    /** {@link #detail(Event)} written with {@code scratch}, an output the caller keeps for the next event. */
    static byte[] detail(Event event, JsonOutput scratch) {
        int nanos = write(event, scratch);
        byte[] detail = new byte[length(scratch, nanos)];
        copy(scratch, nanos, detail, 0);
        return detail;
    }

    /**
     * Writes the stored form of an event into {@code scratch}, but for the nanoseconds member, which
     * {@link #copy} puts first.
     *
     * @return the nanoseconds beyond the microsecond (0 to 999), for {@link #length} and {@link #copy}
     */
    static int write(Event event, JsonOutput scratch) {
        scratch.reset();
        EventJson.write(event, null, EventJson.Form.STORE_DETAIL, scratch);
        return (int) (event.observation().timestampNanos() % 1_000);
    }

    /** The length of the stored form that {@link #write} left in {@code scratch}. */
    static int length(JsonOutput scratch, int nanos) {
        if (nanos == 0) {
            return scratch.size() > 2 ? scratch.size() : EMPTY_OBJECT.length;
        }
        return scratch.sizeWithFirstMember(NANOS_NAME, nanos);
    }

    /**
     * Copies the stored form that {@link #write} left in {@code scratch} into {@code out} at {@code at}, which has
     * room for {@link #length} bytes.
     */
    static void copy(JsonOutput scratch, int nanos, byte[] out, int at) {
        if (nanos != 0) {
            scratch.copyWithFirstMemberTo(NANOS_NAME, nanos, out, at);
        } else if (scratch.size() > 2) {
            scratch.copyTo(out, at);
        } else {
            System.arraycopy(EMPTY_OBJECT, 0, out, at, EMPTY_OBJECT.length);
        }
    }

    /**
     * The stored form of an event JSON that earlier schema versions kept whole (the migration to version 6): the
     * fields of {@link #IN_COLUMNS} filtered out, which gives what {@link #detail(Event)} writes for the same event
     * (StoreContractTest.Writing checks both for every kind of event).
     */
    static byte[] detail(String eventJson) throws IOException {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        int nanos = 0;
        try (JsonParser parser = FACTORY.createParser(eventJson);
                JsonGenerator json = filtered(out)) {
            if (parser.nextToken() != null) {
                JsonNode event = MAPPER.readTree(parser);
                if (event.get(TIMESTAMP) instanceof JsonNode time && time.isTextual()) {
                    nanos = Instant.parse(time.asText()).getNano() % 1_000;
                }
                MAPPER.writeTree(json, event);
            }
        } catch (DateTimeParseException e) {
            throw new IOException("its @timestamp is not a time: " + e.getMessage(), e);
        }
        return withNanos(out.toByteArray(), nanos);
    }

    /** {@code {"@ns":N,...}}: the nanoseconds as the first field of the stored form, when there are any. */
    private static byte[] withNanos(byte[] detail, int nanos) {
        if (detail.length == 0) {
            detail = EMPTY_OBJECT;
        }
        if (nanos == 0) {
            return detail;
        }
        byte[] field =
                ("{\"" + NANOS + "\":" + nanos + (detail.length > 2 ? "," : "")).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[field.length + detail.length - 1];
        System.arraycopy(field, 0, out, 0, field.length);
        System.arraycopy(detail, 1, out, field.length, detail.length - 1);
        return out;
    }

    private static JsonGenerator filtered(ByteArrayBuilder out) throws IOException {
        return new FilteringGeneratorDelegate(
                FACTORY.createGenerator(out), ROOT, TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true);
    }

    /**
     * The whole event JSON of one row of {@code event_rows}, read by column name: the stored form with the columns'
     * values put back where {@link EventJson} writes them.
     */
    static String full(ResultSet row) throws SQLException {
        ObjectNode detail;
        try {
            detail = (ObjectNode) MAPPER.readTree(row.getBytes("json"));
        } catch (IOException | ClassCastException e) {
            throw new SQLException("event " + row.getLong("id") + ": its stored JSON is damaged: " + e.getMessage(), e);
        }
        ObjectNode event = MAPPER.createObjectNode();
        JsonNode nanos = detail.remove(NANOS);
        event.put(TIMESTAMP, Timestamps.format(row.getLong("ts") * 1_000 + (nanos != null ? nanos.asLong() : 0)));
        String outcome = row.getString("outcome");
        ObjectNode ecsEvent = take(detail, "event");
        String ecsOutcome = ecsOutcome(outcome);
        if (ecsOutcome != null || !ecsEvent.isEmpty()) {
            ObjectNode node = event.putObject("event");
            if (ecsOutcome != null) {
                node.put("outcome", ecsOutcome);
            }
            node.setAll(ecsEvent);
        }
        ObjectNode network = take(detail, "network");
        ObjectNode networkOut = event.putObject("network");
        JsonNode transport = network.remove("transport");
        if (transport != null) {
            networkOut.set("transport", transport);
        }
        networkOut.put("protocol", row.getString("protocol"));
        networkOut.setAll(network);
        ObjectNode source = event.putObject("source");
        source.put("ip", row.getString("src_ip"));
        source.put("port", row.getInt("src_port"));
        source.setAll(take(detail, "source"));
        ObjectNode destination = event.putObject("destination");
        destination.put("ip", row.getString("dst_ip"));
        destination.put("port", row.getInt("dst_port"));
        destination.setAll(take(detail, "destination"));
        long destinationBytes = row.getLong("dst_bytes");
        if (!row.wasNull()) {
            destination.put("bytes", destinationBytes);
        }
        ObjectNode match = take(detail, "banwatch");
        // What follows the endpoints (dns, tls, http, url, labels) in the order it was written.
        for (Map.Entry<String, JsonNode> field : detail.properties()) {
            event.set(field.getKey(), field.getValue());
        }
        String vendor = row.getString("vendor");
        if (vendor != null || !match.isEmpty()) {
            ObjectNode banwatch = event.putObject("banwatch");
            putIfPresent(banwatch, "vendor", vendor);
            putIfPresent(banwatch, "category", row.getString("category"));
            putIfPresent(banwatch, "rule", row.getString("rule"));
            putIfPresent(banwatch, "phase", row.getString("phase"));
            putIfPresent(banwatch, "severity", row.getString("severity"));
            banwatch.setAll(match); // matched_by, confidence
            putIfPresent(banwatch, "outcome", outcome);
            putIfPresent(banwatch, "outcome_reason", row.getString("outcome_reason"));
        }
        try {
            return MAPPER.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes and returns one of the objects the columns fill in; anything else under that name stays. */
    private static ObjectNode take(ObjectNode detail, String field) {
        if (detail.get(field) instanceof ObjectNode node) {
            detail.remove(field);
            return node;
        }
        return MAPPER.createObjectNode();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String ecsOutcome(String outcome) {
        if (outcome == null) {
            return null;
        }
        try {
            return Outcome.fromLabel(outcome).ecsOutcome();
        } catch (IllegalArgumentException unknown) {
            return null; // a label a newer banwatch wrote: the row's own outcome column still says it
        }
    }
}
