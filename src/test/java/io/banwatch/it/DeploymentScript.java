package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one of the deployment checks of {@code scripts/} (deb-test.sh, container-test.sh) as the integration tests'
 * way of including them in {@code ./mvnw verify}: the script's output goes to a log under target/, and a failing or
 * hanging script fails the test with the log's tail.
 */
final class DeploymentScript {

    private DeploymentScript() {}

    static Path repo() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    static boolean isRoot() {
        try {
            Process id =
                    new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return id.waitFor(10, TimeUnit.SECONDS)
                    && id.exitValue() == 0
                    && out.strip().equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean installed(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    /** Runs {@code bash script args...} from the repository, logging to {@code log}; asserts exit status 0. */
    static void runAndExpectSuccess(Duration timeout, Path log, String script, String... args) throws Exception {
        Files.createDirectories(log.getParent());
        List<String> command = Stream.concat(
                        Stream.of("bash", repo().resolve(script).toString()), Stream.of(args))
                .toList();
        Process process = new ProcessBuilder(command)
                .directory(repo().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            // The scripts clean up on SIGTERM (their EXIT traps); give them the time to.
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(finished)
                .as(script + " finished within " + timeout + "; log " + log + ":\n" + tail(log))
                .isTrue();
        assertThat(process.exitValue())
                .as(script + " exit status; log " + log + ":\n" + tail(log))
                .isZero();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
