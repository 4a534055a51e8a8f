package io.banwatch.store;

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
 * arrives, or sooner when a batch is full, in one transaction per batch. Live capture never waits for it: a full
 * queue drops and counts; a replay waits for room instead, so it loses nothing. A failed write (disk full,
 * read-only) is logged and counted and the sensor goes on; retention deletes old rows once an hour.
 */
public final class StoreWriter implements AutoCloseable {

    /**
     * Events per transaction, at most: a batch touches each host's pages of the events_host index and its inventory
     * row once however many of its events it holds, so a larger batch writes fewer pages per event (measured with
     * bench/store.sh: 4,096 wrote several kilobytes of pages per event with 5,000 hosts). Half the default queue, so a
     * full batch being written leaves room for the next; a crash still loses at most one flush interval of events.
     */
    public static final int BATCH = 32_768;

    // A failing disk would log on every batch; one line per minute says it is still failing.
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final Duration RETENTION_INTERVAL = Duration.ofHours(1);

    // Even at 200,000 events a second (a replay of the tap capture hands over about 18,000), a slice brings 2,000: far
    // from a full batch or the default queue, and at most 100 wake-ups a second while a batch is gathered.
    private static final long POLL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

    private final EventStore store;
    private final BlockingQueue<StoreRow> queue;
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

    public StoreWriter(
            EventStore store,
            int queueCapacity,
            Duration flushInterval,
            int retentionDays,
            Clock clock,
            MeterRegistry registry) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        // A batch is taken once it is full or the queue half full, whichever comes first, so that a small queue
        // never fills (dropping live events, holding a replay back) while the batch is gathered.
        this.takeAt = Math.max(1, Math.min(BATCH - 1, queueCapacity / 2));
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
        BanwatchMeters.STORE_QUEUE.gauge(queue, BlockingQueue::size).register(registry);
        BanwatchMeters.STORE_LOOKUP_EVICTIONS
                .functionCounter(store, EventStore::termCacheEvictions)
                .tags(BanwatchMeters.TABLE, "terms")
                .register(registry);
        BanwatchMeters.STORE_LOOKUP_EVICTIONS
                .functionCounter(store, EventStore::nameCacheEvictions)
                .tags(BanwatchMeters.TABLE, "names")
                .register(registry);
        this.thread = new Thread(this::run, "banwatch-store");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands an event over without waiting; a full queue drops and counts it. */
    public boolean offer(StoredEvent event) {
        if (closing || !queue.offer(event)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /** Hands an event over, waiting for room (replays, which must lose nothing). */
    public void put(StoredEvent event) throws InterruptedException {
        if (closing) {
            dropped.increment();
            return;
        }
        queue.put(event);
    }

    /**
     * Hands an alert notification over, waiting at most {@code timeout} for room: alerts are few and come from the
     * alert sink's own thread, never from a capture thread or the pipeline's loop, so a short wait costs nothing and
     * keeps them from being lost behind a burst of events.
     *
     * @return false when the alert was dropped (the store is closing or stayed full)
     */
    public boolean offer(StoredAlert alert, Duration timeout) throws InterruptedException {
        if (closing || !queue.offer(alert, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            droppedAlerts.increment();
            return false;
        }
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

    private void run() {
        List<StoreRow> batch = new ArrayList<>(BATCH);
        nextRetention = System.nanoTime();
        while (!closing || !queue.isEmpty()) {
            try {
                StoreRow first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    writing = true;
                }
                if (first != null) {
                    batch.add(first);
                    long deadline = System.nanoTime() + flushIntervalNanos;
                    // Sleeps in short slices until the batch is due, then takes it from the queue at once: waiting on
                    // the queue for each event woke this thread (and made the pipeline signal it) once per event.
                    // A slice is short enough that a stop or a full batch is seen within it.
                    while (queue.size() < takeAt && !closing && !flushNow) {
                        long remaining = deadline - System.nanoTime();
                        if (remaining <= 0) {
                            break;
                        }
                        LockSupport.parkNanos(Math.min(remaining, POLL_SLICE_NANOS));
                    }
                    queue.drainTo(batch, BATCH - batch.size());
                    writing = true;
                    write(batch);
                    batch.clear();
                    writing = false;
                }
                if (System.nanoTime() - nextRetention >= 0) {
                    retain();
                    nextRetention = System.nanoTime() + RETENTION_INTERVAL.toNanos();
                }
            } catch (InterruptedException e) {
                if (!closing) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void write(List<StoreRow> batch) {
        List<StoredEvent> events = new ArrayList<>(batch.size());
        List<StoredAlert> alerts = new ArrayList<>();
        for (StoreRow row : batch) {
            switch (row) {
                case StoredEvent event -> events.add(event);
                case StoredAlert alert -> alerts.add(alert);
            }
        }
        try {
            store.write(events, alerts, clock.instant().getEpochSecond());
            written.add(events.size());
        } catch (SQLException | RuntimeException e) {
            failed.add(events.size());
            long now = System.nanoTime();
            if (now - lastFailureLog >= FAILURE_LOG_INTERVAL_NANOS) {
                lastFailureLog = now;
                log.error(
                        "event store {}: cannot write {} events ({}); capture goes on and failed writes are counted "
                                + "in banwatch_store_events_total{outcome=\"failed\"}: {}",
                        store.location(),
                        events.size(),
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
        while ((writing || !queue.isEmpty()) && System.nanoTime() < deadline && thread.isAlive()) {
            Thread.sleep(5);
        }
        flushNow = false;
    }

    /** Writes what is queued, then closes the store. Waits at most {@code timeout}. */
    public void close(Duration timeout) {
        closing = true;
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("event store: {} events not written before the stop timeout", queue.size());
        }
        store.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
