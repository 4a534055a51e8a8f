package io.banwatch.api;

/**
 * What one client, and all clients together, may hold of the HTTP server ({@code http.*}).
 *
 * @param readTimeoutSeconds longest a client may take to send a whole request, or keep an idle connection open
 * @param maxConnections connections open at once
 * @param maxConnectionsPerClient connections open at once from one client address
 */
public record HttpLimits(int readTimeoutSeconds, int maxConnections, int maxConnectionsPerClient) {

    /** The defaults of {@code http.read_timeout_seconds}, {@code http.max_connections} and its per-client twin. */
    public static final HttpLimits DEFAULTS = new HttpLimits(15, 256, 32);

    public HttpLimits {
        if (readTimeoutSeconds < 1 || maxConnections < 1 || maxConnectionsPerClient < 1) {
            throw new IllegalArgumentException("HTTP limits must be positive");
        }
    }
}
