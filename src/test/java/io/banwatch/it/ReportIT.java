package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banwatch.decode.Endpoint;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import io.banwatch.report.PdfPrinter;
import io.banwatch.store.EventStore;
import io.banwatch.store.StoredEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compliance report end to end: the built jar replays the bundled sample into a fresh store and writes the report;
 * real headless Chromium opens the HTML (its DOM holds the sample's hosts and dates), logs every network request it
 * makes (the page makes none: only the browser's own background requests, which the host-resolver rules send
 * nowhere), and the PDF is a PDF whose first page renders.
 */
class ReportIT {

    private static final Duration RUN = Duration.ofSeconds(120);

    /** The browser's own requests (component updates, sign-in) carry no page origin; a page's carry its own. */
    private static final String BROWSER_INITIATED = "not an origin";

    private static Path browser;

    @TempDir
    static Path dir;

    private static Path store;

    @BeforeAll
    static void replayTheSample() throws Exception {
        browser = PdfPrinter.find(System.getenv("PATH")).orElse(null);
        Assumptions.assumeTrue(
                browser != null,
                "ReportIT needs chromium on PATH (apt-get install chromium poppler-utils); .ci/run installs it");
        store = dir.resolve("store/banwatch.db");
        Path sample = BanwatchProcess.repo().resolve("src/main/resources/io/banwatch/sample/demo.pcapng");
        assertThat(banwatch("replay", sample.toString())).isZero();
    }

    private static int banwatch(String... args) throws Exception {
        try (BanwatchProcess process = BanwatchProcess.start(
                dir, Map.of("BANWATCH_STORE_PATH", store.toString(), "BANWATCH_HTTP_LISTEN", "127.0.0.1:0"), args)) {
            int status = process.awaitExit(RUN);
            assertThat(status)
                    .as("banwatch %s; stderr:\n%s", String.join(" ", args), process.stderr())
                    .isZero();
            return status;
        }
    }

    /** Runs Chromium on a page with the printer's offline flags, logging the network to {@code netLog}. */
    private static String dumpDom(Path page, Path netLog) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(browser.toString());
        command.addAll(PdfPrinter.offlineFlags(Files.createTempDirectory(dir, "profile")));
        command.add("--log-net-log=" + netLog);
        command.add("--dump-dom");
        command.add(page.toUri().toString());
        return run(command, dir.resolve("dom-" + page.getFileName() + ".txt"));
    }

    private static String run(List<String> command, Path stdout) throws Exception {
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(process.waitFor(RUN.toSeconds(), TimeUnit.SECONDS))
                .as(command.get(0) + " finished")
                .isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    /** The URLs of requests the page itself started, from Chromium's NetLog. */
    private static List<String> pageRequests(Path netLog) throws IOException {
        JsonNode log = new ObjectMapper().readTree(netLog.toFile());
        int startJob = log.path("constants")
                .path("logEventTypes")
                .path("URL_REQUEST_START_JOB")
                .asInt(-1);
        assertThat(startJob).as("NetLog names URL_REQUEST_START_JOB").isPositive();
        List<String> urls = new ArrayList<>();
        for (JsonNode event : log.path("events")) {
            JsonNode params = event.path("params");
            if (event.path("type").asInt() == startJob
                    && params.has("url")
                    && !BROWSER_INITIATED.equals(params.path("initiator").asText())) {
                urls.add(params.path("url").asText());
            }
        }
        return urls;
    }

    @Test
    void theHtmlRendersTheSamplesHostsAndDatesAndFetchesNothing() throws Exception {
        Path html = dir.resolve("report.html");
        assertThat(banwatch("report", "--output", html.toString())).isZero();
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertThat(Pattern.compile("(?i)\\b(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//")
                        .matcher(page)
                        .find())
                .as("no external src or href")
                .isFalse();

        Path netLog = dir.resolve("report-netlog.json");
        String dom = dumpDom(html, netLog);
        assertThat(dom).contains("Compliance report", "<svg class=\"chart\"", "class=\"deadline\"");
        assertThat(dom).contains("10.77.0.2", "10.77.0.3", "fd77::2");
        assertThat(dom).contains("2024-09-20", "2024-10-02", "2024-09-29T04:00:00Z", "2024-09-29 00:00:00 EDT");
        assertThat(dom).contains("Nothing got through after the deadline.");
        assertThat(pageRequests(netLog)).as("requests made by the report page").isEmpty();
    }

    @Test
    void aHostileNameIsShownAsTextAndNeverRuns() throws Exception {
        // A name as an attacker can put it in a ClientHello's SNI or an HTTP Host; the store keeps what was seen.
        String hostile = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">";
        Path hostileStore = dir.resolve("hostile/banwatch.db");
        long afterBan = 1_727_582_400_000_000_000L + 3_600_000_000_000L; // 2024-09-29T05:00:00Z
        Match match = new Match("kaspersky", Category.UPDATE, "rule", "updates_banned", Severity.CRITICAL, "d");
        Observation seen = Observation.tls(
                afterBan,
                Protocol.TLS,
                Endpoint.parse("10.66.0.9", 50_000),
                Endpoint.parse("203.0.113.7", 443),
                -1,
                -1,
                hostile);
        try (EventStore hostileDb = EventStore.open(hostileStore)) {
            hostileDb.write(
                    List.of(
                            StoredEvent.of(new Event(seen, match), "sensor-<b>1</b>"),
                            StoredEvent.of(
                                    new Event(
                                            seen,
                                            match,
                                            new ContactOutcome(
                                                    Outcome.TRANSFERRED, OutcomeReason.BYTES, 1_000_000, 900)),
                                    "sensor-<b>1</b>")),
                    1_800_000_000L);
        }
        Path html = dir.resolve("hostile.html");
        try (BanwatchProcess process = BanwatchProcess.start(
                dir, Map.of("BANWATCH_STORE_PATH", hostileStore.toString()), "report", "-o", html.toString())) {
            assertThat(process.awaitExit(RUN)).as(process.stderr()).isZero();
        }
        String dom = dumpDom(html, dir.resolve("hostile-netlog.json"));
        assertThat(dom).contains("<title>banwatch compliance report</title>");
        assertThat(dom)
                .doesNotContain("pwned</title>")
                .doesNotContain("<script")
                .doesNotContain("<img");
        assertThat(dom).contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;", "sensor-&lt;b&gt;1&lt;/b&gt;");
        assertThat(dom).contains("10.66.0.9", "1,000,000");
    }

    @Test
    void theNetworkCheckSeesARequestThatAPageMakes() throws Exception {
        // The control for the check above: an image the page loads is caught.
        Path canary = Files.writeString(
                dir.resolve("canary.html"),
                "<!DOCTYPE html><html><body><img src=\"http://canary.invalid/x.png\"></body></html>");
        Path netLog = dir.resolve("canary-netlog.json");
        dumpDom(canary, netLog);
        assertThat(pageRequests(netLog)).contains("http://canary.invalid/x.png");
    }

    @Test
    void thePdfIsAPdfWhoseFirstPageRenders() throws Exception {
        Path pdf = dir.resolve("report.pdf");
        assertThat(banwatch("report", "--since", "2024-09-01", "--until", "2024-11-01", "-o", pdf.toString()))
                .isZero();
        byte[] bytes = Files.readAllBytes(pdf);
        assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        Path pdftoppm = Path.of("/usr/bin/pdftoppm");
        Assumptions.assumeTrue(Files.isExecutable(pdftoppm), "pdftoppm (poppler-utils) renders the PDF's first page");
        run(
                List.of(
                        pdftoppm.toString(),
                        "-png",
                        "-r",
                        "50",
                        "-f",
                        "1",
                        "-l",
                        "1",
                        "-singlefile",
                        pdf.toString(),
                        dir.resolve("page1").toString()),
                dir.resolve("pdftoppm.txt"));
        byte[] png = Files.readAllBytes(dir.resolve("page1.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(png.length).isGreaterThan(5_000); // a blank page is a few hundred bytes
    }
}
