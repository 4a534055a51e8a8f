package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.banwatch.match.Category;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's writer thread: batches, the flush interval, a bounded queue, closing without loss. */
class StoreWriterTest {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static StoredEvent event(int i) {
        return StoreContractTest.contact(
                "10.0." + (i / 250 % 250) + "." + (i % 250),
                "dnl-01.geo.kaspersky.com",
                Category.UPDATE,
                "updates_banned",
                StoreContractTest.BAN + i);
    }

    private double counted(String outcome) {
        return registry.get("banwatch.store.events")
                .tag("outcome", outcome)
                .functionCounter()
                .count();
    }

    @Test
    void anEventIsCommittedWithinTheFlushInterval() throws Exception {
        EventStore store = EventStore.open(dir.resolve("b.db"));
        try (StoreWriter writer =
                new StoreWriter(store, 1_000, Duration.ofMillis(50), 400, Clock.systemUTC(), registry)) {
            writer.offer(event(1));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (writer.written() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(writer.written()).isEqualTo(1);
            // Readable from another connection at once: committed, not just buffered.
            try (EventStore reader = EventStore.open(dir.resolve("b.db"))) {
                assertThat(StoreContractTest.count(reader)).isEqualTo(1);
            }
        }
    }

    @Test
    void closingWritesEverythingQueued() throws Exception {
        EventStore store = EventStore.open(dir.resolve("c.db"));
        StoreWriter writer = new StoreWriter(store, 20_000, Duration.ofSeconds(5), 400, Clock.systemUTC(), registry);
        for (int i = 0; i < 10_000; i++) {
            writer.put(event(i));
        }
        writer.close();
        try (EventStore reader = EventStore.open(dir.resolve("c.db"))) {
            assertThat(StoreContractTest.count(reader)).isEqualTo(10_000);
        }
        assertThat(counted("written")).isEqualTo(10_000);
        assertThat(counted("dropped")).isZero();
    }

    @Test
    void aSmallQueueIsTakenBeforeItFillsNotAfterTheFlushInterval() throws Exception {
        EventStore store = EventStore.open(dir.resolve("f.db"));
        try (StoreWriter writer =
                new StoreWriter(store, 100, Duration.ofMinutes(10), 400, Clock.systemUTC(), registry)) {
            // A replay waits for room: were the batch gathered until the flush interval or a full batch (32,768),
            // the queue of 100 would stay full and this would wait ten minutes for each hundred events.
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = 0; i < 5_000; i++) {
                    writer.put(event(i));
                }
            });
            writer.awaitIdle(Duration.ofSeconds(30));
            assertThat(writer.written()).isEqualTo(5_000);
        }
    }

    @Test
    void takeAtEventsAreWrittenWithoutWaitingOutTheFlushInterval() throws Exception {
        EventStore store = EventStore.open(dir.resolve("t.db"));
        try (StoreWriter writer =
                new StoreWriter(store, 65_536, Duration.ofMinutes(10), 400, Clock.systemUTC(), registry)) {
            // The default queue: its batches hold up to 32,768 events, but the writer starts on the first 8,192 so
            // that a replay's last batch is short.
            for (int i = 0; i < StoreWriter.TAKE_AT; i++) {
                writer.put(event(i));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (writer.written() < StoreWriter.TAKE_AT && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(writer.written()).isEqualTo(StoreWriter.TAKE_AT);
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfWaiting() throws Exception {
        EventStore store = EventStore.open(dir.resolve("d.db"));
        try (StoreWriter writer =
                new StoreWriter(store, 1_024, Duration.ofSeconds(5), 400, Clock.systemUTC(), registry)) {
            int accepted = 0;
            long started = System.nanoTime();
            for (int i = 0; i < 200_000; i++) {
                if (writer.offer(event(i))) {
                    accepted++;
                }
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            assertThat(writer.dropped()).isEqualTo(200_000 - accepted).isPositive();
            assertThat(counted("dropped")).isEqualTo(writer.dropped());
        }
    }

    @Test
    void theQueueDepthIsAGauge() throws Exception {
        EventStore store = EventStore.open(dir.resolve("e.db"));
        try (StoreWriter writer =
                new StoreWriter(store, 1_024, Duration.ofSeconds(5), 400, Clock.systemUTC(), registry)) {
            writer.offer(event(1));
            assertThat(registry.get("banwatch.store.queue").gauge().value()).isBetween(0.0, 1.0);
            writer.awaitIdle(Duration.ofSeconds(10));
            assertThat(List.of(writer.written(), writer.failed())).containsExactly(1L, 0L);
        }
    }
}
