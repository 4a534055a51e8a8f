package io.banwatch.store;

import io.banwatch.config.BanwatchConfig;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The event store being opened on a thread of its own while the sensor's start goes on: loading SQLite's native
 * library, opening the file and bringing its schema up to date took about 70 ms of a replay's start on its own
 * thread, as long again as parsing the catalog beside it (a wall-clock profile of a replay of the bundled sample).
 * {@link #join()} hands over the store, or throws what {@link EventStore#open(BanwatchConfig.Store)} threw.
 */
public final class StoreOpening {

    private final FutureTask<EventStore> task;

    private StoreOpening(FutureTask<EventStore> task) {
        this.task = task;
    }

    /** Starts opening the store of {@code settings}. */
    public static StoreOpening start(BanwatchConfig.Store settings) {
        FutureTask<EventStore> task = new FutureTask<>(() -> EventStore.open(settings));
        Thread.ofPlatform().name("banwatch-store-open").daemon().start(task);
        return new StoreOpening(task);
    }

    /**
     * The open store, once it is.
     *
     * @throws StoreException (or any other unchecked exception or error) as opening threw it
     */
    public EventStore join() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    // The store must not be left open behind the caller's back: wait for it, then keep the interrupt.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new StoreException("store: " + cause.getMessage(), cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes the store once open, when the sensor's start failed elsewhere; a failure to open is dropped. */
    public void abandon() {
        try {
            join().close();
        } catch (RuntimeException e) {
            // The start failed for another reason, which the caller reports; the store's own failure adds nothing.
        }
    }
}
