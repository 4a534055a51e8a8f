package io.banwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code banwatch report}: its usage errors, and the one line it gives when a PDF is asked for without Chromium. */
class ReportCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void anOutputThatIsNeitherHtmlNorPdfIsAUsageError(@TempDir Path dir) {
        assertThat(run("report", "--output", dir.resolve("report.txt").toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--output:", "must end in .html or .pdf");
        assertThat(dir.resolve("report.txt")).doesNotExist();
    }

    @Test
    void theOutputIsRequired() {
        assertThat(run("report")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--output");
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsAUsageError(@TempDir Path dir) {
        assertThat(run(
                        "report",
                        "--since",
                        "2024-10-01",
                        "--until",
                        "2024-09-01",
                        "-o",
                        dir.resolve("r.html").toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--until must be after --since");
    }

    @Test
    void aBadTimeNamesTheOption(@TempDir Path dir) {
        assertThat(run(
                        "report",
                        "--since",
                        "yesterday",
                        "-o",
                        dir.resolve("r.html").toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--since: \"yesterday\" is not a time");
    }

    @Test
    void aPdfWithoutChromiumSaysInOneLineWhatToDo(@TempDir Path dir) throws Exception {
        ReportCommand command = new ReportCommand();
        command.searchPath = Files.createDirectories(dir.resolve("empty-bin")).toString();
        new CommandLine(command).parseArgs("--output", dir.resolve("r.pdf").toString());
        assertThatThrownBy(command::call)
                .isInstanceOf(CommandFailure.class)
                .hasMessage("a PDF needs Chromium (chromium, chromium-browser, google-chrome) on PATH: install "
                        + "chromium (apt-get install chromium), or write --output FILE.html");
        assertThat(dir.resolve("r.pdf")).doesNotExist();
    }
}
