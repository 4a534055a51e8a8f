package io.banwatch.report;

import io.banwatch.decode.Endpoint;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.CatalogLoader;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import io.banwatch.match.VendorCatalog;
import io.banwatch.store.EventStore;
import io.banwatch.store.StoredEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Hand-built stored events around the Kaspersky updates ban, and a report builder over them. */
final class ReportEvents {

    static final long BAN = 1_727_582_400_000_000_000L; // 2024-09-29T04:00:00Z
    static final long HOUR = 3_600_000_000_000L;
    static final long DAY = 24 * HOUR;
    static final Instant GENERATED = Instant.parse("2026-01-02T03:04:05Z");
    static final List<VendorCatalog> CATALOGS = List.of(CatalogLoader.loadBuiltIn("kaspersky"));

    private ReportEvents() {}

    static StoredEvent contact(String host, String name, Category category, long ts) {
        return StoredEvent.of(new Event(observation(host, name, ts), match(category, ts)), "sensor-1");
    }

    static StoredEvent outcome(String host, String name, Category category, Outcome outcome, long bytes, long ts) {
        return StoredEvent.of(
                new Event(
                        observation(host, name, ts),
                        match(category, ts),
                        new ContactOutcome(outcome, OutcomeReason.BYTES, bytes, 900)),
                "sensor-1");
    }

    private static Observation observation(String host, String name, long ts) {
        return Observation.tls(
                ts, Protocol.TLS, Endpoint.parse(host, 50_000), Endpoint.parse("203.0.113.7", 443), -1, -1, name);
    }

    private static Match match(Category category, long ts) {
        String phase = ts >= BAN ? "updates_banned" : "new_business_banned";
        Severity severity =
                category == Category.THREAT_INTEL ? Severity.INFO : ts >= BAN ? Severity.CRITICAL : Severity.MEDIUM;
        return new Match("kaspersky", category, "rule-" + name(category), phase, severity, "d");
    }

    private static String name(Category category) {
        return category.label();
    }

    static EventStore store(Path dir, List<StoredEvent> events) throws Exception {
        EventStore store = EventStore.open(dir.resolve("banwatch.db"));
        store.write(events, 1_800_000_000L);
        return store;
    }

    static ReportBuilder builder(EventStore store) {
        return new ReportBuilder(store, CATALOGS, Clock.fixed(GENERATED, ZoneOffset.UTC), "9.9.9-test");
    }
}
