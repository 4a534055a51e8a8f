package io.banwatch.api;

import java.util.Locale;

/** Why the HTTP server refused a connection or a request: the {@code reason} of {@code banwatch_http_refusals_total}. */
public enum HttpRefusal {
    /** {@code http.max_connections} connections were open: answered 503 and closed. */
    MAX_CONNECTIONS,
    /** {@code http.max_connections_per_client} connections were open from the client's address: 503 and closed. */
    MAX_CONNECTIONS_PER_CLIENT,
    /** The request did not arrive whole within {@code http.read_timeout_seconds}, or the connection sat idle. */
    READ_TIMEOUT,
    /** The request line was longer than 4 KiB: 414. */
    REQUEST_LINE_TOO_LONG,
    /** The header block was longer than 8 KiB: 431. */
    HEADERS_TOO_LARGE,
    /** More than 100 header fields: 431. */
    TOO_MANY_HEADERS,
    /** A body longer than 16 KiB: 413. */
    BODY_TOO_LARGE,
    /** Not HTTP/1.x the codec could read: 400. */
    BAD_REQUEST;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
