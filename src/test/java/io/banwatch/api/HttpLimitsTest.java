package io.banwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.metrics.PrometheusMetrics;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The connection limits on loopback sockets: a client past its share is answered 503 and closed at once. */
class HttpLimitsTest {

    @Test
    void connectionsPastTheClientsShareAreRefused() throws Exception {
        PrometheusMetrics metrics = new PrometheusMetrics();
        ApiRoutes routes = ApiRoutes.standard(metrics, () -> true);
        HttpApiServer server = new HttpApiServer("127.0.0.1", 0, routes, new HttpLimits(5, 12, 4), metrics.registry());
        List<Socket> sockets = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
                socket.setSoTimeout(1_000);
                sockets.add(socket);
                answers.add(firstLine(socket.getInputStream()));
            }
            assertThat(answers)
                    .containsExactly(
                            "open",
                            "open",
                            "open",
                            "open",
                            "HTTP/1.1 503 Service Unavailable",
                            "HTTP/1.1 503 Service Unavailable");
            String scrape = new String(metrics.scrape(null).body(), StandardCharsets.UTF_8);
            assertThat(scrape)
                    .contains("banwatch_http_refusals_total{reason=\"max_connections_per_client\"} 2.0")
                    .contains("banwatch_http_connections 4.0");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
            server.close();
            routes.close();
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAtTheReadTimeoutAfterItsAnswer() throws Exception {
        PrometheusMetrics metrics = new PrometheusMetrics();
        ApiRoutes routes = ApiRoutes.standard(metrics, () -> true);
        HttpApiServer server = new HttpApiServer("127.0.0.1", 0, routes, new HttpLimits(1, 12, 4), metrics.registry());
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(firstLine(in)).isEqualTo("HTTP/1.1 200 OK");
            long answered = System.nanoTime();
            while (in.read() >= 0) {
                // the rest of the answer, then the end of the stream when the server closes
            }
            long idle = System.nanoTime() - answered;
            assertThat(idle)
                    .as("kept open, then closed about a second after the answer was written")
                    .isBetween(300_000_000L, 8_000_000_000L);
            String scrape = new String(metrics.scrape(null).body(), StandardCharsets.UTF_8);
            assertThat(scrape).contains("banwatch_http_refusals_total{reason=\"read_timeout\"} 1.0");
        } finally {
            server.close();
            routes.close();
        }
    }

    private static String firstLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        try {
            int b;
            while ((b = in.read()) >= 0 && b != '\r') {
                line.append((char) b);
            }
        } catch (SocketTimeoutException e) {
            return line.isEmpty() ? "open" : line.toString();
        }
        return line.toString();
    }
}
