package io.banwatch.alert.alertmanager;

import io.banwatch.alert.Alert;
import io.banwatch.alert.AlertSink;
import io.banwatch.alert.Backoff;
import io.banwatch.alert.Deadline;
import io.banwatch.metrics.BanwatchMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to Prometheus Alertmanager with {@code POST /api/v2/alerts}, to every URL of an HA cluster (the
 * members deduplicate among themselves). Alertmanager's client contract: an alert stays active until its
 * {@code endsAt}, and clients re-send active alerts periodically, so a restarted Alertmanager learns them again
 * (Alertmanager docs, "Clients": "Clients are expected to continuously re-send alerts as long as they are still
 * active"). Here {@code endsAt} is the latest contact plus {@code alerts.alertmanager.resolve_after_seconds}: it moves
 * forward while the contact goes on and the alert resolves by itself after a quiet period.
 */
public final class AlertmanagerSink implements AlertSink {

    public static final String NAME = "alertmanager";

    /** The API path under each Alertmanager's base URL (Alertmanager API v2, {@code api/v2/openapi.yaml}). */
    static final String ALERTS_PATH = "/api/v2/alerts";

    // Active alerts re-sent every interval; each is ~1 KB of JSON, so 10,000 keep a re-send under 10 MB. Past it the
    // alert that would end soonest is forgotten (counted); Alertmanager still resolves it at its endsAt.
    static final int MAX_ACTIVE = 10_000;

    // A notification is retried a few times (1 s doubling) before the next periodic re-send takes over.
    private static final int ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerSink.class);

    /**
     * @param urls Alertmanager base URLs, for example {@code http://am1:9093}
     * @param apiBase the sensor's HTTP base for {@code generatorURL}, for example {@code http://sensor-1:19153}
     */
    public record Settings(
            List<URI> urls, String apiBase, Duration resolveAfter, Duration resend, Duration timeout, Backoff backoff) {

        public static Settings of(
                List<URI> urls, String apiBase, Duration resolveAfter, Duration resend, Duration timeout) {
            return new Settings(
                    urls,
                    apiBase,
                    resolveAfter,
                    resend,
                    timeout,
                    new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)));
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final HttpClient client;
    private final ScheduledExecutorService timer;
    // By alert id; guarded by this. Entries leave once Alertmanager was told they ended.
    private final Map<String, PostableAlert> active = new LinkedHashMap<>();
    private final Counter evicted;
    private volatile boolean closed;

    public AlertmanagerSink(Settings settings, Clock clock, MeterRegistry registry) {
        this.settings = settings;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "banwatch-alertmanager");
            thread.setDaemon(true);
            return thread;
        });
        this.evicted = BanwatchMeters.PIPELINE_EVICTIONS
                .counter()
                .tag(BanwatchMeters.TABLE, "alertmanager")
                .register(registry);
        long every = settings.resend().toMillis();
        timer.scheduleWithFixedDelay(this::resend, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Void> deliver(Alert alert, Runnable onRetry) {
        List<PostableAlert> batch = new ArrayList<>(2);
        synchronized (this) {
            Instant now = clock.instant();
            PostableAlert next = PostableAlert.of(alert, settings.apiBase(), now, now.plus(settings.resolveAfter()));
            PostableAlert previous = active.put(alert.id(), next);
            // Labels are an alert's identity in Alertmanager: when the outcome or severity label changes, the alert
            // under the old labels is ended now, so the update replaces it instead of standing beside it.
            if (previous != null && !previous.labels().equals(next.labels())) {
                batch.add(previous.endingAt(now));
            }
            batch.add(next);
            boundActive();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(batch, 1, onRetry, done);
        return done;
    }

    @Override
    public synchronized void activity(Alert alert) {
        PostableAlert current = active.get(alert.id());
        Instant now = clock.instant();
        PostableAlert next = PostableAlert.of(alert, settings.apiBase(), now, now.plus(settings.resolveAfter()));
        if (current == null) {
            // The alert resolved after a quiet period (or was evicted) and its contacts are back: it fires again
            // from the next re-send.
            active.put(alert.id(), next);
            boundActive();
        } else {
            // Keep the labels Alertmanager knows; only the end and the annotations move.
            active.put(
                    alert.id(),
                    new PostableAlert(
                            current.labels(),
                            next.annotations(),
                            current.startsAt(),
                            next.endsAt(),
                            current.generatorUrl()));
        }
    }

    private void boundActive() {
        while (active.size() > MAX_ACTIVE) {
            String soonest = active.entrySet().stream()
                    .min(Comparator.comparing(e -> e.getValue().endsAt()))
                    .orElseThrow()
                    .getKey();
            active.remove(soonest);
            evicted.increment();
        }
    }

    /** Every interval: all active alerts again, and a last time (resolved) those whose end has passed. */
    void resend() {
        List<PostableAlert> batch;
        synchronized (this) {
            Instant now = clock.instant();
            batch = new ArrayList<>(active.values());
            active.values().removeIf(alert -> !alert.endsAt().isAfter(now));
        }
        if (!batch.isEmpty()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            // One attempt: the next re-send is the retry. One line per interval while no Alertmanager answers.
            done.whenComplete((ignored, error) -> {
                if (error != null) {
                    LOG.warn("re-sending {} active alerts failed: {}", batch.size(), error.getMessage());
                }
            });
            post(batch, ATTEMPTS, () -> {}, done);
        }
    }

    /** Posts to every URL; done once at least one accepted, retried while none has. */
    private void post(List<PostableAlert> batch, int attempt, Runnable onRetry, CompletableFuture<Void> done) {
        byte[] body = PostableAlert.toJson(batch);
        List<CompletableFuture<String>> sends = new ArrayList<>();
        for (URI url : settings.urls()) {
            sends.add(send(url, body));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).whenComplete((ignored, error) -> {
            List<String> refusals = new ArrayList<>();
            for (CompletableFuture<String> send : sends) {
                String refusal = send.getNow("no answer");
                if (refusal != null) {
                    refusals.add(refusal);
                }
            }
            if (refusals.size() < sends.size()) {
                done.complete(null);
            } else if (closed || attempt >= ATTEMPTS) {
                done.completeExceptionally(new IOException(
                        "no Alertmanager accepted the alert after " + attempt + " attempts: " + refusals));
            } else {
                onRetry.run();
                try {
                    timer.schedule(
                            () -> post(batch, attempt + 1, onRetry, done),
                            settings.backoff().delayBefore(attempt).toMillis(),
                            TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    done.completeExceptionally(new IOException("stopping"));
                }
            }
        });
    }

    /** @return null when the Alertmanager accepted, else why not */
    private CompletableFuture<String> send(URI base, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + ALERTS_PATH))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return Deadline.within(
                        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()), settings.timeout(), timer)
                .handle((response, error) -> {
                    if (error == null && response.statusCode() / 100 == 2) {
                        return null;
                    }
                    String why =
                            error != null ? error.toString() : "HTTP " + response.statusCode() + " " + response.body();
                    return base + ": " + (why.length() > 200 ? why.substring(0, 200) : why);
                });
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        client.shutdownNow();
    }
}
