package io.banwatch.alert.webhook;

import io.banwatch.alert.Alert;
import io.banwatch.alert.AlertJson;
import io.banwatch.alert.AlertSink;
import io.banwatch.alert.Backoff;
import io.banwatch.alert.Deadline;
import io.banwatch.metrics.BanwatchMeters;
import io.banwatch.metrics.DeliveryOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each alert notification as JSON to {@code alerts.webhook.url}, through a durable {@link Outbox}: the
 * delivery is on disk before the first attempt and leaves it only after a 2xx, so alerts raised while the receiver is
 * down, or before a crash, are delivered later (by retries, by the periodic sweep, or by the next start). Every
 * request carries {@code Idempotency-Key} (the alert's id and revision) so a receiver that honours it processes each
 * notification exactly once; others get it at least once.
 */
public final class WebhookSink implements AlertSink {

    public static final String NAME = "webhook";

    /**
     * @param secret HMAC key for {@code X-Banwatch-Signature}; empty or null: unsigned
     * @param timeout of one request, connection included
     * @param attempts per delivery before it waits in the outbox for the next sweep
     * @param sweep how often the outbox is searched for deliveries no attempt is working on
     */
    public record Settings(URI url, String secret, Duration timeout, Backoff backoff, int attempts, Duration sweep) {

        // Six attempts with 1 s doubling to 30 s ride out a receiver restart (about a minute); longer outages are
        // the sweep's job, every minute, so a down receiver costs one request per waiting alert per minute.
        public static Settings of(URI url, String secret, Duration timeout) {
            return new Settings(
                    url,
                    secret,
                    timeout,
                    new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)),
                    6,
                    Duration.ofMinutes(1));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);

    // Outbox entries a sweep sends at once: thousands left by a long outage go out 64 connections at a time, each
    // finished delivery starting the next, rather than all at once against a receiver that just came back.
    static final int SWEEP_IN_FLIGHT = 64;

    private final Settings settings;
    private final Outbox outbox;
    private final WebhookSignature signature;
    private final HttpClient client;
    private final ScheduledExecutorService timer;
    // Deliveries that attempts are working on, by key: the sweep leaves them alone, a second deliver() of the same
    // key joins the running one, and idle() is true when it is empty.
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    // Outbox entries found by a sweep, waiting for a free place among SWEEP_IN_FLIGHT; filled and drained on the
    // timer thread, read by idle().
    private final Deque<Outbox.Entry> backlog = new ConcurrentLinkedDeque<>();
    private final AtomicInteger sweepInFlight = new AtomicInteger();
    private final Counter leftoverDelivered;
    private final Counter leftoverRetried;
    private final Counter leftoverFailed;
    private volatile boolean closed;

    /** Starts delivering what the outbox holds from earlier runs at once, before any new alert. */
    public WebhookSink(Settings settings, Outbox outbox, MeterRegistry registry) {
        this.settings = settings;
        this.outbox = outbox;
        this.signature = settings.secret() == null || settings.secret().isEmpty()
                ? null
                : new WebhookSignature(settings.secret());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "banwatch-webhook-retry");
            thread.setDaemon(true);
            return thread;
        });
        // Deliveries found in the outbox are not dispatched by the AlertDispatcher; count them under the same series.
        this.leftoverDelivered = deliveries(registry, DeliveryOutcome.DELIVERED);
        this.leftoverRetried = deliveries(registry, DeliveryOutcome.RETRIED);
        this.leftoverFailed = deliveries(registry, DeliveryOutcome.FAILED);
        // The first sweep has started the leftovers' deliveries before the constructor returns, so before any new
        // alert can be handed over.
        try {
            timer.submit(this::sweep).get();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("webhook outbox sweep failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long every = settings.sweep().toMillis();
        timer.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    private static Counter deliveries(MeterRegistry registry, DeliveryOutcome outcome) {
        return BanwatchMeters.ALERT_DELIVERIES
                .counter()
                .tags(BanwatchMeters.SINK, NAME, BanwatchMeters.OUTCOME, outcome.label())
                .register(registry);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Void> deliver(Alert alert, Runnable onRetry) {
        byte[] body = AlertJson.toJson(alert).getBytes(StandardCharsets.UTF_8);
        String key = alert.deliveryKey();
        try {
            if (!outbox.put(key, body)) {
                return CompletableFuture.failedFuture(new IOException(
                        "the outbox is full (alerts.outbox_max_entries); alert " + key + " not queued"));
            }
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(key, body, onRetry);
    }

    @Override
    public boolean idle() {
        return inFlight.isEmpty() && sweepInFlight.get() == 0 && backlog.isEmpty();
    }

    /** Deliveries waiting in the outbox, including those an attempt is working on. */
    public int pending() {
        return outbox.depth();
    }

    private CompletableFuture<Void> send(String key, byte[] body, Runnable onRetry) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> running = inFlight.putIfAbsent(key, done);
        if (running != null) {
            return running; // the same delivery is being attempted already (a sweep found it first)
        }
        done.whenComplete((ignored, error) -> inFlight.remove(key, done));
        attempt(key, body, 1, onRetry, done);
        return done;
    }

    private void attempt(String key, byte[] body, int attempt, Runnable onRetry, CompletableFuture<Void> done) {
        if (closed) {
            done.completeExceptionally(new IOException("banwatch is stopping; " + key + " stays in the outbox"));
            return;
        }
        Deadline.within(
                        client.sendAsync(request(key, body), HttpResponse.BodyHandlers.discarding()),
                        settings.timeout(),
                        timer)
                .whenComplete((response, error) -> {
                    if (error == null && response.statusCode() / 100 == 2) {
                        try {
                            outbox.delete(key);
                        } catch (RuntimeException e) {
                            // Delivered all the same; the entry is sent again later under the same key, which a
                            // receiver that honours Idempotency-Key ignores.
                            LOG.warn("webhook outbox entry {} could not be deleted: {}", key, e.toString());
                        }
                        done.complete(null);
                        return;
                    }
                    String why = error != null ? error.toString() : "HTTP " + response.statusCode();
                    if (closed || attempt >= settings.attempts()) {
                        done.completeExceptionally(new IOException(
                                why + " after " + attempt + " attempts; " + key + " waits in the outbox"));
                        return;
                    }
                    onRetry.run();
                    try {
                        timer.schedule(
                                () -> attempt(key, body, attempt + 1, onRetry, done),
                                settings.backoff().delayBefore(attempt).toMillis(),
                                TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.RejectedExecutionException stopping) {
                        done.completeExceptionally(new IOException("stopping; " + key + " stays in the outbox"));
                    }
                });
    }

    /**
     * One request. {@code Idempotency-Key} is a Structured Field string (draft-ietf-httpapi-idempotency-key-header
     * section 2, RFC 8941 section 3.3.3): the key in double quotes. The same key is sent on every retry.
     */
    private HttpRequest request(String key, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "\"" + key + "\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(WebhookSignature.HEADER, signature.sign(body));
        }
        return request.build();
    }

    /**
     * On the timer: queues what waits in the outbox and no attempt is working on (leftovers of earlier runs, or
     * deliveries whose attempts gave up), then sends it {@link #SWEEP_IN_FLIGHT} at a time.
     */
    private void sweep() {
        if (closed) {
            return;
        }
        if (backlog.isEmpty() && sweepInFlight.get() == 0) {
            try {
                for (Outbox.Entry entry : outbox.entries()) {
                    if (!inFlight.containsKey(entry.key())) {
                        backlog.add(entry);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("webhook outbox could not be read: {}", e.toString());
            }
        }
        pump();
    }

    private void pump() {
        while (!closed && sweepInFlight.get() < SWEEP_IN_FLIGHT && !backlog.isEmpty()) {
            Outbox.Entry entry = backlog.poll();
            sweepInFlight.incrementAndGet();
            send(entry.key(), entry.body(), leftoverRetried::increment).whenComplete((ignored, error) -> {
                (error == null ? leftoverDelivered : leftoverFailed).increment();
                sweepInFlight.decrementAndGet();
                try {
                    timer.execute(this::pump);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // closed: what is left stays in the outbox
                }
            });
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        client.shutdownNow();
    }
}
