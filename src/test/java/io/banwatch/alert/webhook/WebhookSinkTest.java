package io.banwatch.alert.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banwatch.alert.Alert;
import io.banwatch.alert.AlertDispatcher;
import io.banwatch.alert.AlertJson;
import io.banwatch.alert.Backoff;
import io.banwatch.alert.TestEvents;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The webhook sink against a real HTTP receiver on loopback that honours Idempotency-Key. */
@Timeout(60)
class WebhookSinkTest {

    private static final String SECRET = "s3cret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path outboxDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private static Alert alert(int host) {
        return TestEvents.alert(
                TestEvents.tls(
                        "2024-10-02T14:02:00Z",
                        "10.4.7." + host,
                        "dnl-07.geo.kaspersky.com",
                        TestEvents.updateBanned()),
                "10.4.7." + host,
                "host 10.4.7." + host + " reached Kaspersky update service");
    }

    /** Alerts with distinct ids: the test helper gives every alert the same id. */
    private static Alert distinct(int host) {
        Alert a = alert(host);
        return new Alert(
                String.format("%032x", host),
                a.revision(),
                a.reason(),
                a.event(),
                a.host(),
                a.severity(),
                a.firstSeenNanos(),
                a.lastSeenNanos(),
                a.count(),
                a.names(),
                a.rules(),
                a.outcome(),
                a.outcomeDetail(),
                a.phaseStart(),
                a.message());
    }

    private AlertDispatcher dispatcher(URI url, Duration timeout, int maxEntries) throws Exception {
        WebhookSink sink = new WebhookSink(
                new WebhookSink.Settings(
                        url,
                        SECRET,
                        timeout,
                        new Backoff(Duration.ofMillis(50), Duration.ofMillis(400)),
                        6,
                        Duration.ofMillis(300)),
                new Outbox(outboxDir, maxEntries, registry),
                registry);
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(sink), registry);
        toClose.add(dispatcher);
        return dispatcher;
    }

    private WebhookReceiver receiver() throws Exception {
        WebhookReceiver receiver = WebhookReceiver.started(SECRET);
        toClose.add(receiver);
        return receiver;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.sleep(10);
        }
    }

    private double deliveries(String outcome) {
        return registry.get("banwatch.alert.deliveries")
                .tags("sink", "webhook", "outcome", outcome)
                .counter()
                .count();
    }

    private long outboxFiles() throws Exception {
        try (var files = Files.list(outboxDir)) {
            return files.count();
        }
    }

    @Test
    void postsTheAlertJsonWithItsIdempotencyKeyAndSignature() throws Exception {
        WebhookReceiver receiver = receiver();
        AlertDispatcher dispatcher = dispatcher(receiver.url(), Duration.ofSeconds(5), 100);
        Alert alert = distinct(1);

        dispatcher.dispatch(alert);

        await("delivered", () -> deliveries("delivered") == 1);
        WebhookReceiver.Delivery delivery = receiver.processed.get(alert.deliveryKey());
        assertThat(delivery).isNotNull();
        assertThat(delivery.signatureValid()).isTrue();
        assertThat(new String(delivery.body(), StandardCharsets.UTF_8)).isEqualTo(AlertJson.toJson(alert));
        JsonNode body = JSON.readTree(delivery.body());
        assertThat(body.path("alert").path("id").asText()).isEqualTo(alert.id());
        assertThat(body.path("message").asText()).startsWith("host 10.4.7.1 reached");
        assertThat(outboxFiles()).isZero();
        assertThat(registry.get("banwatch.alert.outbox.depth").gauge().value()).isZero();
    }

    @Test
    void alertsRaisedWhileTheReceiverIsDownArriveOnceItIsUp() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        WebhookReceiver receiver = new WebhookReceiver(port, SECRET);
        toClose.add(receiver);
        AlertDispatcher dispatcher = dispatcher(receiver.url(), Duration.ofSeconds(2), 100);

        for (int i = 1; i <= 5; i++) {
            dispatcher.dispatch(distinct(i));
        }
        await("all five stored and retrying", () -> {
            try {
                return outboxFiles() == 5 && deliveries("retried") >= 5;
            } catch (Exception e) {
                return false;
            }
        });
        receiver.start();

        await("all five", () -> receiver.processed.size() == 5);
        assertThat(dispatcher.awaitDelivered(Duration.ofSeconds(30))).isTrue();
        assertThat(receiver.processed.values()).allMatch(WebhookReceiver.Delivery::signatureValid);
        assertThat(receiver.received).doesNotHaveDuplicates();
        assertThat(outboxFiles()).isZero();
    }

    @Test
    void aSlowReceiverTimesOutAndTheRetryUsesTheSameKey() throws Exception {
        WebhookReceiver receiver = receiver();
        receiver.delayMillis = 1_500;
        AlertDispatcher dispatcher = dispatcher(receiver.url(), Duration.ofSeconds(1), 100);
        Alert alert = distinct(1);

        dispatcher.dispatch(alert);
        await("first attempt timed out", () -> deliveries("retried") >= 1);
        receiver.delayMillis = 0;

        await("delivered", () -> deliveries("delivered") == 1);
        assertThat(receiver.received).hasSizeGreaterThanOrEqualTo(2).containsOnly(alert.deliveryKey());
        assertThat(receiver.processed).containsOnlyKeys(alert.deliveryKey());
        await("outbox empty", () -> {
            try {
                return outboxFiles() == 0;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void a500IsRetriedUntilA200() throws Exception {
        WebhookReceiver receiver = receiver();
        receiver.failNext.set(2);
        AlertDispatcher dispatcher = dispatcher(receiver.url(), Duration.ofSeconds(5), 100);

        dispatcher.dispatch(distinct(1));

        await("delivered", () -> deliveries("delivered") == 1);
        assertThat(deliveries("retried")).isEqualTo(2);
        assertThat(deliveries("failed")).isZero();
        assertThat(receiver.received).hasSize(3);
        assertThat(receiver.processed).hasSize(1);
    }

    @Test
    void anUpdateIsANewDeliveryButTheSameRevisionIsNot() throws Exception {
        WebhookReceiver receiver = receiver();
        AlertDispatcher dispatcher = dispatcher(receiver.url(), Duration.ofSeconds(5), 100);
        Alert first = distinct(1);
        Alert update = new Alert(
                first.id(),
                2,
                Alert.Reason.OUTCOME,
                first.event(),
                first.host(),
                first.severity(),
                first.firstSeenNanos(),
                first.lastSeenNanos(),
                first.count(),
                first.names(),
                first.rules(),
                io.banwatch.event.Outcome.TRANSFERRED,
                null,
                first.phaseStart(),
                first.message());

        dispatcher.dispatch(first);
        await("first", () -> deliveries("delivered") == 1);
        dispatcher.dispatch(first);
        dispatcher.dispatch(update);

        await("three deliveries", () -> deliveries("delivered") == 3);
        assertThat(receiver.processed).containsOnlyKeys(first.id() + "-1", first.id() + "-2");
    }

    @Test
    void whatTheOutboxHoldsIsDeliveredByTheNextStart() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/hook");
        AlertDispatcher first = dispatcher(url, Duration.ofSeconds(1), 100);
        for (int i = 1; i <= 3; i++) {
            first.dispatch(distinct(i));
        }
        await("stored", () -> {
            try {
                return outboxFiles() == 3;
            } catch (Exception e) {
                return false;
            }
        });
        first.close();

        WebhookReceiver receiver = new WebhookReceiver(port, SECRET);
        toClose.add(receiver);
        receiver.start();
        AlertDispatcher second = dispatcher(url, Duration.ofSeconds(2), 100);

        await("delivered after the restart", () -> receiver.processed.size() == 3);
        assertThat(second.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        assertThat(outboxFiles()).isZero();
    }

    @Test
    void aLargeBacklogIsSentAFewAtATimeUntilEveryEntryIsDelivered() throws Exception {
        Outbox outbox = new Outbox(outboxDir, 1_000, new SimpleMeterRegistry());
        int entries = WebhookSink.SWEEP_IN_FLIGHT * 3 + 5;
        for (int i = 0; i < entries; i++) {
            Alert alert = distinct(i);
            outbox.put(alert.deliveryKey(), AlertJson.toJson(alert).getBytes(StandardCharsets.UTF_8));
        }
        WebhookReceiver receiver = receiver();

        AlertDispatcher dispatcher = dispatcher(receiver.url(), Duration.ofSeconds(5), 1_000);

        assertThat(dispatcher.awaitDelivered(Duration.ofSeconds(30))).isTrue();
        assertThat(receiver.processed).hasSize(entries);
        assertThat(receiver.received).doesNotHaveDuplicates();
        assertThat(deliveries("delivered")).isEqualTo(entries);
        assertThat(outboxFiles()).isZero();
    }

    @Test
    void theOutboxIsBoundedAndCountsWhatItRefuses() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        AlertDispatcher dispatcher =
                dispatcher(URI.create("http://127.0.0.1:" + port + "/hook"), Duration.ofSeconds(1), 2);

        for (int i = 1; i <= 3; i++) {
            dispatcher.dispatch(distinct(i));
        }

        await("refused", () -> deliveries("failed") >= 1);
        assertThat(registry.get("banwatch.alert.outbox.full").counter().count()).isEqualTo(1);
        assertThat(registry.get("banwatch.alert.outbox.depth").gauge().value()).isEqualTo(2);
    }
}
