package io.banwatch.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --observations FILE|-}: every observation, matched or not, as event JSON lines appended to FILE. */
final class ObservationsOption {

    @Option(
            names = "--observations",
            paramLabel = "FILE|-",
            description = "Append every observation, matched or not, as one event JSON object per line to FILE "
                    + "(created when missing, never truncated; reopened on SIGHUP for log rotation), or write them "
                    + "to standard output with '-'.")
    String target;

    private EventFileStream file;

    boolean toStandardOutput() {
        return "-".equals(target);
    }

    /** The events file, for reopening on SIGHUP; null without one. */
    EventFileStream file() {
        return file;
    }

    /**
     * The stream, or null without the option. Call it only once every other argument has been checked, so that a
     * mistake elsewhere on the command line never touches the file.
     *
     * @param inputs capture files read by the same command: writing events over one of them is refused
     */
    OutputStream open(List<Path> inputs) {
        if (target == null) {
            return null;
        }
        if (toStandardOutput()) {
            return System.out;
        }
        Path path = Path.of(target);
        for (Path input : inputs) {
            if (sameFile(path, input)) {
                throw new UsageException("--observations " + target + " is one of the capture files read; name "
                        + "another file for the events");
            }
        }
        try {
            file = EventFileStream.open(path);
            return file;
        } catch (IOException e) {
            throw new CommandFailure("cannot write observations to " + target + ": " + EventFileStream.reason(e));
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall back to comparing the paths
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
