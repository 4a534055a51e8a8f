package io.banwatch.pipeline;

import static io.banwatch.alert.TestEvents.dnsQuery;
import static io.banwatch.alert.TestEvents.tls;
import static io.banwatch.alert.TestEvents.updateBanned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.alert.Alert;
import io.banwatch.alert.AlertSink;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.Category;
import io.banwatch.metrics.PrometheusMetrics;
import io.banwatch.metrics.QueueDropKind;
import io.micrometer.core.instrument.MockClock;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EventPipelineTest {

    /** An observations file whose first write holds the event loop until released, so the queue can fill. */
    static final class GateStream extends OutputStream {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void write(byte[] buffer, int offset, int length) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /** A sink that blocks inside its first delivery until released. */
    static final class GateSink implements AlertSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "gate";
        }

        @Override
        public CompletionStage<Void> deliver(Alert alert, Runnable onRetry) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    private final PrometheusMetrics metrics = new PrometheusMetrics(new MockClock());

    private static Event matched(int i) {
        return tls("2024-10-02T14:00:00Z", "10.0.0." + (i % 250 + 1), "dnl-01.geo.kaspersky.com", updateBanned());
    }

    private static Event unmatched(int i) {
        return dnsQuery("2024-10-02T14:00:00Z", "10.1.0." + (i % 250 + 1), "example" + i + ".org", null);
    }

    private String scrape() {
        return new String(metrics.scrape(null).body(), StandardCharsets.UTF_8);
    }

    @Test
    void everyOfferedEventPassesEveryHandlerOnTheEventLoop() throws InterruptedException {
        ByteArrayOutputStream observations = new ByteArrayOutputStream();
        try (EventPipeline pipeline = EventPipeline.builder(metrics.registry())
                .observations(observations, true)
                .build()) {
            for (int i = 0; i < 3_000; i++) {
                assertThat(pipeline.offer(i % 3 == 0 ? matched(i) : unmatched(i)))
                        .isTrue();
            }

            assertThat(pipeline.awaitProcessed(Duration.ofSeconds(10))).isTrue();

            PipelineSummary summary = pipeline.summary();
            assertThat(summary.observations())
                    .containsEntry(Protocol.TLS, 1_000L)
                    .containsEntry(Protocol.DNS, 2_000L)
                    .containsEntry(Protocol.HTTP, 0L);
            assertThat(summary.matches()).isEqualTo(Map.of(Category.UPDATE, Map.of("updates_banned", 1_000L)));
            assertThat(summary.repeats()).isEqualTo(1_000 - 250);
            assertThat(summary.queueDrops()).isZero();
            assertThat(scrape())
                    .contains("banwatch_observations_total{protocol=\"dns\"} 2000.0\n")
                    .contains("banwatch_matches_total{category=\"update\",phase=\"updates_banned\",protocol=\"tls\","
                            + "vendor=\"kaspersky\"} 1000.0\n");
        }
        assertThat(observations.toString(StandardCharsets.UTF_8).lines()).hasSize(3_000);
    }

    @Test
    void theEventsOfOneDrainArriveAsOneReadSoEndOfReadWorkIsNotPerEvent() throws InterruptedException {
        // A flush of the observations file per event was a write system call per event.
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger readsComplete = new AtomicInteger();
        ChannelInboundHandlerAdapter counter = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof PipelineEvent) {
                    reads.incrementAndGet();
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                readsComplete.incrementAndGet();
                ctx.fireChannelReadComplete();
            }
        };
        try (EventPipeline pipeline = EventPipeline.builder(metrics.registry())
                .sink("counter", counter, true)
                .build()) {
            for (int i = 0; i < 2_000; i++) {
                pipeline.put(unmatched(i));
            }
            assertThat(pipeline.awaitProcessed(Duration.ofSeconds(10))).isTrue();
        }

        assertThat(reads.get()).isEqualTo(2_000);
        assertThat(readsComplete.get()).as("reads that ended").isPositive().isLessThan(2_000 / 8);
    }

    @Test
    void closeProcessesWhatIsQueuedAndFlushesTheObservationsFile() {
        ByteArrayOutputStream observations = new ByteArrayOutputStream();
        EventPipeline pipeline = EventPipeline.builder(metrics.registry())
                .observations(observations, true)
                .build();
        for (int i = 0; i < 5_000; i++) {
            pipeline.offer(unmatched(i));
        }

        pipeline.close();

        assertThat(pipeline.summary().totalObservations()).isEqualTo(5_000);
        assertThat(observations.toString(StandardCharsets.UTF_8).lines()).hasSize(5_000);
        assertThat(pipeline.offer(unmatched(0))).as("closed").isFalse();
        assertThat(pipeline.queueDrops()).isEqualTo(1);
    }

    @Test
    void offerDropsAndCountsWhenTheQueueIsFullWithoutBlocking() throws InterruptedException {
        GateStream gate = new GateStream();
        PipelineSettings settings = new PipelineSettings(4, 500, Duration.ofSeconds(60), Duration.ofHours(1));
        try (EventPipeline pipeline = EventPipeline.builder(metrics.registry())
                .settings(settings)
                .observations(gate, false)
                .build()) {
            pipeline.offer(matched(0));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();

            int accepted = 0;
            for (int i = 0; i < 10; i++) {
                accepted += pipeline.offer(unmatched(i)) ? 1 : 0;
            }
            gate.release.countDown();

            assertThat(accepted)
                    .as("unmatched observations hold at most half the queue")
                    .isEqualTo(2);
            assertThat(pipeline.queueDrops()).isEqualTo(8);
            assertThat(scrape()).contains("banwatch_capture_drops_total{reason=\"queue\",source=\"pipeline\"} 8.0\n");
            assertThat(pipeline.awaitProcessed(Duration.ofSeconds(10))).isTrue();
            assertThat(pipeline.summary().totalObservations()).isEqualTo(3);
            assertThat(pipeline.summary().queueDrops()).isEqualTo(8);
            assertThat(pipeline.summary().alerts()).isEqualTo(1);
        }
    }

    @Test
    void aFloodOfUnmatchedObservationsLeavesRoomForMatches() throws InterruptedException {
        GateStream gate = new GateStream();
        PipelineSettings settings = new PipelineSettings(8, 500, Duration.ofSeconds(60), Duration.ofHours(1));
        try (EventPipeline pipeline = EventPipeline.builder(metrics.registry())
                .settings(settings)
                .observations(gate, false)
                .build()) {
            pipeline.offer(matched(0));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();

            int unmatchedAccepted = 0;
            for (int i = 0; i < 100; i++) {
                unmatchedAccepted += pipeline.offer(unmatched(i)) ? 1 : 0;
            }
            int matchedAccepted = 0;
            for (int i = 1; i <= 4; i++) {
                matchedAccepted += pipeline.offer(matched(i)) ? 1 : 0;
            }
            gate.release.countDown();

            assertThat(unmatchedAccepted).isEqualTo(4);
            assertThat(matchedAccepted).isEqualTo(4);
            assertThat(pipeline.queueDrops()).isEqualTo(96);
            assertThat(pipeline.awaitProcessed(Duration.ofSeconds(10))).isTrue();
            assertThat(pipeline.summary().matches()).isEqualTo(Map.of(Category.UPDATE, Map.of("updates_banned", 5L)));
        }
    }

    @Test
    void dropsAreCountedByKindAndAFloodOfUnmatchedCostsNoMatch() throws InterruptedException {
        GateStream gate = new GateStream();
        PipelineSettings settings = new PipelineSettings(8, 500, Duration.ofSeconds(60), Duration.ofHours(1));
        try (EventPipeline pipeline = EventPipeline.builder(metrics.registry())
                .settings(settings)
                .observations(gate, false)
                .build()) {
            pipeline.offer(matched(0));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();

            for (int i = 0; i < 1_000; i++) {
                pipeline.offer(unmatched(i));
            }
            assertThat(pipeline.offer(matched(1))).isTrue();
            gate.release.countDown();

            assertThat(pipeline.queueDrops(QueueDropKind.UNMATCHED)).isEqualTo(996);
            assertThat(pipeline.queueDrops(QueueDropKind.MATCHED)).isZero();
            assertThat(pipeline.queueDrops(QueueDropKind.OUTCOME)).isZero();
            assertThat(scrape())
                    .contains("banwatch_pipeline_queue_drops_total{kind=\"unmatched\"} 996.0")
                    .contains("banwatch_pipeline_queue_drops_total{kind=\"matched\"} 0.0")
                    .contains("banwatch_pipeline_queue_drops_total{kind=\"outcome\"} 0.0")
                    .as("the contract counter still counts every drop")
                    .contains("banwatch_capture_drops_total{reason=\"queue\",source=\"pipeline\"} 996.0");
            assertThat(pipeline.awaitProcessed(Duration.ofSeconds(10))).isTrue();
            assertThat(pipeline.summary().matches()).isEqualTo(Map.of(Category.UPDATE, Map.of("updates_banned", 2L)));
        }
    }

    @Test
    void aQueueFullOfMatchesCountsDroppedMatchesAndOutcomesByKind() throws InterruptedException {
        GateStream gate = new GateStream();
        PipelineSettings settings = new PipelineSettings(8, 500, Duration.ofSeconds(60), Duration.ofHours(1));
        try (EventPipeline pipeline = EventPipeline.builder(metrics.registry())
                .settings(settings)
                .observations(gate, false)
                .build()) {
            pipeline.offer(matched(0));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();

            for (int i = 1; i <= 20; i++) {
                pipeline.offer(matched(i));
            }
            Event contact = matched(21);
            for (int i = 0; i < 3; i++) {
                pipeline.offer(new Event(
                        contact.observation(),
                        contact.match(),
                        new ContactOutcome(Outcome.BLOCKED, OutcomeReason.TCP_RESET, 0, 0)));
            }
            gate.release.countDown();

            assertThat(pipeline.queueDrops(QueueDropKind.MATCHED)).isEqualTo(12);
            assertThat(pipeline.queueDrops(QueueDropKind.OUTCOME)).isEqualTo(3);
            assertThat(pipeline.queueDrops(QueueDropKind.UNMATCHED)).isZero();
            assertThat(pipeline.queueDrops()).isEqualTo(15);
            assertThat(pipeline.awaitProcessed(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void theQueueIsBoundedInBytesAndLargeUnmatchedEventsGoFirst() throws InterruptedException {
        GateStream gate = new GateStream();
        // one matched event and a few unmatched ones of ~500 bytes: 4 KB, of which unmatched ones may take half
        try (EventPipeline pipeline = EventPipeline.builder(metrics.registry())
                .maxQueuedBytes(4_000)
                .observations(gate, false)
                .build()) {
            pipeline.offer(matched(0));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();

            int unmatchedAccepted = 0;
            for (int i = 0; i < 100; i++) {
                unmatchedAccepted += pipeline.offer(unmatched(i)) ? 1 : 0;
            }
            boolean matchedAccepted = pipeline.offer(matched(1));
            gate.release.countDown();

            assertThat(unmatchedAccepted).isBetween(1, 5); // 2,000 bytes at ~400-500 each
            assertThat(matchedAccepted).isTrue();
            assertThat(pipeline.queueDrops()).isEqualTo(100 - unmatchedAccepted);
            assertThat(pipeline.awaitProcessed(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void putWaitsForRoomInsteadOfDropping() throws Exception {
        GateStream gate = new GateStream();
        PipelineSettings settings = new PipelineSettings(2, 500, Duration.ofSeconds(60), Duration.ofHours(1));
        try (EventPipeline pipeline = EventPipeline.builder(metrics.registry())
                .settings(settings)
                .observations(gate, false)
                .build()) {
            pipeline.put(matched(0));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
            CountDownLatch allPut = new CountDownLatch(1);
            Thread producer = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        pipeline.put(unmatched(i));
                    }
                    allPut.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            assertThat(allPut.await(200, TimeUnit.MILLISECONDS))
                    .as("blocked while full")
                    .isFalse();
            gate.release.countDown();
            assertThat(allPut.await(10, TimeUnit.SECONDS)).isTrue();
            producer.join();

            assertThat(pipeline.awaitProcessed(Duration.ofSeconds(10))).isTrue();
            assertThat(pipeline.summary().totalObservations()).isEqualTo(101);
            assertThat(pipeline.queueDrops()).isZero();
        }
    }

    @Test
    void aBlockedAlertSinkDoesNotHoldUpThePipeline() throws Exception {
        GateSink gate = new GateSink();
        try (EventPipeline pipeline = EventPipeline.builder(metrics.registry())
                .settings(new PipelineSettings(16, 500, Duration.ofSeconds(60), Duration.ofHours(1)))
                .alertSinks(List.of(gate))
                .build()) {
            pipeline.put(matched(0));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 100; i++) {
                pipeline.put(unmatched(i));
            }

            assertThat(pipeline.awaitProcessed(Duration.ofSeconds(10))).isTrue();
            assertThat(pipeline.summary().totalObservations()).isEqualTo(101);
            gate.release.countDown();
        }
    }

    /** A sink that takes a while over each delivery, then records the alert. */
    static final class SlowSink implements AlertSink {
        final java.util.List<Alert> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public CompletionStage<Void> deliver(Alert alert, Runnable onRetry) {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.add(alert);
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void awaitingOneSinksAlertsWaitsForThatSinkAlone() throws Exception {
        SlowSink slow = new SlowSink();
        GateSink gate = new GateSink();
        try (EventPipeline pipeline = EventPipeline.builder(metrics.registry())
                .settings(new PipelineSettings(16, 500, Duration.ofSeconds(60), Duration.ofHours(1)))
                .alertSinks(List.of(slow, gate))
                .build()) {
            pipeline.put(matched(0));
            assertThat(pipeline.awaitProcessed(Duration.ofSeconds(10))).isTrue();

            assertThat(pipeline.awaitAlertsDelivered(slow, Duration.ofSeconds(10)))
                    .isTrue();
            assertThat(slow.delivered).hasSize(1); // the processed event's alert, not only the event, is through
            assertThat(pipeline.awaitAlertsDelivered(gate, Duration.ofMillis(200)))
                    .isFalse();
            gate.release.countDown();
            assertThat(pipeline.awaitAlertsDelivered(gate, Duration.ofSeconds(10)))
                    .isTrue();
        }
    }

    /** A sink that reads matched events only, holding the event loop in its first read until released. */
    static final class GateHandler extends io.netty.channel.ChannelInboundHandlerAdapter {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger unmatchedSeen = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) throws InterruptedException {
            if (msg instanceof PipelineEvent event) {
                if (!event.event().matched()) {
                    unmatchedSeen.incrementAndGet();
                }
                entered.countDown();
                release.await();
            }
            ctx.fireChannelRead(msg);
        }
    }

    @Test
    void unmatchedObservationsNoSinkReadsAreCountedOnTheCallingThreadAndNeverQueued() throws InterruptedException {
        GateHandler gate = new GateHandler();
        PipelineSettings settings = new PipelineSettings(16, 500, Duration.ofSeconds(60), Duration.ofHours(1));
        try (EventPipeline pipeline = EventPipeline.builder(metrics.registry())
                .settings(settings)
                .sink("gate", gate, false)
                .build()) {
            assertThat(pipeline.queuesEveryObservation()).isFalse();
            pipeline.offer(matched(0));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();

            int accepted = 0;
            for (int i = 0; i < 1_000; i++) {
                accepted += pipeline.offer(unmatched(i)) ? 1 : 0;
            }
            for (int i = 1; i <= 15; i++) {
                accepted += pipeline.offer(matched(i)) ? 1 : 0;
            }
            gate.release.countDown();

            assertThat(accepted)
                    .as("1,000 unmatched counted, 15 matches queued while the loop is held")
                    .isEqualTo(1_015);
            assertThat(pipeline.queueDrops()).isZero();
            assertThat(pipeline.awaitProcessed(Duration.ofSeconds(10))).isTrue();
            assertThat(gate.unmatchedSeen.get())
                    .as("no unmatched observation was handed over")
                    .isZero();
            assertThat(pipeline.summary().observations())
                    .containsEntry(Protocol.DNS, 1_000L)
                    .containsEntry(Protocol.TLS, 16L);
            assertThat(scrape())
                    .contains("banwatch_observations_total{protocol=\"dns\"} 1000.0\n")
                    .contains("banwatch_observations_total{protocol=\"tls\"} 16.0\n")
                    .contains("banwatch_pipeline_queue_drops_total{kind=\"unmatched\"} 0.0");
        }
    }

    @Test
    void aSinkThatReadsEveryObservationGetsTheUnmatchedOnes() throws InterruptedException {
        GateHandler gate = new GateHandler();
        gate.release.countDown();
        try (EventPipeline pipeline = EventPipeline.builder(metrics.registry())
                .sink("every", gate, true)
                .build()) {
            assertThat(pipeline.queuesEveryObservation()).isTrue();
            for (int i = 0; i < 100; i++) {
                pipeline.offer(unmatched(i));
            }
            assertThat(pipeline.awaitProcessed(Duration.ofSeconds(10))).isTrue();
            assertThat(gate.unmatchedSeen.get()).isEqualTo(100);
            assertThat(pipeline.summary().totalObservations()).isEqualTo(100);
        }
    }

    @Test
    void putAfterCloseFails() {
        EventPipeline pipeline = EventPipeline.builder(metrics.registry()).build();
        pipeline.close();

        assertThatThrownBy(() -> pipeline.put(unmatched(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void manyProducersLoseNothingWhileThereIsRoom() throws Exception {
        try (EventPipeline pipeline = EventPipeline.builder(metrics.registry()).build()) {
            List<Thread> producers = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                producers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        try {
                            pipeline.put(unmatched(i));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            for (Thread producer : producers) {
                producer.join();
            }

            assertThat(pipeline.awaitProcessed(Duration.ofSeconds(20))).isTrue();
            assertThat(pipeline.summary().totalObservations()).isEqualTo(40_000);
        }
    }
}
