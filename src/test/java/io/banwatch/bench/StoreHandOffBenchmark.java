package io.banwatch.bench;

import io.banwatch.alert.TestEvents;
import io.banwatch.event.Event;
import io.banwatch.event.JsonOutput;
import io.banwatch.store.EventStore;
import io.banwatch.store.StoreWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Matched events from the pipeline's thread into a real SQLite store, as a replay hands them over: each is copied into
 * the writer's queue of reused arrays (waiting for room, as a replay does), and the writer's thread writes them in
 * batches. The score is events per second, set by the writer; with {@code -prof gc} the bytes per event are what both
 * threads allocate for it, the writer reading each row back as an object while it binds it included. Run with
 * {@code bench/jmh.sh StoreHandOffBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class StoreHandOffBenchmark {

    /** Distinct events cycled through: 4,096 clients of one Kaspersky name, as a fleet's update checks. */
    static final int EVENTS = 4096;

    private Path folder;
    private StoreWriter writer;
    private final Event[] events = new Event[EVENTS];
    private final JsonOutput scratch = new JsonOutput(512); // kept by the pipeline's store handler
    private int next;

    @Setup(Level.Trial)
    public void start() throws IOException {
        folder = Files.createTempDirectory("banwatch-store-bench");
        EventStore store = EventStore.open(folder.resolve("banwatch.db"));
        writer = new StoreWriter(
                store, 65_536, Duration.ofSeconds(1), 400, Clock.systemUTC(), new SimpleMeterRegistry());
        for (int i = 0; i < EVENTS; i++) {
            String client = "10.1." + (i >>> 8 & 0xff) + "." + (i & 0xff);
            events[i] = TestEvents.tls(
                    "2024-10-02T14:00:00Z", client, "dnl-01.geo.kaspersky.com", TestEvents.updateBanned());
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        writer.close(Duration.ofMinutes(1));
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    public void put() throws InterruptedException {
        int i = next;
        next = i + 1 == EVENTS ? 0 : i + 1;
        writer.put(events[i], "sensor-1", scratch);
    }
}
