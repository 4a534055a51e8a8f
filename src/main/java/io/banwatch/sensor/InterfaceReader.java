package io.banwatch.sensor;

import io.banwatch.source.CaptureException;
import io.banwatch.source.CaptureGroup;
import io.banwatch.source.Captures;
import io.banwatch.source.InterfaceState;
import io.banwatch.source.LiveOptions;
import io.banwatch.source.PacketHandler;
import io.banwatch.source.ReopenBackoff;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one live interface until stopped, with one handle or the several of a fanout group ({@link CaptureGroup}). A
 * read error (the interface deleted, its driver reset) does not end the capture: every handle of the interface is
 * closed, the interface marked down, and it is opened again whole with {@link ReopenBackoff} until it is back. Only
 * {@link #stop()} ends it.
 */
final class InterfaceReader {

    private static final Logger log = LoggerFactory.getLogger(InterfaceReader.class);

    /** Opens the interface again; {@link Captures#reopenGroup} in production. */
    interface Opener {
        CaptureGroup open() throws CaptureException;
    }

    private final String name;
    private final InterfaceState state;
    private final Opener reopen;
    private final AtomicReference<CaptureGroup> current;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private final AtomicBoolean closed = new AtomicBoolean();

    InterfaceReader(CaptureGroup first, InterfaceState state, Opener reopen) {
        this.name = first.name();
        this.state = state;
        this.reopen = reopen;
        this.current = new AtomicReference<>(first);
    }

    /** Reopens with as many handles, the same options and filter as the first group, counting into the same stats. */
    static InterfaceReader of(CaptureGroup first, LiveOptions options, Replay.Options filter) {
        InterfaceState state = new InterfaceState(first.name());
        return new InterfaceReader(
                first,
                state,
                () -> Captures.reopenGroup(
                        first.name(), options, first.stats(), capture -> Replay.applyFilter(capture, filter)));
    }

    String name() {
        return name;
    }

    InterfaceState state() {
        return state;
    }

    /** Reads one handle until {@link #stop()}; see {@link #run(List)}. */
    void run(PacketHandler handler) {
        run(List.of(handler));
    }

    /**
     * Reads until {@link #stop()}, reopening after each read error or unexpected end.
     *
     * @param handlers one per handle of the group, each used by one capture thread at a time, across reopens too
     */
    void run(List<? extends PacketHandler> handlers) {
        while (!stopping) {
            CaptureGroup capture = current.get();
            String error;
            try {
                capture.run(handlers);
                error = "capture ended unexpectedly";
            } catch (CaptureException e) {
                error = e.getMessage().startsWith(name + ": ")
                        ? e.getMessage().substring(name.length() + 2)
                        : e.getMessage();
            }
            if (stopping) {
                return;
            }
            state.down();
            log.warn("{}: capture failed, reopening until it is back: {}", name, error);
            long downSince = System.nanoTime();
            capture.updateDrops();
            capture.close();
            if (!reopenUntilBack()) {
                return;
            }
            log.info(
                    "{}: capture resumed after a gap of {} s",
                    name,
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - downSince) / 1e9));
        }
    }

    /** @return false when stopped while waiting */
    private boolean reopenUntilBack() {
        ReopenBackoff backoff = new ReopenBackoff();
        String lastError = null;
        while (true) {
            Duration delay = backoff.next();
            try {
                if (stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            CaptureGroup capture;
            try {
                capture = reopen.open();
            } catch (CaptureException e) {
                if (!e.getMessage().equals(lastError)) {
                    // One line per distinct reason, not one per attempt: an interface away for hours logs once.
                    lastError = e.getMessage();
                    log.debug("{}: not back yet: {}", name, lastError);
                }
                continue;
            }
            current.set(capture);
            if (stopping) { // stop() may have stopped the old handle before this one was set
                capture.close();
                return false;
            }
            state.reopened();
            return true;
        }
    }

    /** How many capture threads read the interface. */
    int threads() {
        return current.get().size();
    }

    /** Copies the current handles' drop counters into the stats. */
    void updateDrops() {
        current.get().updateDrops();
    }

    /** Makes {@link #run} return soon, also while it waits to reopen; safe to call from any thread. */
    void stop() {
        stopping = true;
        stopped.countDown();
        current.get().stop();
    }

    /** Closes the current handles; call after {@link #run} returned. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // closed on a signal, then again when the command leaves its try block
        }
        CaptureGroup capture = current.get();
        capture.updateDrops();
        capture.close();
        if (capture.size() > 1) {
            StringJoiner counts = new StringJoiner(", ");
            for (int i = 0; i < capture.size(); i++) {
                counts.add(Long.toString(capture.packets(i)));
            }
            log.info("{}: packets read by each of its {} capture threads: {}", name, capture.size(), counts);
        }
    }
}
