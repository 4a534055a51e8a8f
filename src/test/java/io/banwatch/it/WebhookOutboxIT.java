package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.banwatch.alert.webhook.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook's durable outbox across a crash: {@code banwatch replay} is killed with SIGKILL while every alert is
 * in flight to a receiver that honours Idempotency-Key, and started again with the same outbox. Every alert arrives,
 * none is processed twice, every signature verifies, and the outbox is empty at the end.
 */
class WebhookOutboxIT {

    private static final String SECRET = "it-secret";
    private static final Pattern ALERTS_LINE = Pattern.compile("(?m)^\\s*alerts\\s+(\\d+)\\s*$");

    private final List<Process> processes = new ArrayList<>();
    private WebhookReceiver receiver;
    private Path workDir;

    @AfterEach
    void stop() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        if (receiver != null) {
            CountDownLatch gate = receiver.gate;
            if (gate != null) {
                gate.countDown();
            }
            receiver.close();
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void alertsInFlightWhenBanwatchIsKilledAreDeliveredOnceByTheNextStart() throws Exception {
        workDir = Files.createTempDirectory("banwatch-webhook-it");
        Path outbox = workDir.resolve("outbox");
        receiver = WebhookReceiver.started(SECRET);
        receiver.gate = new CountDownLatch(1);

        // 1. Every delivery hangs at the receiver; once each is on disk and in flight, kill banwatch outright.
        Process first = replay("first.log");
        await("every alert in the outbox and in flight", Duration.ofSeconds(60), () -> {
            long stored = count(outbox);
            return stored > 0 && receiver.received.size() >= stored;
        });
        Set<String> stored = keys(outbox);
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);
        assertThat(keys(outbox)).as("the outbox keeps what was in flight").isEqualTo(stored);

        // 2. The hung requests complete at the receiver after the sender died (so it processed them without banwatch
        // seeing a 2xx); the next start sends them again under the same keys, then replays and delivers the rest.
        receiver.gate.countDown();
        await("the hung requests processed", Duration.ofSeconds(10), () -> receiver.processed.size() >= stored.size());
        Process second = replay("second.log");
        assertThat(second.waitFor(120, TimeUnit.SECONDS))
                .as("the second replay exits")
                .isTrue();
        String log = Files.readString(workDir.resolve("second.log"));
        assertThat(second.exitValue()).as(log).isZero();

        Matcher alerts = ALERTS_LINE.matcher(log);
        assertThat(alerts.find()).as(log).isTrue();
        int raised = Integer.parseInt(alerts.group(1));
        assertThat(raised).isPositive();
        Map<String, WebhookReceiver.Delivery> processed = receiver.processed;
        assertThat(processed.keySet()).containsAll(stored);
        // Every alert arrives, each revision once: an outcome that makes an alert worse is a new revision.
        assertThat(processed.size()).isGreaterThanOrEqualTo(raised);
        Set<String> alertIds = new HashSet<>();
        ObjectMapper json = new ObjectMapper();
        for (WebhookReceiver.Delivery delivery : processed.values()) {
            assertThat(delivery.signatureValid()).as(delivery.key()).isTrue();
            String id = json.readTree(delivery.body()).path("alert").path("id").asText();
            assertThat(delivery.key()).startsWith(id + "-");
            alertIds.add(id);
        }
        assertThat(alertIds).hasSize(raised);
        // Only the deliveries in flight at the kill were received twice; the receiver processed each once.
        List<String> repeats = new ArrayList<>(receiver.received);
        for (String key : processed.keySet()) {
            repeats.remove(key);
        }
        assertThat(stored).containsAll(repeats);
        assertThat(count(outbox))
                .as("the outbox is empty once everything was delivered")
                .isZero();
    }

    private Process replay(String logName) throws Exception {
        Path capture = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .resolve("src/main/resources/io/banwatch/sample/demo.pcapng");
        ProcessBuilder builder = new ProcessBuilder(
                        javaBinary(), "-Xmx256m", "-jar", jar().toString(), "replay", capture.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve(logName).toFile());
        Map<String, String> env = builder.environment();
        env.put("BANWATCH_ALERTS_WEBHOOK_URL", receiver.url().toString());
        env.put("BANWATCH_ALERTS_WEBHOOK_SECRET", SECRET);
        env.put("BANWATCH_ALERTS_WEBHOOK_TIMEOUT_SECONDS", "60");
        env.put("BANWATCH_ALERTS_OUTBOX_DIR", workDir.resolve("outbox").toString());
        env.put("BANWATCH_ALERTS_FLUSH_TIMEOUT_SECONDS", "90");
        env.put("BANWATCH_ALERTS_LOG", "false");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static long count(Path outbox) {
        return keys(outbox).size();
    }

    private static Set<String> keys(Path outbox) {
        if (!Files.isDirectory(outbox)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            Set<String> keys = new HashSet<>();
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .forEach(n -> keys.add(n.substring(0, n.length() - ".json".length())));
            return keys;
        } catch (java.io.IOException e) {
            return Set.of();
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.sleep(50);
        }
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty(
                "banwatch.jar",
                Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                        .resolve("target/banwatch.jar")
                        .toString()));
        assertThat(jar).as("the built jar (system property banwatch.jar)").isRegularFile();
        return jar;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
