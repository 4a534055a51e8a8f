package io.banwatch.store;

import io.banwatch.concurrent.StartedAhead;
import io.banwatch.config.BanwatchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The event store being opened on a thread of its own while the sensor's start goes on: loading SQLite's native
 * library, opening the file and bringing its schema up to date took about 70 ms of a replay's start on its own
 * thread, as long again as parsing the catalog beside it (a wall-clock profile of a replay of the bundled sample).
 * {@link #join()} hands over the store, or throws what {@link EventStore#open(BanwatchConfig.Store)} threw. A start
 * that fails elsewhere {@link #abandon()}s it, which leaves the disk as it found it.
 */
public final class StoreOpening {

    // SQLite's files beside the database: the write-ahead log and its index (https://www.sqlite.org/walformat.html).
    private static final String[] COMPANIONS = {"", "-wal", "-shm", "-journal"};

    private final StartedAhead<EventStore> opening;
    private final Path file;
    /** The outermost of the file and its folders that did not exist before the opening, or null. */
    private final Path made;

    private StoreOpening(StartedAhead<EventStore> opening, Path file, Path made) {
        this.opening = opening;
        this.file = file;
        this.made = made;
    }

    /** Starts opening the store of {@code settings}. */
    public static StoreOpening start(BanwatchConfig.Store settings) {
        Path file = settings.central() ? null : Path.of(settings.path()).toAbsolutePath();
        Path made = file == null ? null : outermostMissing(file);
        return new StoreOpening(StartedAhead.start("banwatch-store-open", () -> EventStore.open(settings)), file, made);
    }

    /**
     * The open store, once it is.
     *
     * @throws StoreException (or any other unchecked exception or error) as opening threw it
     */
    public EventStore join() {
        return opening.join();
    }

    /**
     * Closes the store once open, when the sensor's start failed elsewhere (a catalog or sink setting), and removes
     * the file and the folders the opening made, so that a start refused for its configuration leaves no empty store
     * behind; a failure to open is dropped.
     */
    public void abandon() {
        try {
            join().close();
        } catch (RuntimeException e) {
            // The start failed for another reason, which the caller reports; the store's own failure adds nothing.
        }
        if (made != null) {
            removeWhatWasMade();
        }
    }

    private void removeWhatWasMade() {
        try {
            for (String suffix : COMPANIONS) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
            if (made.equals(file)) {
                return; // its folder was there
            }
            // The folders the opening made, innermost first, up to made (one of the file's folders).
            for (Path folder = file.getParent(); folder.startsWith(made); folder = folder.getParent()) {
                Files.deleteIfExists(folder); // fails on a folder something else has put a file in since: kept
            }
        } catch (IOException e) {
            // Left as it is: the start's own error is what the user must read.
        }
    }

    private static Path outermostMissing(Path file) {
        Path missing = null;
        for (Path p = file; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }
}
