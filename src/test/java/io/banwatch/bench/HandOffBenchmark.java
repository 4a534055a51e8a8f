package io.banwatch.bench;

import io.banwatch.alert.TestEvents;
import io.banwatch.event.Event;
import io.banwatch.metrics.PrometheusMetrics;
import io.banwatch.pipeline.EventPipeline;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hand-off from capture threads to the event pipeline under contention: {@value #PRODUCERS} producer threads
 * (as many capture sources) offer events at once, nine in ten unmatched DNS queries and one in ten a matched TLS
 * contact, while the pipeline's own thread drains them through every handler (dedup, metrics, alerts, summary). The
 * score is offers per second over all producers, the events dropped because the queue was full included (their count
 * is printed per iteration); with {@code -prof gc} the bytes per offer include what the draining thread allocates.
 * Run with {@code bench/jmh.sh HandOffBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(HandOffBenchmark.PRODUCERS)
public class HandOffBenchmark {

    static final int PRODUCERS = 4;

    /** Distinct events each producer cycles through: enough clients that dedup and the host series see variety. */
    static final int EVENTS = 4096;

    /** One pipeline, shared by every producer thread. */
    @State(Scope.Benchmark)
    public static class Pipeline {
        EventPipeline pipeline;
        long dropsBefore;

        @Setup(Level.Trial)
        public void start() {
            pipeline = EventPipeline.builder(new PrometheusMetrics().registry()).build();
        }

        @TearDown(Level.Iteration)
        public void report() {
            long drops = pipeline.queueDrops();
            System.out.printf("%n  offers dropped as the queue was full: %,d%n", drops - dropsBefore);
            dropsBefore = drops;
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            pipeline.awaitProcessed(Duration.ofSeconds(30));
            pipeline.close();
        }
    }

    /** The events one producer offers, built before the measurement. */
    @State(Scope.Thread)
    public static class Producer {
        final Event[] events = new Event[EVENTS];
        int next;

        @Setup(Level.Trial)
        public void build() {
            long thread = Thread.currentThread().threadId();
            for (int i = 0; i < EVENTS; i++) {
                String client = "10." + (thread & 0xff) + "." + (i >>> 8 & 0xff) + "." + (i & 0xff);
                events[i] = i % 10 == 0
                        ? TestEvents.tls(
                                "2024-10-02T14:00:00Z", client, "dnl-01.geo.kaspersky.com", TestEvents.updateBanned())
                        : TestEvents.dnsQuery("2024-10-02T14:00:00Z", client, "host" + i + ".example.org", null);
            }
        }
    }

    @Benchmark
    public boolean offer(Pipeline shared, Producer producer) {
        int i = producer.next;
        producer.next = i + 1 == EVENTS ? 0 : i + 1;
        return shared.pipeline.offer(producer.events[i]);
    }
}
