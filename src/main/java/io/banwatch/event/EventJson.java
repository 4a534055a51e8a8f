package io.banwatch.event;

import io.banwatch.decode.Endpoint;
import io.banwatch.event.JsonOutput.Name;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import io.banwatch.match.Match;

/**
 * Writes events in the one JSON shape that observations files, the store, the API and alert payloads share (ECS
 * field names; see the README's "Event JSON"). Fields that do not apply are left out.
 */
public final class EventJson {

    /** Which of an event's fields to write. */
    public enum Form {
        /** The whole event JSON. */
        WHOLE,
        /**
         * What the event store's row does not hold in columns, which the store puts back when it reads the row: no
         * {@code @timestamp}, {@code event}, {@code network.protocol}, endpoint addresses and ports,
         * {@code destination.bytes}, match labels or outcome; an object left with nothing is left out.
         */
        STORE_DETAIL
    }

    private static final Name TIMESTAMP = Name.of("@timestamp");
    private static final Name OBSERVER = Name.of("observer");
    private static final Name EVENT = Name.of("event");
    private static final Name NETWORK = Name.of("network");
    private static final Name TRANSPORT = Name.of("transport");
    private static final Name PROTOCOL = Name.of("protocol");
    private static final Name VLAN = Name.of("vlan");
    private static final Name TUNNEL = Name.of("tunnel");
    private static final Name SOURCE = Name.of("source");
    private static final Name DESTINATION = Name.of("destination");
    private static final Name IP = Name.of("ip");
    private static final Name PORT = Name.of("port");
    private static final Name DOMAIN = Name.of("domain");
    private static final Name BYTES = Name.of("bytes");
    private static final Name DNS = Name.of("dns");
    private static final Name ID = Name.of("id");
    private static final Name NAME = Name.of("name");
    private static final Name TYPE = Name.of("type");
    private static final Name QUESTION = Name.of("question");
    private static final Name RESPONSE_CODE = Name.of("response_code");
    private static final Name ANSWERS = Name.of("answers");
    private static final Name TTL = Name.of("ttl");
    private static final Name DATA = Name.of("data");
    private static final Name TLS = Name.of("tls");
    private static final Name CLIENT = Name.of("client");
    private static final Name SERVER_NAME = Name.of("server_name");
    private static final Name ECH_OFFERED = Name.of("ech_offered");
    private static final Name JA4 = Name.of("ja4");
    private static final Name HTTP = Name.of("http");
    private static final Name REQUEST = Name.of("request");
    private static final Name METHOD = Name.of("method");
    private static final Name URL = Name.of("url");
    private static final Name PATH = Name.of("path");
    private static final Name LABELS = Name.of("labels");
    private static final Name NAME_SOURCE = Name.of("name_source");
    private static final Name BANWATCH = Name.of("banwatch");
    private static final Name VENDOR = Name.of("vendor");
    private static final Name CATEGORY = Name.of("category");
    private static final Name RULE = Name.of("rule");
    private static final Name PHASE = Name.of("phase");
    private static final Name SEVERITY = Name.of("severity");
    private static final Name MATCHED_BY = Name.of("matched_by");
    private static final Name CONFIDENCE = Name.of("confidence");
    private static final Name OUTCOME = Name.of("outcome");
    private static final Name OUTCOME_REASON = Name.of("outcome_reason");

    private EventJson() {}

    /** The event as one line of JSON, without a line break. */
    public static String toJson(Event event) {
        JsonOutput out = new JsonOutput(512);
        write(event, null, Form.WHOLE, out);
        return out.toString();
    }

    /**
     * Writes the event as one JSON object, without a line break, with ECS {@code observer.name} when a sensor name is
     * given: streamed and stored events carry it so that a fleet's events can be told apart; the observations file,
     * which one sensor writes on its own disk, does not.
     *
     * @param observerName the sensor's name, or null to leave {@code observer} out
     */
    public static void write(Event event, String observerName, Form form, JsonOutput json) {
        boolean whole = form == Form.WHOLE;
        Observation o = event.observation();
        ContactOutcome outcome = event.outcome();
        json.startObject();
        if (whole) {
            json.field(TIMESTAMP, Timestamps.format(o.timestampNanos()));
        }
        if (observerName != null) {
            json.startObject(OBSERVER); // ECS observer.name
            json.field(NAME, observerName);
            json.endObject();
        }
        if (outcome != null && whole) {
            json.startObject(EVENT); // ECS event.outcome
            json.field(OUTCOME, outcome.outcome().ecsOutcome());
            json.endObject();
        }
        writeNetwork(json, o, whole);
        long sourceBytes = outcome == null ? -1 : outcome.sourceBytes();
        if (whole || sourceBytes >= 0) {
            writeEndpoint(json, SOURCE, o.source(), null, sourceBytes, whole);
        }
        // A name that the flow did not carry itself is the destination's: ECS destination.domain. Its bytes are a
        // column of the store's row.
        String domain = o.nameSource() != null ? o.name() : null;
        if (whole || domain != null) {
            long destinationBytes = outcome == null || !whole ? -1 : outcome.destinationBytes();
            writeEndpoint(json, DESTINATION, o.destination(), domain, destinationBytes, whole);
        }
        switch (o.protocol()) {
            case DNS -> writeDns(json, o);
            case TLS, QUIC -> writeTls(json, o);
            case HTTP -> writeHttp(json, o);
            case KASPERSKY, KSC, UNKNOWN -> {} // endpoints, domain and labels say all there is
        }
        if (o.nameSource() != null) {
            json.startObject(LABELS); // ECS: custom keyword fields
            json.field(NAME_SOURCE, o.nameSource().label());
            json.endObject();
        }
        if (event.match() != null) {
            writeMatch(json, event.match(), outcome, whole);
        }
        json.endObject();
    }

