package io.banwatch.inspect.http;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.flow.StreamContext;
import io.banwatch.flow.StreamParser;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.ObservationSink;
import java.nio.charset.StandardCharsets;

/**
 * Reads the request heads of an HTTP/1.x client stream (RFC 9112) and reports each request's host, method and
 * path: every request of a persistent or pipelined connection, up to {@link #MAX_REQUEST_BYTES_PER_DIRECTION}.
 * Follows persistent connections across bodies whose length the head states; stops at bodies it cannot delimit and
 * at protocol switches.
 */
public final class HttpRequestParser implements StreamParser {

    /**
     * 16 KiB: twice Apache httpd's 8,190-byte request-line limit and nginx's 8 KiB header buffers, so every head a
     * common server accepts fits, while real heads are under 2 KiB.
     */
    public static final int MAX_HEAD_BYTES = 16 * 1024;

    /**
     * 4 MiB of requests per connection: an updater fetching a few thousand files over one keep-alive connection sends
     * well under 2 MiB of request heads, and any request on it may name another host. The bound is in bytes, so a
     * client cannot make a connection cost more by sending many small requests than by sending a few large ones.
     */
    public static final long MAX_REQUEST_BYTES_PER_DIRECTION = 4L << 20;

    private static final int CONNECT = indexOfMethod("CONNECT");

    private final AnomalyCounters anomalies;
    private final ObservationSink sink;
    private final RequestHead head = new RequestHead();
    private final HostNames hostNames = new HostNames();

    public HttpRequestParser(AnomalyCounters anomalies, ObservationSink sink) {
        this.anomalies = anomalies.register(HttpAnomaly.class);
        this.sink = sink;
    }

    @Override
    public Sniff sniff(byte[] data, int offset, int length) {
        int match = HttpMethods.startsWithMethod(data, offset, length);
        return match > 0 ? Sniff.YES : match == 0 ? Sniff.NEED_MORE : Sniff.NO;
    }

    @Override
    public int parse(StreamContext context, byte[] data, int offset, int length) {
        if (context.bytesParsed() >= MAX_REQUEST_BYTES_PER_DIRECTION) {
            anomalies.count(HttpAnomaly.REQUEST_BYTES_CAP);
            return DONE;
        }
        int scanned = head.scan(data, offset, Math.min(length, MAX_HEAD_BYTES));
        if (scanned == RequestHead.INCOMPLETE) {
            if (length >= MAX_HEAD_BYTES) {
                anomalies.count(HttpAnomaly.HEAD_TOO_LONG);
                return DONE;
            }
            return 0;
        }
        if (scanned == RequestHead.MALFORMED) {
            anomalies.count(head.malformation);
            return DONE;
        }
        int method = HttpMethods.find(data, head.methodStart, head.methodEnd - head.methodStart);
        report(context, data, method);
        if (method == CONNECT) {
            // RFC 9110 section 9.3.6: after the proxy's 2xx the connection is a tunnel; read what runs inside it.
            context.tunnelOpened();
            return head.headLength;
        }
        return lengthWithBody(method);
    }

    @Override
    public int maxPendingBytes() {
        return MAX_HEAD_BYTES;
    }

