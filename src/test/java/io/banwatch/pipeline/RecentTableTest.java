package io.banwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class RecentTableTest {

    private final Counter evictions = new SimpleMeterRegistry().counter("evictions");

    @Test
    void evictsTheLeastRecentlyUsedKeyPastTheCapAndCountsIt() {
        RecentTable<String> table = new RecentTable<>(2, evictions);
        table.seenWithin("a", 0, 100);
        table.seenWithin("b", 0, 100);
        table.seenWithin("a", 1, 100);

        table.seenWithin("c", 2, 100);

        assertThat(table.size()).isEqualTo(2);
        assertThat(evictions.count()).isEqualTo(1);
        assertThat(table.seenWithin("a", 3, 100)).isTrue();
        assertThat(table.seenWithin("b", 3, 100)).as("b was evicted").isFalse();
    }

    @Test
    void windowIsHalfOpen() {
        RecentTable<String> table = new RecentTable<>(10, evictions);

        assertThat(table.seenWithin("a", 1_000, 100)).isFalse();
        assertThat(table.seenWithin("a", 1_099, 100)).isTrue();
        assertThat(table.seenWithin("a", 1_100, 100)).isFalse();
        assertThat(table.seenWithin("a", 1_150, 100)).isTrue();
    }
}
