package io.banwatch.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import io.banwatch.match.Match;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes events in the one JSON shape that observations files, the store, the API and alert payloads share (ECS
 * field names; see the README's "Event JSON"). Fields that do not apply are left out.
 */
public final class EventJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private EventJson() {}

    /** The event as one line of JSON, without a line break. */
    public static String toJson(Event event) {
        StringWriter out = new StringWriter(256);
        write(event, out);
        return out.toString();
    }

    /** Writes the event as one JSON object, without a line break. */
    public static void write(Event event, Writer out) {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(event, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the event as one JSON object into an open generator. */
    public static void write(Event event, JsonGenerator json) throws IOException {
        write(event, null, json);
    }

    /**
     * Writes the event as one JSON object into an open generator, with ECS {@code observer.name} when a sensor name
     * is given: streamed and stored events carry it so that a fleet's events can be told apart; the observations
     * file, which one sensor writes on its own disk, does not.
     *
     * @param observerName the sensor's name, or null to leave {@code observer} out
     */
    public static void write(Event event, String observerName, JsonGenerator json) throws IOException {
        Observation o = event.observation();
        ContactOutcome outcome = event.outcome();
        json.writeStartObject();
        json.writeStringField("@timestamp", Timestamps.format(o.timestampNanos()));
        if (observerName != null) {
            json.writeObjectFieldStart("observer"); // ECS observer.name
            json.writeStringField("name", observerName);
            json.writeEndObject();
        }
        if (outcome != null) {
            json.writeObjectFieldStart("event"); // ECS event.outcome
            json.writeStringField("outcome", outcome.outcome().ecsOutcome());
            json.writeEndObject();
        }
        json.writeObjectFieldStart("network");
        json.writeStringField("transport", o.transport().label());
        json.writeStringField("protocol", o.protocol().label());
        if (o.vlanId() >= 0) {
            json.writeObjectFieldStart("vlan");
            json.writeNumberField("id", o.vlanId());
            json.writeEndObject();
        }
        if (o.tunnelId() >= 0) {
            json.writeObjectFieldStart("tunnel");
            json.writeNumberField("id", o.tunnelId());
            json.writeEndObject();
        }
        json.writeEndObject();
        writeEndpoint(json, "source", o.source(), null, outcome == null ? -1 : outcome.sourceBytes());
        // A name that the flow did not carry itself is the destination's: ECS destination.domain.
        writeEndpoint(
                json,
                "destination",
                o.destination(),
                o.nameSource() != null ? o.name() : null,
                outcome == null ? -1 : outcome.destinationBytes());
        switch (o.protocol()) {
            case DNS -> writeDns(json, o);
            case TLS, QUIC -> writeTls(json, o);
            case HTTP -> writeHttp(json, o);
            case KASPERSKY, KSC, UNKNOWN -> {} // endpoints, domain and labels say all there is
        }
        if (o.nameSource() != null) {
            json.writeObjectFieldStart("labels"); // ECS: custom keyword fields
            json.writeStringField("name_source", o.nameSource().label());
            json.writeEndObject();
        }
        if (event.match() != null) {
            writeMatch(json, event.match(), outcome);
        }
        json.writeEndObject();
    }

    private static void writeEndpoint(JsonGenerator json, String field, Endpoint endpoint, String domain, long bytes)
            throws IOException {
        json.writeObjectFieldStart(field);
        json.writeStringField("ip", endpoint.ip());
        json.writeNumberField("port", endpoint.port());
        if (domain != null) {
            json.writeStringField("domain", domain);
        }
        if (bytes >= 0) {
            json.writeNumberField("bytes", bytes);
        }
        json.writeEndObject();
    }

    private static void writeDns(JsonGenerator json, Observation o) throws IOException {
        Observation.Dns dns = o.dns();
        json.writeObjectFieldStart("dns");
        json.writeStringField("type", dns.type().label());
        json.writeNumberField("id", dns.id());
        if (o.name() != null) {
            json.writeObjectFieldStart("question");
            json.writeStringField("name", o.name());
            if (dns.questionType() != null) {
                json.writeStringField("type", dns.questionType());
            }
            json.writeEndObject();
        }
        if (dns.type() == Observation.DnsMessageType.ANSWER) {
            if (dns.responseCode() != null) {
                json.writeStringField("response_code", dns.responseCode());
            }
            json.writeArrayFieldStart("answers");
            for (DnsRecord record : dns.answers()) {
                json.writeStartObject();
                json.writeStringField("name", record.name());
                json.writeStringField("type", record.typeName());
                json.writeNumberField("ttl", record.ttl());
                json.writeStringField("data", record.data());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    /**
     * The server name only when the hello carried it; an attributed name is the destination's domain instead. The JA4
     * fingerprint goes in {@code tls.client.ja4}, as the event contract names it.
     */
    private static void writeTls(JsonGenerator json, Observation o) throws IOException {
        String serverName = o.nameSource() == null ? o.name() : null;
        if (serverName == null && !o.echOffered() && o.ja4() == null) {
            return;
        }
        json.writeObjectFieldStart("tls");
        json.writeObjectFieldStart("client");
        if (serverName != null) {
            json.writeStringField("server_name", serverName);
        }
        if (o.echOffered()) {
            json.writeBooleanField("ech_offered", true);
        }
        if (o.ja4() != null) {
            json.writeStringField("ja4", o.ja4());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeHttp(JsonGenerator json, Observation o) throws IOException {
        if (o.httpMethod() != null) {
            json.writeObjectFieldStart("http");
            json.writeObjectFieldStart("request");
            json.writeStringField("method", o.httpMethod());
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeObjectFieldStart("url");
        if (o.name() != null) {
            json.writeStringField("domain", o.name());
        }
        if (o.urlPath() != null) {
            json.writeStringField("path", o.urlPath());
        }
        json.writeEndObject();
    }

    private static void writeMatch(JsonGenerator json, Match match, ContactOutcome outcome) throws IOException {
        json.writeObjectFieldStart("banwatch");
        json.writeStringField("vendor", match.vendor());
        json.writeStringField("category", match.category().label());
        json.writeStringField("rule", match.rule());
        json.writeStringField("phase", match.phase());
        json.writeStringField("severity", match.severity().label());
        if (match.matchedBy() != null) { // a fingerprint names a client library, not a host: say so, and how sure
            json.writeStringField("matched_by", match.matchedBy());
        }
        if (match.confidence() != null) {
            json.writeStringField("confidence", match.confidence().label());
        }
        if (outcome != null) {
            json.writeStringField("outcome", outcome.outcome().label());
            if (outcome.reason() != null) {
                json.writeStringField("outcome_reason", outcome.reason().label());
            }
        }
        json.writeEndObject();
    }
}
