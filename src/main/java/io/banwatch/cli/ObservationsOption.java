package io.banwatch.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --observations FILE|-}: every observation, matched or not, as event JSON lines. */
final class ObservationsOption {

    @Option(
            names = "--observations",
            paramLabel = "FILE|-",
            description = "Write every observation, matched or not, as one event JSON object per line to FILE, "
                    + "or to standard output with '-'.")
    String target;

    boolean toStandardOutput() {
        return "-".equals(target);
    }

    /** The writer, or null without the option. */
    Writer open() {
        if (target == null) {
            return null;
        }
        if (toStandardOutput()) {
            return new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
        }
        try {
            Path path = Path.of(target);
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            return Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandFailure("cannot write observations to " + target + ": " + e.getMessage());
        }
    }
}
