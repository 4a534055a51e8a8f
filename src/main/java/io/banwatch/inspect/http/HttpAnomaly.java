package io.banwatch.inspect.http;

import io.banwatch.decode.Anomaly;
import java.util.Locale;

/** Why an HTTP request head was skipped or a connection's requests were no longer read. */
public enum HttpAnomaly implements Anomaly {
    /** No end of the head within {@link HttpRequestParser#MAX_HEAD_BYTES}. */
    HEAD_TOO_LONG,
    /** More than {@link HttpRequestParser#MAX_REQUEST_BYTES_PER_DIRECTION} of requests on one connection. */
    REQUEST_BYTES_CAP,
    /** The request line is not {@code method SP request-target SP HTTP/1.x}. */
    MALFORMED_REQUEST_LINE,
    /** A header line without a colon, or with a name that is not a token. */
    MALFORMED_HEADER,
    /** More header lines than {@link RequestHead#MAX_HEADER_LINES}. */
    TOO_MANY_HEADERS,
    /** A request without a Host header or an authority in its target. */
    MISSING_HOST,
    /** A Host that is empty after its port is removed, too long, or has bytes no host name has. */
    INVALID_HOST,
    /** More than one Host header (RFC 9110 section 7.2); the first is used. */
    DUPLICATE_HOST,
    /** A Content-Length that is not a number, or several that differ (RFC 9112 section 6.3). */
    INVALID_CONTENT_LENGTH,
    /** A request body whose length the head does not state: chunked, or a body method without Content-Length. */
    BODY_LENGTH_UNKNOWN;

    private final String reason = name().toLowerCase(Locale.ROOT);

    @Override
    public String layer() {
        return "http";
    }

    @Override
    public String reason() {
        return reason;
    }
}
