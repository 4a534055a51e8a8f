package io.banwatch.alert;

import io.banwatch.decode.Endpoint;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import java.time.Instant;
import java.util.List;

/** Events for tests in the pipeline, alert and api packages. */
public final class TestEvents {

    public static final Instant UPDATES_BANNED = Instant.parse("2024-09-29T04:00:00Z");

    private TestEvents() {}

    public static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    public static Match match(Category category, String phase, Severity severity) {
        return new Match("kaspersky", category, "*.geo.kaspersky.com", phase, severity, "signature updates");
    }

    public static Match updateBanned() {
        return match(Category.UPDATE, "updates_banned", Severity.CRITICAL);
    }

    public static Event tls(String at, String clientIp, String serverName, Match match) {
        Observation o = Observation.tls(
                nanos(at),
                Protocol.TLS,
                Endpoint.parse(clientIp, 51234),
                Endpoint.parse("203.0.113.7", 443),
                -1,
                -1,
                serverName);
        return new Event(o, match);
    }

    /** A newly raised alert for one contact event, with no outcome yet. */
    public static Alert alert(Event event, String host, String message) {
        long at = event.observation().timestampNanos();
        String name = event.observation().name();
        return new Alert(
                "0123456789abcdef0123456789abcdef",
                1,
                Alert.Reason.NEW,
                event,
                host,
                event.match().severity(),
                at,
                at,
                1,
                name == null ? List.of() : List.of(name),
                List.of(event.match().rule()),
                Outcome.UNKNOWN,
                null,
                UPDATES_BANNED,
                message);
    }

    /** The outcome event that follows a contact event. */
    public static Event outcome(Event contact, Outcome outcome, OutcomeReason reason, long serverBytes) {
        return new Event(contact.observation(), contact.match(), new ContactOutcome(outcome, reason, serverBytes, 600));
    }

    public static Event dnsQuery(String at, String clientIp, String name, Match match) {
        Observation o = Observation.dns(
                nanos(at),
                Transport.UDP,
                Endpoint.parse(clientIp, 40000),
                Endpoint.parse("10.0.0.53", 53),
                10,
                -1,
                name,
                new Observation.Dns(Observation.DnsMessageType.QUERY, 4711, "A", null, List.of()));
        return new Event(o, match);
    }

    public static Event dnsAnswer(String at, String clientIp, String name, Match match) {
        Observation o = Observation.dns(
                nanos(at),
                Transport.UDP,
                Endpoint.parse("10.0.0.53", 53),
                Endpoint.parse(clientIp, 40000),
                -1,
                -1,
                name,
                new Observation.Dns(
                        Observation.DnsMessageType.ANSWER,
                        4711,
                        "A",
                        "NOERROR",
                        List.of(DnsRecord.parse(name, "A", 300, "203.0.113.7"))));
        return new Event(o, match);
    }

    public static Event http(String at, String clientIp, String host, Match match) {
        Observation o = Observation.http(
                nanos(at),
                Endpoint.parse(clientIp, 51000),
                Endpoint.parse("203.0.113.8", 80),
                -1,
                -1,
                host,
                "GET",
                "/diffs/bases.xml");
        return new Event(o, match);
    }
}
