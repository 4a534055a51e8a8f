package io.banwatch.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.http.HttpRequestParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real HTTP parser behind reassembly: requests split, reordered and followed by bodies. */
class HttpReassemblyTest {

    private static final String REQUEST =
            "GET /kav/update.xml?x=1 HTTP/1.1\r\nHost: DNL-01.geo.kaspersky.com:80\r\nAccept: */*\r\n\r\n";

    private final AnomalyCounters anomalies = new AnomalyCounters();
    private final List<Observation> observations = new ArrayList<>();

    private TcpStreamTracker tracker() {
        HttpRequestParser http = new HttpRequestParser(anomalies, observations::add);
        return new TcpStreamTracker(FlowLimits.DEFAULTS, anomalies, List.of(http), Map.of());
    }

    @Test
    void readsARequestSplitAtEveryOffsetInEitherOrder() {
        for (boolean withSyn : new boolean[] {true, false}) {
            for (boolean reversed : new boolean[] {false, true}) {
                for (int split = 1; split < REQUEST.length(); split++) {
                    observations.clear();
                    TcpStreamTracker tracker = tracker();
                    TcpPackets connection = new TcpPackets(40_000, 80);
                    if (withSyn) {
                        tracker.onSegment(connection.syn());
                    }
                    var first = connection.client(0, REQUEST.substring(0, split));
                    var second = connection.client(split, REQUEST.substring(split));
                    tracker.onSegment(reversed ? second : first);
                    tracker.onSegment(reversed ? first : second);

                    String label = "split " + split + " syn " + withSyn + " reversed " + reversed;
                    assertThat(observations).as(label).hasSize(1);
                    assertThat(observations.get(0).name()).as(label).isEqualTo("dnl-01.geo.kaspersky.com");
                    assertThat(observations.get(0).urlPath()).as(label).isEqualTo("/kav/update.xml");
                    assertThat(tracker.bufferedBytes()).as(label).isZero();
                }
            }
        }
        assertThat(anomalies.total()).isZero();
    }

    @Test
    void skipsABodyLargerThanTheBufferAndReadsTheNextRequest() {
        TcpStreamTracker tracker = tracker();
        TcpPackets connection = new TcpPackets(40_001, 8080);
        int bodyLength = 3 * HttpRequestParser.MAX_HEAD_BYTES;
        String post = "POST /upload HTTP/1.1\r\nHost: up.example\r\nContent-Length: " + bodyLength + "\r\n\r\n";
        tracker.onSegment(connection.syn());
        tracker.onSegment(connection.client(0, post + "b".repeat(1000)));
        long offset = post.length() + 1000;
        for (int sent = 1000; sent < bodyLength; sent += 1400) {
            int chunk = Math.min(1400, bodyLength - sent);
            tracker.onSegment(connection.client(offset, "b".repeat(chunk)));
            offset += chunk;
        }
        tracker.onSegment(connection.client(offset, "GET /next HTTP/1.1\r\nHost: next.example\r\n\r\n"));

        assertThat(observations).extracting(Observation::urlPath).containsExactly("/upload", "/next");
        assertThat(tracker.bufferedBytes()).isZero();
        assertThat(anomalies.total()).isZero();
    }

    @Test
    void readsAHeadThatEndsWithinTheCapAfterALargeSegment() {
        TcpStreamTracker tracker = tracker();
        TcpPackets connection = new TcpPackets(40_003, 80);
        String start = "GET /big HTTP/1.1\r\nHost: big.example\r\nCookie: " + "c".repeat(9000);
        String rest = "c".repeat(6000) + "\r\n\r\nPOST /body-follows-in-same-segment";
        tracker.onSegment(connection.syn());
        tracker.onSegment(connection.client(0, start));
        tracker.onSegment(connection.client(start.length(), rest));

        assertThat(observations).extracting(Observation::urlPath).containsExactly("/big");
        assertThat(anomalies.total()).isZero();
    }

    @Test
    void countsAHeadThatNeverEnds() {
        TcpStreamTracker tracker = tracker();
        TcpPackets connection = new TcpPackets(40_004, 80);
        String start = "GET /big HTTP/1.1\r\nHost: big.example\r\nCookie: ";
        tracker.onSegment(connection.syn());
        tracker.onSegment(connection.client(0, start));
        long offset = start.length();
        for (int i = 0; i < 20; i++) {
            tracker.onSegment(connection.client(offset, "c".repeat(1000)));
            offset += 1000;
        }

        assertThat(observations).isEmpty();
        assertThat(anomalies.get(io.banwatch.inspect.http.HttpAnomaly.HEAD_TOO_LONG))
                .isEqualTo(1);
        assertThat(anomalies.total()).isEqualTo(1);
        assertThat(tracker.bufferedBytes()).isZero();
    }

    @Test
    void readsEveryRequestOfALongKeepAliveConnectionEvenWhenItsHostChanges() {
        TcpStreamTracker tracker = tracker();
        TcpPackets connection = new TcpPackets(40_002, 80);
        tracker.onSegment(connection.syn());
        long offset = 0;
        for (int i = 0; i < 500; i++) {
            String host = i == 499 ? "dnl-07.geo.kaspersky.com" : "cdn.example";
            String request = "GET /file" + i + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
            tracker.onSegment(connection.client(offset, request));
            offset += request.length();
        }

        assertThat(observations).hasSize(500);
        assertThat(observations.get(499).name()).isEqualTo("dnl-07.geo.kaspersky.com");
        assertThat(anomalies.total()).isZero();
    }

    @Test
    void boundsAConnectionByTheBytesOfItsRequestsAndCountsWhatItSkips() {
        TcpStreamTracker tracker = tracker();
        TcpPackets connection = new TcpPackets(40_003, 80);
        String filler = "x".repeat(8_000);
        String request = "GET /r HTTP/1.1\r\nHost: a.example\r\nX-Filler: " + filler + "\r\n\r\n";
        long fitting = (HttpRequestParser.MAX_REQUEST_BYTES_PER_DIRECTION + request.length() - 1) / request.length();
        tracker.onSegment(connection.syn());
        for (int i = 0; i < fitting + 5; i++) {
            tracker.onSegment(connection.client((long) i * request.length(), request));
        }

        assertThat(observations).hasSize((int) fitting);
        assertThat(anomalies.get(io.banwatch.inspect.http.HttpAnomaly.REQUEST_BYTES_CAP))
                .isEqualTo(1);
    }
}
