package io.banwatch.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The events file: opened for appending (an event file is evidence, as Suricata's {@code eve.json} and Zeek's logs
 * are, and a restart never empties it) and reopened on request, so log rotation loses nothing:
 *
 * <ul>
 *   <li>logrotate {@code create}: the file is renamed, banwatch keeps writing into the renamed file until SIGHUP
 *       ({@link #reopen()}), then writes into a new file at the path;
 *   <li>logrotate {@code copytruncate}: the file is copied and truncated in place; every write goes to the end of
 *       the file as it is then ({@code O_APPEND}), so nothing lands past a hole.
 * </ul>
 *
 * Writes come from one thread (the pipeline's event loop); {@link #reopen()} may be called from any thread and takes
 * effect at the next write or flush on the writing thread.
 */
final class EventFileStream extends OutputStream {

    private final Path path;
    private OutputStream out;
    private volatile boolean reopenRequested;

    private EventFileStream(Path path, OutputStream out) {
        this.path = path;
        this.out = out;
    }

    /** Opens {@code path} for appending, creating it and its folders when missing. */
    static EventFileStream open(Path path) throws IOException {
        return new EventFileStream(path, openAppending(path));
    }

    private static OutputStream openAppending(Path path) throws IOException {
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        return Files.newOutputStream(
                path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** Asks for the file to be closed and opened again at its path (after a rotation renamed it). */
    void reopen() {
        reopenRequested = true;
    }

    private void reopenIfRequested() throws IOException {
        if (!reopenRequested) {
            return;
        }
        reopenRequested = false;
        out.close();
        out = openAppending(path);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        reopenIfRequested();
        out.write(bytes, offset, length);
    }

    @Override
    public void write(int b) throws IOException {
        reopenIfRequested();
        out.write(b);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
        reopenIfRequested();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** "permission denied", "no space left on device": what a file system error means, for one-line messages. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "a part of the path is not a folder";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a part of the path exists and is not a folder";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder, and it cannot be created there";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
