package io.banwatch.alert.webhook;

import io.banwatch.metrics.BanwatchMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Webhook deliveries kept on disk until the receiver accepts them: one file per delivery, named by its idempotency
 * key and holding the exact body, so a retry after a crash sends the same bytes under the same key. A file is
 * written to a temporary name, forced to disk and renamed into place (then the directory is forced), so a crash
 * leaves either the whole delivery or none of it; it is deleted after a 2xx.
 */
public final class Outbox {

    /** One waiting delivery. */
    public record Entry(String key, byte[] body) {}

    private static final String SUFFIX = ".json";
    private static final String TEMPORARY = ".tmp";
    // Keys are the alert id (hex) and revision: nothing that could name another directory.
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{1,64}-[0-9]{1,9}");

    private final Path directory;
    private final int maxEntries;
    private final AtomicInteger depth = new AtomicInteger();
    private final Counter full;

    /**
     * Opens (creating it if needed) the outbox directory, removing temporary files a crash left behind.
     *
     * @param maxEntries the cap ({@code alerts.outbox_max_entries}); a delivery past it is refused and counted
     */
    public Outbox(Path directory, int maxEntries, MeterRegistry registry) throws IOException {
        this.directory = directory;
        this.maxEntries = maxEntries;
        Files.createDirectories(directory);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(TEMPORARY)) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(SUFFIX)) {
                    depth.incrementAndGet();
                }
            }
        }
        BanwatchMeters.ALERT_OUTBOX_DEPTH.gauge(depth, AtomicInteger::get).register(registry);
        this.full = BanwatchMeters.ALERT_OUTBOX_FULL.counter().register(registry);
    }

    /** Deliveries waiting. */
    public int depth() {
        return depth.get();
    }

    /**
     * Stores a delivery durably before it is attempted.
     *
     * @return false when the outbox is full (counted in {@code banwatch_alert_outbox_full_total})
     */
    public boolean put(String key, byte[] body) throws IOException {
        Path target = file(key);
        if (Files.exists(target)) {
            return true; // the same delivery again (a replay of the same capture): one file, one key
        }
        if (depth.get() >= maxEntries) {
            full.increment();
            return false;
        }
        Path temporary = directory.resolve(key + TEMPORARY);
        try (FileChannel out = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(body);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory();
        depth.incrementAndGet();
        return true;
    }

    /** Removes a delivered entry; a missing one (delivered twice over) is fine. */
    public void delete(String key) {
        try {
            if (Files.deleteIfExists(file(key))) {
                depth.decrementAndGet();
                forceDirectory();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every waiting delivery, oldest first. */
    public List<Entry> entries() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                    .sorted(Comparator.comparing(Outbox::modified).thenComparing(Path::toString))
                    .toList();
        }
        List<Entry> entries = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String key = name.substring(0, name.length() - SUFFIX.length());
            try {
                entries.add(new Entry(key, Files.readAllBytes(file)));
            } catch (NoSuchFileException deliveredMeanwhile) {
                // delivered and deleted between the listing and the read
            }
        }
        return entries;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private Path file(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not an outbox key: " + key);
        }
        return directory.resolve(key + SUFFIX);
    }

    /** A rename is durable only once the directory entry is on disk (fsync(2) on the directory, POSIX). */
    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems refuse to sync a directory; the rename itself is still atomic.
        }
    }
}
