package io.banwatch.alert.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver for tests, on loopback: it honours {@code Idempotency-Key} as the IETF draft says (a key seen
 * before is answered like the first time and not processed again), checks {@code X-Banwatch-Signature}, and can be
 * stopped and started on the same port, slowed down, or made to fail.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A request the receiver processed (the first with its key). */
    public record Delivery(String key, byte[] body, boolean signatureValid) {}

    private final int port;
    private final WebhookSignature signature;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private HttpServer server;

    public final Map<String, Delivery> processed = new ConcurrentHashMap<>();
    public final List<String> received = new CopyOnWriteArrayList<>();
    public final AtomicInteger failNext = new AtomicInteger();
    public volatile long delayMillis;
    /** When set, every request waits here before it is processed: deliveries hang mid-flight until released. */
    public volatile java.util.concurrent.CountDownLatch gate;

    /** @param secret the shared secret, or null when requests are not signed */
    public WebhookReceiver(int port, String secret) {
        this.port = port;
        this.signature = secret == null ? null : new WebhookSignature(secret);
    }

    public static WebhookReceiver started(String secret) throws IOException {
        WebhookReceiver receiver = new WebhookReceiver(0, secret);
        receiver.start();
        return receiver;
    }

    public synchronized void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 50);
        server.setExecutor(executor);
        server.createContext("/hook", this::handle);
        server.start();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    public int port() {
        return server != null ? server.getAddress().getPort() : port;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/hook");
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String header = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String key = header == null ? "" : header.replace("\"", "");
        received.add(key);
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            java.util.concurrent.CountDownLatch hold = gate;
            if (hold != null) {
                hold.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int status = 200;
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 500;
        } else {
            String sent = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
            boolean valid =
                    signature == null ? sent == null : signature.sign(body).equals(sent);
            processed.putIfAbsent(key, new Delivery(key, body, valid));
        }
        try {
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException clientGone) {
            // the sender died mid-request (the SIGKILL test); the delivery was processed all the same
        }
        exchange.close();
    }

    @Override
    public void close() {
        stop();
        executor.shutdownNow();
    }
}
