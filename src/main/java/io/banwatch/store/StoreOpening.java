package io.banwatch.store;

import io.banwatch.concurrent.StartedAhead;
import io.banwatch.config.BanwatchConfig;

/**
 * The event store being opened on a thread of its own while the sensor's start goes on: loading SQLite's native
 * library, opening the file and bringing its schema up to date took about 70 ms of a replay's start on its own
 * thread, as long again as parsing the catalog beside it (a wall-clock profile of a replay of the bundled sample).
 * {@link #join()} hands over the store, or throws what {@link EventStore#open(BanwatchConfig.Store)} threw.
 */
public final class StoreOpening {

    private final StartedAhead<EventStore> opening;

    private StoreOpening(StartedAhead<EventStore> opening) {
        this.opening = opening;
    }

    /** Starts opening the store of {@code settings}. */
    public static StoreOpening start(BanwatchConfig.Store settings) {
        return new StoreOpening(StartedAhead.start("banwatch-store-open", () -> EventStore.open(settings)));
    }

    /**
     * The open store, once it is.
     *
     * @throws StoreException (or any other unchecked exception or error) as opening threw it
     */
    public EventStore join() {
        return opening.join();
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
