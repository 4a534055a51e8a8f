package io.banwatch.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Prints the report's HTML to PDF with headless Chromium ({@code --print-to-pdf}), the same engine that lays the page
 * out on screen, so the PDF is what the HTML shows. Chromium runs in a throwaway profile with every background
 * service off and every host name unresolvable: the page is self-contained and the printer must not reach out.
 */
public final class PdfPrinter {

    /** Browser commands tried in order on PATH: Debian's, Ubuntu's and Google's names. */
    public static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");

    /** A page of this size prints in about a second; a minute means the browser hangs. */
    private static final long TIMEOUT_SECONDS = 120;

    private final Path browser;

    public PdfPrinter(Path browser) {
        this.browser = browser;
    }

    /** The first of {@link #BROWSERS} found on {@code path} (the PATH variable's value), if any. */
    public static Optional<Path> find(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String name : BROWSERS) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The flags that keep Chromium headless, offline and without a profile of its own. */
    public static List<String> offlineFlags(Path profile) {
        return List.of(
                "--headless",
                "--no-sandbox", // root in a container has no user namespace for the sandbox
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--user-data-dir=" + profile);
    }

    /**
     * Writes {@code html} as a PDF at {@code pdf}.
     *
     * @throws IOException when the browser fails or writes no PDF, with the browser's last words
     */
    public void print(String html, Path pdf) throws IOException {
        Path work = Files.createTempDirectory("banwatch-report");
        try {
            Path page = work.resolve("report.html");
            Files.writeString(page, html, StandardCharsets.UTF_8);
            Path output = work.resolve("report.pdf");
            List<String> command = new ArrayList<>();
            command.add(browser.toString());
            command.addAll(offlineFlags(work.resolve("profile")));
            // No date, title and file path printed around the page; the second spelling is older Chromium's.
            command.add("--no-pdf-header-footer");
            command.add("--print-to-pdf-no-header");
            command.add("--print-to-pdf=" + output);
            command.add(page.toUri().toString());
            Path log = work.resolve("browser.log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(browser + " did not print the report within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(output) || Files.size(output) == 0) {
                throw new IOException(browser + " failed to print the report (exit status " + process.exitValue()
                        + "): " + lastLine(log));
            }
            Files.move(output, pdf, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while printing the report", e);
        } finally {
            deleteTree(work);
        }
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).strip();
            }
        }
        return "no output";
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException leftBehind) {
            // a temporary folder left behind is no reason to fail the report
        }
    }
}
