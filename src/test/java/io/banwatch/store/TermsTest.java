package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.metrics.BanwatchMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's lookup numbers: a row read from memory once its numbers are given, new ones given in sorted order, the
 * cache bounded with every eviction counted and an evicted number read back unchanged.
 */
class TermsTest {

    @TempDir
    Path dir;

    private EventStore store;
    private Connection connection;

    @BeforeEach
    void open() throws Exception {
        store = EventStore.open(dir.resolve("banwatch.db"));
        connection = store.connection();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static StoredEvent row(String host, String name) {
        return new StoredEvent(
                1_727_582_400_000_000_000L,
                "sensor-1",
                host,
                "kaspersky",
                "update",
                "dnl",
                "updates_banned",
                "critical",
                "tls",
                name,
                host,
                40_000,
                "192.0.2.1",
                443,
                null,
                null,
                -1,
                new byte[0]);
    }

    @Test
    void aRowIsReadFromMemoryOnceItsNumbersAreGiven() throws Exception {
        Terms terms = new Terms();
        Long[] ids = new Long[2 * Terms.COLUMNS];
        StoredEvent first = row("10.0.0.1", "a.kaspersky.com");
        assertThat(terms.lookUp(first, ids, 0)).isFalse(); // nothing is remembered yet
        assertThat(ids).containsOnlyNulls();
        terms.resolveMissing(connection);
        assertThat(terms.lookUp(first, ids, 0)).isTrue();
        // Another row with the same terms and name gets the same numbers; its outcome columns stay null.
        assertThat(terms.lookUp(row("10.0.0.1", "a.kaspersky.com"), ids, Terms.COLUMNS))
                .isTrue();
        assertThat(Arrays.copyOfRange(ids, Terms.COLUMNS, 2 * Terms.COLUMNS))
                .containsExactly(Arrays.copyOf(ids, Terms.COLUMNS));
        assertThat(ids[Terms.OUTCOME]).isNull();
        assertThat(ids[Terms.OUTCOME_REASON]).isNull();
        // The host is also the source address: one term, one number.
        assertThat(ids[1]).isEqualTo(ids[Terms.SOURCE_IP]);
    }

    @Test
    void newTermsAreGivenNumbersInSortedOrder() throws Exception {
        Terms terms = new Terms();
        Long[] ids = new Long[3 * Terms.COLUMNS];
        String[] hosts = {"10.0.0.9", "10.0.0.1", "10.0.0.5"};
        for (int i = 0; i < hosts.length; i++) {
            terms.lookUp(row(hosts[i], "x.kaspersky.com"), ids, i * Terms.COLUMNS);
        }
        terms.resolveMissing(connection);
        for (int i = 0; i < hosts.length; i++) {
            terms.lookUp(connection, row(hosts[i], "x.kaspersky.com"), ids, i * Terms.COLUMNS);
        }
        // On PostgreSQL two sensors giving new terms in different orders would deadlock: numbers go in key order.
        assertThat(ids[Terms.COLUMNS + 1]).isLessThan(ids[2 * Terms.COLUMNS + 1]);
        assertThat(ids[2 * Terms.COLUMNS + 1]).isLessThan(ids[1]);
    }

    @Test
    void aFullCacheEvictsCountsAndReadsTheSameNumberAgain() throws Exception {
        Terms terms = new Terms(3);
        Long[] ids = new Long[Terms.COLUMNS];
        StoredEvent first = row("10.0.0.1", "a.kaspersky.com");
        terms.lookUp(connection, first, ids, 0);
        long host = ids[1];
        // Nine terms through a cache of three, the host twice (it is the source address too, evicted by then):
        // seven evictions, each counted.
        assertThat(terms.termEvictions()).isEqualTo(7);
        assertThat(terms.nameEvictions()).isZero();
        assertThat(terms.lookUp(first, ids, 0)).isFalse();
        // An evicted term's number comes from the table, the same one it was given.
        terms.lookUp(connection, first, ids, 0);
        assertThat(ids[1]).isEqualTo(host);
        for (int i = 0; i < 5; i++) {
            terms.lookUp(connection, row("10.0.0.1", "host-" + i + ".kaspersky.com"), ids, 0);
        }
        // Six names through a cache of three.
        assertThat(terms.nameEvictions()).isEqualTo(3);
    }

    @Test
    void evictionsAreAStoreMetricPerTable() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (StoreWriter writer = new StoreWriter(
                EventStore.open(dir.resolve("writer.db")),
                16,
                Duration.ofMillis(10),
                400,
                Clock.systemUTC(),
                registry)) {
            for (String table : new String[] {"terms", "names"}) {
                assertThat(registry.get(BanwatchMeters.STORE_LOOKUP_EVICTIONS.name())
                                .tag(BanwatchMeters.TABLE, table)
                                .functionCounter()
                                .count())
                        .isZero();
            }
        }
    }
}
