package io.banwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An Error inside the capture callback or on any thread ends the process with status 70 and one line on standard
 * error; it is neither swallowed (JNA would carry on calling back) nor left to hang the process.
 */
class FatalErrorExitTest {

    @Test
    void outOfMemoryInTheCaptureCallbackExitsWithStatus70() throws Exception {
        Result result = run("capture", fixture("dns-kaspersky.pcap"));

        assertThat(result.status).isEqualTo(FatalErrors.EXIT_STATUS);
        assertThat(result.stdout).doesNotContain("replay ended normally");
        assertThat(result.stderrLines)
                .singleElement()
                .asString()
                .startsWith("banwatch: fatal: java.lang.OutOfMemoryError")
                .contains("the capture of");
    }

    @Test
    void anErrorEscapingAnyThreadExitsWithStatus70() throws Exception {
        Result result = run("thread", "-");

        assertThat(result.status).isEqualTo(FatalErrors.EXIT_STATUS);
        assertThat(result.stderrLines)
                .singleElement()
                .asString()
                .startsWith("banwatch: fatal: java.lang.StackOverflowError: from a worker in thread worker");
    }

    private static Result run(String mode, String file) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-Xmx64m",
                        "--enable-native-access=ALL-UNNAMED",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FailingCaptureMain.class.getName(),
                        mode,
                        file)
                .start();
        process.getOutputStream().close();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as("the process ended instead of hanging").isTrue();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .filter(line -> line.startsWith("banwatch:") || line.contains("Exception") || line.contains("Error"))
                .toList();
        return new Result(process.exitValue(), stdout, stderr);
    }

    private static String fixture(String name) throws URISyntaxException {
        return new File(FatalErrorExitTest.class
                        .getResource("/io/banwatch/fixtures/" + name)
                        .toURI())
                .getPath();
    }

    private record Result(int status, String stdout, List<String> stderrLines) {}
}
