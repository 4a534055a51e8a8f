package io.banwatch.bench;

import io.banwatch.decode.Endpoint;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import io.banwatch.store.EventFilter;
import io.banwatch.store.EventStore;
import io.banwatch.store.StoredEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The event store at scale, as one whole run (not a timed unit test): ingests N matched events in the writer's batch
 * size into a fresh SQLite file, then times the questions staff ask: the host inventory and a filtered page of events.
 * Prints events per second, bytes per event and query latencies (median of repeated runs).
 *
 * <p>{@code bench/store.sh [EVENTS] [FILE]}: 10,000,000 events by default.
 */
public final class StoreScaleBench {

    private static final long BAN = 1_727_582_400_000_000_000L; // 2024-09-29T04:00:00Z
    private static final long DAY = 86_400_000_000_000L;
    private static final String[] NAMES = {
        "dnl-01.geo.kaspersky.com", "dnl-07.geo.kaspersky.com", "s07.upd.kaspersky.com",
                "ksn-url-geo.kaspersky-labs.com",
        "ksn-file.geoksn.kaspersky.com", "activation-v2.kaspersky.com", "touch.kaspersky.com", "x23.ksc.kaspersky.com",
        "opentip.kaspersky.com", "dnl-12.geo.kaspersky.com"
    };
    private static final Category[] CATEGORIES = {
        Category.UPDATE,
        Category.UPDATE,
        Category.UPDATE,
        Category.KSN,
        Category.KSN,
        Category.LICENSING,
        Category.TELEMETRY,
        Category.MANAGEMENT,
        Category.THREAT_INTEL,
        Category.UPDATE
    };
    private static final Protocol[] PROTOCOLS = {Protocol.DNS, Protocol.TLS, Protocol.HTTP, Protocol.QUIC};
    private static final int HOSTS = 5_000;
    private static final int BATCH = io.banwatch.store.StoreWriter.BATCH;

    private StoreScaleBench() {}

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 10_000_000L;
        Path file = Path.of(args.length > 1 ? args[1] : "target/bench-store/banwatch.db");
        int cacheMib = args.length > 2 ? Integer.parseInt(args[2]) : 16; // store.cache_mib's default
        Files.createDirectories(file.toAbsolutePath().getParent());
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        SplittableRandom random = new SplittableRandom(20240929);
        try (EventStore store = EventStore.open(file, cacheMib)) {
            long started = System.nanoTime();
            List<StoredEvent> batch = new ArrayList<>(BATCH);
            long storedAt = System.currentTimeMillis() / 1000;
            long generatedNanos = 0;
            // CPU time of this (the writing) thread in store.write: on a machine shared with other work the wall
            // clock counts their time too.
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long writeCpuNanos = 0;
            for (long i = 0; i < events; i++) {
                long t0 = System.nanoTime();
                batch.add(event(random, i, events));
                generatedNanos += System.nanoTime() - t0;
                if (batch.size() == BATCH || i == events - 1) {
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    store.write(batch, storedAt);
                    writeCpuNanos += threads.getCurrentThreadCpuTime() - cpu0;
                    batch.clear();
                }
                if ((i + 1) % 1_000_000 == 0) {
                    System.err.printf(Locale.ROOT, "  %,d events ...%n", i + 1);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double writeSeconds = seconds - generatedNanos / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "ingest CPU      %,.0f events per CPU-second of the writing thread (%.1f CPU-s in store.write)%n",
                    events / (writeCpuNanos / 1e9),
                    writeCpuNanos / 1e9);
            long bytes = Files.size(file) + sizeOr0(Path.of(file + "-wal"));
            System.out.printf(
                    Locale.ROOT, "events          %,d (%,d hosts), %d MiB of page cache%n", events, HOSTS, cacheMib);
            System.out.printf(
                    Locale.ROOT,
                    "ingest          %,.0f events/s in batches of %,d (%.1f s writing; %.1f s in all with making the"
                            + " events)%n",
                    events / writeSeconds,
                    BATCH,
                    writeSeconds,
                    seconds);
            System.out.printf(
                    Locale.ROOT, "file            %,d bytes, %.0f bytes per event%n", bytes, (double) bytes / events);
            long last = BAN + 400 * DAY;
            time(
                    "host inventory (all hosts, newest first, 100 rows)",
                    () -> store.read(q -> q.hosts(EventFilter.all().withLimit(100))));
            time(
                    "host inventory of one vendor and category",
                    () -> store.read(q -> q.hosts(
                            new EventFilter(null, null, null, "kaspersky", "update", null, null, null, null, 0, 100))));
            time(
                    "events of one host, newest 100",
                    () -> store.read(q -> q.events(
                            new EventFilter(null, null, "10.1.3.7", null, null, null, null, null, null, 0, 100))));
            time(
                    "events under kaspersky.com in one week, newest 100",
                    () -> store.read(q -> q.events(new EventFilter(
                            last - 7 * DAY, last, null, null, null, null, null, null, "kaspersky.com", 0, 100))));
            time(
                    "events of one category in a day, newest 100",
                    () -> store.read(q -> q.events(new EventFilter(
                            BAN + 30 * DAY, BAN + 31 * DAY, null, null, "ksn", null, null, null, null, 0, 100))));
        }
    }

    private static StoredEvent event(SplittableRandom random, long i, long total) {
        int host = random.nextInt(HOSTS);
        int n = random.nextInt(NAMES.length);
        long ts = BAN - 30 * DAY + (430 * DAY / total) * i + random.nextInt(1_000_000);
        String phase = ts >= BAN ? "updates_banned" : "new_business_banned";
        Category category = CATEGORIES[n];
        Severity severity = category == Category.THREAT_INTEL
                ? Severity.INFO
                : ts >= BAN && (category == Category.UPDATE || category == Category.KSN)
                        ? Severity.CRITICAL
                        : Severity.HIGH;
        Match match = new Match("kaspersky", category, "rule-" + n, phase, severity, "");
        Endpoint client = Endpoint.parse("10.1." + (host / 250) + "." + (host % 250), 40_000 + random.nextInt(20_000));
        Endpoint server = Endpoint.parse("203.0.113." + (1 + n), 443);
        Observation o = Observation.tls(
                ts,
                PROTOCOLS[random.nextInt(PROTOCOLS.length)] == Protocol.QUIC ? Protocol.QUIC : Protocol.TLS,
                client,
                server,
                -1,
                -1,
                NAMES[n]);
        ContactOutcome outcome = random.nextInt(4) == 0
                ? new ContactOutcome(Outcome.CONNECTED, OutcomeReason.TLS_HANDSHAKE, 4_800, 1_900)
                : null;
        return StoredEvent.of(new Event(o, match, outcome), "sensor-1");
    }

    @FunctionalInterface
    private interface Query {
        Object run() throws Exception;
    }

    private static void time(String what, Query query) throws Exception {
        query.run(); // the first run reads the pages in; people ask again and again
        long[] runs = new long[7];
        int rows = 0;
        for (int i = 0; i < runs.length; i++) {
            long t0 = System.nanoTime();
            Object result = query.run();
            runs[i] = System.nanoTime() - t0;
            rows = result instanceof List<?> list ? list.size() : 0;
        }
        java.util.Arrays.sort(runs);
        System.out.printf(
                Locale.ROOT,
                "%-56s %7.1f ms median (%d rows; slowest %.1f ms)%n",
                what,
                runs[3] / 1e6,
                rows,
                runs[runs.length - 1] / 1e6);
    }

    private static long sizeOr0(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