    private void report(StreamContext context, byte[] data, int method) {
        int start = head.targetStart, end = head.targetEnd;
        String host = null;
        String path;
        int authorityStart = absoluteFormAuthority(data, start, end);
        if (authorityStart >= 0) {
            // RFC 9112 section 3.2.2: with an absolute-form target the authority in it names the host, not Host.
            int authorityEnd = pathStart(data, authorityStart, end);
            int userInfoEnd = lastIndexOf(data, authorityStart, authorityEnd, (byte) '@');
            host = hostNames.normalize(data, userInfoEnd < 0 ? authorityStart : userInfoEnd + 1, authorityEnd);
            path = authorityEnd == end || data[authorityEnd] != '/' ? "/" : path(data, authorityEnd, end);
        } else if (method == CONNECT) {
            host = hostNames.normalize(data, start, end); // RFC 9112 section 3.2.3: authority-form
            path = null;
        } else {
            path = path(data, start, end); // origin-form, or "*" (RFC 9112 section 3.2.4)
        }
        if (head.hostFields > 1) {
            anomalies.count(HttpAnomaly.DUPLICATE_HOST); // RFC 9110 section 7.2 forbids it; the first one counts
        }
        if ((host == null || host.isEmpty()) && head.hostFields > 0) {
            host = hostNames.normalize(data, head.hostStart, head.hostEnd);
        }
        boolean hostGiven = authorityStart >= 0 || method == CONNECT || head.hostFields > 0;
        if (host == null && hostGiven) {
            anomalies.count(HttpAnomaly.INVALID_HOST);
            return;
        }
        if (host == null || host.isEmpty()) {
            anomalies.count(HttpAnomaly.MISSING_HOST);
            return;
        }
        String methodName = method >= 0
                ? HttpMethods.KNOWN[method]
                : new String(data, head.methodStart, head.methodEnd - head.methodStart, StandardCharsets.US_ASCII);
        sink.accept(Observation.http(
                context.timestampNanos(),
                context.source(),
                context.destination(),
                context.vlanId(),
                context.tunnelId(),
                host,
                methodName,
                path));
    }

    /** How many stream bytes this request takes (RFC 9112 section 6.3), or DONE when that cannot be known. */
    private int lengthWithBody(int method) {
        if (head.upgrade) {
            return DONE; // RFC 9110 section 7.8: what follows the response is another protocol
        }
        if (head.transferEncoding) {
            anomalies.count(HttpAnomaly.BODY_LENGTH_UNKNOWN); // RFC 9112 section 6.3 rule 4: chunked framing
            return DONE;
        }
        if (head.contentLengthInvalid) {
            anomalies.count(HttpAnomaly.INVALID_CONTENT_LENGTH); // RFC 9112 section 6.3 rule 5
            return DONE;
        }
        if (head.contentLength < 0) {
            if (HttpMethods.expectsBody(method)) {
                // RFC 9112 section 6.3 rule 6 says no body, but a body method without a length is more likely a
                // client whose body we would misread as requests.
                anomalies.count(HttpAnomaly.BODY_LENGTH_UNKNOWN);
                return DONE;
            }
            return head.headLength;
        }
        return (int) Math.min(Integer.MAX_VALUE, head.headLength + head.contentLength);
    }

    /** The start of the authority when the target is {@code http://} or {@code https://} absolute-form, else -1. */
    private static int absoluteFormAuthority(byte[] data, int start, int end) {
        int colon = HostNames.indexOf(data, start, Math.min(end, start + 6), (byte) ':');
        if (colon < 0 || end - colon < 3 || data[colon + 1] != '/' || data[colon + 2] != '/') {
            return -1;
        }
        int schemeLength = colon - start;
        boolean http = schemeLength >= 4
                && (data[start] | 0x20) == 'h'
                && (data[start + 1] | 0x20) == 't'
                && (data[start + 2] | 0x20) == 't'
                && (data[start + 3] | 0x20) == 'p'
                && (schemeLength == 4 || (schemeLength == 5 && (data[start + 4] | 0x20) == 's'));
        return http ? colon + 3 : -1;
    }

    /** The end of an authority: the first "/", "?" or "#" (RFC 3986 section 3.2). */
    private static int pathStart(byte[] data, int start, int end) {
        for (int i = start; i < end; i++) {
            if (data[i] == '/' || data[i] == '?' || data[i] == '#') {
                return i;
            }
        }
        return end;
    }

    /** The target up to its query or fragment (RFC 3986 section 3.3). */
    private static String path(byte[] data, int start, int end) {
        int pathEnd = start;
        while (pathEnd < end && data[pathEnd] != '?' && data[pathEnd] != '#') {
            pathEnd++;
        }
        return new String(data, start, pathEnd - start, StandardCharsets.ISO_8859_1);
    }

    private static int lastIndexOf(byte[] data, int start, int end, byte wanted) {
        for (int i = end - 1; i >= start; i--) {
            if (data[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfMethod(String name) {
        for (int i = 0; i < HttpMethods.KNOWN.length; i++) {
            if (HttpMethods.KNOWN[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException(name);
    }
}
