package io.banwatch.kafka;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigException;
import io.banwatch.event.Event;
import io.banwatch.metrics.BanwatchMeters;
import io.banwatch.metrics.SinkOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams events to Kafka without ever making its caller wait: {@link #offer} puts an event in a bounded hand-off
 * (or drops and counts it), and one sender thread moves events from there into the producer, whose own buffer is
 * bounded by {@code sinks.kafka.buffer_bytes}. Every event offered ends up counted once in
 * {@code banwatch_sink_events_total{sink="kafka",outcome}}: sent, dropped or failed.
 */
public final class KafkaEventSink implements AutoCloseable {

    /** The {@code sink} label of this sink's meters. */
    public static final String SINK = "kafka";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSink.class);

    // The hand-off holds one event per 4 KiB of buffer_bytes, within 1,024 to 65,536: a waiting event (observation,
    // match, strings) takes one to a few KiB as objects, so the hand-off stays within the same memory budget. The
    // sender thread empties it in microseconds per event; it fills only while send() waits (MAX_BLOCK): for the
    // first metadata at start, when 1,024 events hold a replay's or a busy tap's first burst, and when the producer's
    // buffer is full.
    static final int BYTES_PER_HANDOFF_SLOT = 4_096;
    static final int MIN_HANDOFF = 1_024;
    static final int MAX_HANDOFF = 65_536;

    // How often the sender thread looks at the stop flag while the hand-off is empty.
    private static final long POLL_MILLIS = 50;

    // A broker that is down fails or drops every event; one warning a minute says so without flooding the log.
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private record Pending(String host, Event event) {}

    private final Producer<String, byte[]> producer;
    private final EventRecords records;
    private final BlockingQueue<Pending> handoff;
    private final Duration flushTimeout;
    private final Thread sender;
    private final Callback completed = this::completed;
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    // Events offered and accepted whose outcome is not known yet: in the hand-off or in the producer.
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    // Set by the sender thread around send(): a callback it runs itself meanwhile is a refusal, not a delivery.
    private boolean sending;
    private volatile boolean closing;

    KafkaEventSink(
            Producer<String, byte[]> producer,
            EventRecords records,
            int handoffCapacity,
            Duration flushTimeout,
            MeterRegistry registry) {
        this.producer = producer;
        this.records = records;
        this.handoff = new ArrayBlockingQueue<>(handoffCapacity);
        this.flushTimeout = flushTimeout;
        register(registry);
        this.sender = Thread.ofPlatform().name("banwatch-kafka").daemon().unstarted(this::run);
        sender.start();
    }

    /**
     * Starts the sink for {@code sinks.kafka.*}; the producer connects in the background.
     *
     * @throws ConfigException when the producer refuses the settings, as when no bootstrap server's name resolves
     */
    public static KafkaEventSink start(BanwatchConfig.Kafka config, String observerName, MeterRegistry registry) {
        Producer<String, byte[]> producer;
        try {
            producer =
                    new KafkaProducer<>(ProducerSettings.of(config), new StringSerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException("sinks.kafka: the Kafka producer cannot start: " + cause.getMessage()
                    + " (sinks.kafka.bootstrap_servers: " + config.bootstrapServers() + ")");
        }
        return new KafkaEventSink(
                producer,
                new EventRecords(config.topic(), observerName),
                handoffCapacity(config.bufferBytes()),
                Duration.ofSeconds(config.flushTimeoutSeconds()),
                registry);
    }

    static int handoffCapacity(long bufferBytes) {
        return (int) Math.clamp(bufferBytes / BYTES_PER_HANDOFF_SLOT, MIN_HANDOFF, MAX_HANDOFF);
    }

    private void register(MeterRegistry registry) {
        counter(registry, SinkOutcome.SENT, sent);
        counter(registry, SinkOutcome.DROPPED, dropped);
        counter(registry, SinkOutcome.FAILED, failed);
        BanwatchMeters.SINK_BUFFERED
                .gauge(buffered, AtomicLong::get)
                .tag(BanwatchMeters.SINK, SINK)
                .register(registry);
    }

    private static void counter(MeterRegistry registry, SinkOutcome outcome, LongAdder count) {
        BanwatchMeters.SINK_EVENTS
                .functionCounter(count, LongAdder::sum)
                .tags(BanwatchMeters.SINK, SINK, BanwatchMeters.OUTCOME, outcome.label())
                .register(registry);
    }

    /**
     * Hands an event to the sink without waiting; when the hand-off is full or the sink is stopping, the event is
     * dropped and counted.
     *
     * @param host the record key: the client host, so that one host's events stay in one partition, in order
     * @return false when the event was dropped
     */
    public boolean offer(String host, Event event) {
        buffered.incrementAndGet();
        if (closing || !handoff.offer(new Pending(host, event))) {
            buffered.decrementAndGet();
            count(dropped, closing ? "dropped: the sink is stopping" : "dropped: its hand-off is full");
            return false;
        }
        return true;
    }

    public long sent() {
        return sent.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    public long failed() {
        return failed.sum();
    }

    /** Events accepted whose outcome is not known yet. */
    public long buffered() {
        return buffered.get();
    }

    /** The sender thread: moves events from the hand-off into the producer until the sink closes. */
    private void run() {
        try {
            while (true) {
                Pending next = handoff.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (next != null) {
                    send(next);
                } else if (closing) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // close() gave up waiting; what is left in the hand-off is counted as dropped there.
        }
    }

    private void send(Pending pending) throws InterruptedException {
        ProducerRecord<String, byte[]> record;
        try {
            record = records.record(pending.host(), pending.event());
        } catch (RuntimeException e) {
            refused(e);
            return;
        }
        sending = true;
        try {
            // Refusals (buffer full after max.block.ms, no metadata in time, a record too large) call back at once,
            // on this thread; deliveries and failures call back later, on the producer's I/O thread.
            producer.send(record, completed);
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            refused(e);
            throw new InterruptedException("stopped while waiting for the producer");
        } catch (RuntimeException e) {
            refused(e); // the producer is closed, or a bug: this event is lost, the next one may pass
        } finally {
            sending = false;
        }
    }

    private void completed(RecordMetadata metadata, Exception error) {
        buffered.decrementAndGet();
        if (error == null) {
            sent.increment();
        } else if (sending && Thread.currentThread() == sender) {
            count(dropped, "dropped: " + error.getMessage());
        } else {
            count(failed, "failed: " + error);
        }
    }

    private void refused(Exception error) {
        buffered.decrementAndGet();
        count(dropped, "dropped: " + error);
    }

    private void count(LongAdder outcome, String why) {
        outcome.increment();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn(
                    "kafka sink: events {} (so far sent {}, dropped {}, failed {})",
                    why,
                    sent.sum(),
                    dropped.sum(),
                    failed.sum());
        }
    }

    /**
     * Stops taking events, sends what the hand-off holds and waits up to {@code sinks.kafka.flush_timeout_seconds}
     * for the brokers to acknowledge everything; what is still unacknowledged then counts as failed, what never left
     * the hand-off as dropped. Call it after the pipeline is closed, from any thread but the pipeline's.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        long deadline = System.nanoTime() + flushTimeout.toNanos();
        try {
            sender.join(flushTimeout);
            if (sender.isAlive()) {
                sender.interrupt();
                sender.join(ProducerSettings.MAX_BLOCK);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending left;
        while ((left = handoff.poll()) != null) {
            buffered.decrementAndGet();
            dropped.increment();
        }
        Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        // Waits for what is in flight, then fails the rest through their callbacks (counted as failed).
        producer.close(remaining);
        if (dropped.sum() + failed.sum() > 0) {
            LOG.warn(
                    "kafka sink stopped: sent {}, dropped {}, failed {} events",
                    sent.sum(),
                    dropped.sum(),
                    failed.sum());
        }
    }
}