    private static void writeNetwork(JsonOutput json, Observation o, boolean whole) {
        json.startObject(NETWORK);
        json.field(TRANSPORT, o.transport().label());
        if (whole) {
            json.field(PROTOCOL, o.protocol().label());
        }
        if (o.vlanId() >= 0) {
            json.startObject(VLAN);
            json.field(ID, o.vlanId());
            json.endObject();
        }
        if (o.tunnelId() >= 0) {
            json.startObject(TUNNEL);
            json.field(ID, o.tunnelId());
            json.endObject();
        }
        json.endObject();
    }

    /** Without {@code whole}, the addresses and ports are left out: they are columns of the store's row. */
    private static void writeEndpoint(
            JsonOutput json, Name field, Endpoint endpoint, String domain, long bytes, boolean whole) {
        json.startObject(field);
        if (whole) {
            json.field(IP, endpoint.ip());
            json.field(PORT, endpoint.port());
        }
        if (domain != null) {
            json.field(DOMAIN, domain);
        }
        if (bytes >= 0) {
            json.field(BYTES, bytes);
        }
        json.endObject();
    }

    private static void writeDns(JsonOutput json, Observation o) {
        Observation.Dns dns = o.dns();
        json.startObject(DNS);
        json.field(TYPE, dns.type().label());
        json.field(ID, dns.id());
        if (o.name() != null) {
            json.startObject(QUESTION);
            json.field(NAME, o.name());
            if (dns.questionType() != null) {
                json.field(TYPE, dns.questionType());
            }
            json.endObject();
        }
        if (dns.type() == Observation.DnsMessageType.ANSWER) {
            if (dns.responseCode() != null) {
                json.field(RESPONSE_CODE, dns.responseCode());
            }
            json.startArray(ANSWERS);
            for (DnsRecord record : dns.answers()) {
                json.startObject();
                json.field(NAME, record.name());
                json.field(TYPE, record.typeName());
                json.field(TTL, record.ttl());
                json.field(DATA, record.data());
                json.endObject();
            }
            json.endArray();
        }
        json.endObject();
    }

    /**
     * The server name only when the hello carried it; an attributed name is the destination's domain instead. The JA4
     * fingerprint goes in {@code tls.client.ja4}, as the event contract names it.
     */
    private static void writeTls(JsonOutput json, Observation o) {
        String serverName = o.nameSource() == null ? o.name() : null;
        if (serverName == null && !o.echOffered() && o.ja4() == null) {
            return;
        }
        json.startObject(TLS);
        json.startObject(CLIENT);
        if (serverName != null) {
            json.field(SERVER_NAME, serverName);
        }
        if (o.echOffered()) {
            json.field(ECH_OFFERED, true);
        }
        if (o.ja4() != null) {
            json.field(JA4, o.ja4());
        }
        json.endObject();
        json.endObject();
    }

    private static void writeHttp(JsonOutput json, Observation o) {
        if (o.httpMethod() != null) {
            json.startObject(HTTP);
            json.startObject(REQUEST);
            json.field(METHOD, o.httpMethod());
            json.endObject();
            json.endObject();
        }
        json.startObject(URL);
        if (o.name() != null) {
            json.field(DOMAIN, o.name());
        }
        if (o.urlPath() != null) {
            json.field(PATH, o.urlPath());
        }
        json.endObject();
    }

    /** In the store's detail only what names a fingerprint's match: the labels and the outcome are columns. */
    private static void writeMatch(JsonOutput json, Match match, ContactOutcome outcome, boolean whole) {
        if (!whole && match.matchedBy() == null && match.confidence() == null) {
            return;
        }
        json.startObject(BANWATCH);
        if (whole) {
            json.field(VENDOR, match.vendor());
            json.field(CATEGORY, match.category().label());
            json.field(RULE, match.rule());
            json.field(PHASE, match.phase());
            json.field(SEVERITY, match.severity().label());
        }
        if (match.matchedBy() != null) { // a fingerprint names a client library, not a host: say so, and how sure
            json.field(MATCHED_BY, match.matchedBy());
        }
        if (match.confidence() != null) {
            json.field(CONFIDENCE, match.confidence().label());
        }
        if (outcome != null && whole) {
            json.field(OUTCOME, outcome.outcome().label());
            if (outcome.reason() != null) {
                json.field(OUTCOME_REASON, outcome.reason().label());
            }
        }
        json.endObject();
    }
}
