package io.banwatch.store;

import io.banwatch.event.Event;
import io.banwatch.event.JsonOutput;
import io.banwatch.metrics.BanwatchMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events to the store in batches on a thread of its own: at most {@code flushInterval} after an event
 * arrives, or sooner once {@link #TAKE_AT} wait, in one transaction per batch. Live capture never waits for it: a full
 * queue drops and counts; a replay waits for room instead, so it loses nothing. A failed write (disk full,
 * read-only) is logged and counted and the sensor goes on; retention deletes old rows once an hour.
 */
public final class StoreWriter implements AutoCloseable {

    /**
     * Events per transaction, at most: a batch touches each host's inventory row (and, before schema version 7, its
     * pages of an index on the events' host) once however many of its events it holds, so a larger batch writes fewer
     * pages per event (measured with bench/store.sh: 4,096 wrote several kilobytes of pages per event with 5,000
     * hosts). Half the default queue, so a
     * full batch being written leaves room for the next; a crash still loses at most one flush interval of events.
     */
    public static final int BATCH = 32_768;

    /**
     * Events that start a batch before the flush interval is over: the writer then writes while the next batch gathers,
     * so that a replay's last batch, written after its last packet, is short (a replay of the tap capture waited 110 to
     * 230 ms for it with 24,576, 60 to 85 ms with this). A writer that falls behind takes larger batches, up to
     * {@link #BATCH}, as the events wait, and those write fewer pages per event.
     */
    static final int TAKE_AT = 8_192;

    /**
     * Alert notifications waiting, apart from the events: alerts are grouped per host and rule and come a few a
     * second at most, written with the next batch; the alert sink waits a moment for room and counts what it drops.
     */
    static final int ALERT_QUEUE = 4_096;

    // A failing disk would log on every batch; one line per minute says it is still failing.
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final Duration RETENTION_INTERVAL = Duration.ofHours(1);

    // Even at 200,000 events a second (a replay of the tap capture hands over about 18,000), a slice brings 2,000: far
    // from a full batch or the default queue, and at most 100 wake-ups a second while a batch is gathered.
    private static final long POLL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    // With nothing waiting the thread sleeps this long, unless the first event of a batch wakes it sooner.
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

    private final EventStore store;
    private final PendingEvents events;
    private final BlockingQueue<StoredAlert> alerts = new ArrayBlockingQueue<>(ALERT_QUEUE);
    private final int takeAt;
    private final long flushIntervalNanos;
    private final long retentionSeconds;
    private final Clock clock;
    private final Thread thread;
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder droppedAlerts = new LongAdder();
    private volatile boolean closing;
    private volatile boolean writing;
    private volatile boolean flushNow;
    private long lastFailureLog = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS;
    private long nextRetention;

    /**
     * @param queueCapacity events waiting at most, the batch being written included: half of it is gathered while
     *     the other half is written
     */
    public StoreWriter(
            EventStore store,
            int queueCapacity,
            Duration flushInterval,
            int retentionDays,
            Clock clock,
            MeterRegistry registry) {
        this.store = store;
        this.events = new PendingEvents(queueCapacity);
        // A batch is taken at TAKE_AT events, or at three quarters of its half of a smaller queue, so that the half
        // gathered next has room (rather than dropping live events, holding a replay back) while this one is written.
        this.takeAt = Math.min(TAKE_AT, Math.max(1, events.batchCapacity() * 3 / 4));
        this.flushIntervalNanos = flushInterval.toNanos();
        this.retentionSeconds = Duration.ofDays(retentionDays).toSeconds();
        this.clock = clock;
        BanwatchMeters.STORE_EVENTS
                .functionCounter(written, LongAdder::sum)
                .tags(BanwatchMeters.OUTCOME, "written")
                .register(registry);
        BanwatchMeters.STORE_EVENTS
                .functionCounter(dropped, LongAdder::sum)
                .tags(BanwatchMeters.OUTCOME, "dropped")
                .register(registry);
        BanwatchMeters.STORE_EVENTS
                .functionCounter(failed, LongAdder::sum)
                .tags(BanwatchMeters.OUTCOME, "failed")
                .register(registry);
        BanwatchMeters.STORE_QUEUE
                .gauge(this, writer -> writer.events.size() + writer.alerts.size())
                .register(registry);
        BanwatchMeters.STORE_LOOKUP_EVICTIONS
                .functionCounter(store, EventStore::termCacheEvictions)
                .tags(BanwatchMeters.TABLE, "terms")
                .register(registry);
        BanwatchMeters.STORE_LOOKUP_EVICTIONS
                .functionCounter(store, EventStore::nameCacheEvictions)
                .tags(BanwatchMeters.TABLE, "names")
                .register(registry);
        BanwatchMeters.STORE_LOOKUP_EVICTIONS
                .functionCounter(store, EventStore::hostCacheEvictions)
                .tags(BanwatchMeters.TABLE, "hosts")
                .register(registry);
        BanwatchMeters.STORE_LOOKUP_EVICTIONS
                .functionCounter(events, PendingEvents::textsReplaced)
                .tags(BanwatchMeters.TABLE, "texts")
                .register(registry);
        this.thread = new Thread(this::run, "banwatch-store");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Hands a matched event over, its stored JSON written with {@code scratch} (an output the caller keeps for the
     * next one), without waiting: when the queue is full it is dropped and counted. Called by the pipeline's thread.
     */
    public boolean offer(Event event, String observer, JsonOutput scratch) {
        try {
            return added(closing ? 0 : events.add(event, observer, scratch, 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return added(0);
        }
    }

    /** As {@link #offer(Event, String, JsonOutput)}, but waits for room (replays, which must lose nothing). */
    public void put(Event event, String observer, JsonOutput scratch) throws InterruptedException {
        added(closing ? 0 : events.add(event, observer, scratch, Long.MAX_VALUE));
    }

    /** Hands a row over without waiting; a full queue drops and counts it. */
    public boolean offer(StoredEvent event) {
        try {
            return added(closing ? 0 : events.add(event, 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return added(0);
        }
    }

    /** Hands a row over, waiting for room. */
    public void put(StoredEvent event) throws InterruptedException {
        added(closing ? 0 : events.add(event, Long.MAX_VALUE));
    }

    // Wakes the writer for the first event of a batch, and once the batch is due.
    private boolean added(int waiting) {
        if (waiting == 0) {
            dropped.increment();
            return false;
        }
        if (waiting == 1 || waiting == takeAt) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /**
     * Hands an alert notification over, waiting at most {@code timeout} for room: alerts are few and come from the
     * alert sink's own thread, never from a capture thread or the pipeline's loop, so a short wait costs nothing and
     * keeps them from being lost behind a burst of events.
     *
     * @return false when the alert was dropped (the store is closing or stayed full)
     */
    public boolean offer(StoredAlert alert, Duration timeout) throws InterruptedException {
        if (closing || !alerts.offer(alert, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            droppedAlerts.increment();
            return false;
        }
        LockSupport.unpark(thread);
        return true;
    }

    /** Alert notifications dropped because the queue stayed full or the store was closing. */
    public long droppedAlerts() {
        return droppedAlerts.sum();
    }

    public long written() {
        return written.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public EventStore store() {
        return store;
    }

    private boolean waiting() {
        return events.size() > 0 || !alerts.isEmpty();
    }

    private void run() {
        List<StoredAlert> alertBatch = new ArrayList<>();
        nextRetention = System.nanoTime();
        while (!closing || waiting()) {
            if (Thread.currentThread().isInterrupted() && !closing) {
                return; // nobody interrupts this thread but to end it; parking would no longer wait
            }
            if (waiting()) {
                long deadline = System.nanoTime() + flushIntervalNanos;
                // Sleeps in short slices until the batch is due, then takes it at once: waking for each event woke
                // this thread (and made the pipeline signal it) once per event. A slice is short enough that a stop
                // or a batch gone due is seen within it.
                while (events.size() < takeAt && !closing && !flushNow) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        break;
                    }
                    LockSupport.parkNanos(Math.min(remaining, POLL_SLICE_NANOS));
                }
                writing = true;
                PendingEvents.Batch batch = events.take();
                alerts.drainTo(alertBatch);
                writeBatches(batch, alertBatch);
                events.release(batch);
                alertBatch.clear();
                writing = false;
            } else {
                LockSupport.parkNanos(IDLE_NANOS);
            }
            if (System.nanoTime() - nextRetention >= 0) {
                retain();
                nextRetention = System.nanoTime() + RETENTION_INTERVAL.toNanos();
            }
        }
    }

    private void writeBatches(EventBatch taken, List<StoredAlert> alertBatch) {
        // A queue made larger than two batches gathers more while a slow database writes; it is written a batch at a
        // time all the same.
        for (int from = 0; from < Math.max(1, taken.size()); from += BATCH) {
            write(taken.slice(from, Math.min(taken.size(), from + BATCH)), from == 0 ? alertBatch : List.of());
        }
    }

    private void write(EventBatch batch, List<StoredAlert> alertBatch) {
        try {
            store.write(batch, alertBatch, clock.instant().getEpochSecond());
            written.add(batch.size());
        } catch (SQLException | RuntimeException e) {
            failed.add(batch.size());
            long now = System.nanoTime();
            if (now - lastFailureLog >= FAILURE_LOG_INTERVAL_NANOS) {
                lastFailureLog = now;
                log.error(
                        "event store {}: cannot write {} events ({}); capture goes on and failed writes are counted "
                                + "in banwatch_store_events_total{outcome=\"failed\"}: {}",
                        store.location(),
                        batch.size(),
                        e instanceof SQLException sql ? EventStore.reason(sql) : e.toString(),
                        store.settingKey().equals("store.path")
                                ? "free space on that disk, or point store.path at another"
                                : "check that the database is up and reachable; the connection is opened again "
                                        + "for the next batch");
            }
        }
    }

    private void retain() {
        long cutoff = clock.instant().getEpochSecond() - retentionSeconds;
        try {
            int deleted = store.deleteStoredBefore(cutoff);
            if (deleted > 0) {
                log.info("event store: deleted {} events older than the retention", deleted);
            }
        } catch (SQLException e) {
            log.warn("event store {}: retention failed: {}", store.location(), EventStore.reason(e));
        }
    }

    /** Waits, at most {@code timeout}, until every event handed over so far has been written (or has failed). */
    public void awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        flushNow = true; // the batch being gathered is written without waiting out the flush interval
        LockSupport.unpark(thread);
        while ((writing || waiting()) && System.nanoTime() < deadline && thread.isAlive()) {
            Thread.sleep(5);
        }
        flushNow = false;
    }

    /** Writes what is queued, then closes the store. Waits at most {@code timeout}. */
    public void close(Duration timeout) {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("event store: {} events not written before the stop timeout", events.size());
        }
        store.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
