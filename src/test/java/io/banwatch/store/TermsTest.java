package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.metrics.BanwatchMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's cache of lookup numbers: bounded, every eviction counted, an evicted number read back unchanged. */
class TermsTest {

    @TempDir
    Path dir;

    @Test
    void aFullCacheEvictsCountsAndReadsTheSameNumberAgain() throws Exception {
        try (EventStore store = EventStore.open(dir.resolve("banwatch.db"))) {
            Connection connection = store.connection();
            Terms terms = new Terms(3);
            long first = terms.term(connection, "term-0");
            for (int i = 1; i < 6; i++) {
                terms.term(connection, "term-" + i);
            }
            assertThat(terms.termEvictions()).isEqualTo(3);
            assertThat(terms.nameEvictions()).isZero();
            // term-0 was evicted: its number comes from the table, the same one it was given.
            assertThat(terms.term(connection, "term-0")).isEqualTo(first);
            assertThat(terms.termEvictions()).isEqualTo(4);
            for (int i = 0; i < 5; i++) {
                terms.name(connection, "host-" + i + ".kaspersky.com");
            }
            assertThat(terms.nameEvictions()).isEqualTo(2);
            terms.close();
        }
    }

    @Test
    void evictionsAreAStoreMetricPerTable() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (StoreWriter writer = new StoreWriter(
                EventStore.open(dir.resolve("banwatch.db")),
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
