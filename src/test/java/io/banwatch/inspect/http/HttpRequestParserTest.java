package io.banwatch.inspect.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.Endpoint;
import io.banwatch.flow.StreamContext;
import io.banwatch.flow.StreamParser;
import io.banwatch.flow.StreamParser.Sniff;
import io.banwatch.inspect.Observation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HttpRequestParserTest {

    private static final Endpoint CLIENT = Endpoint.parse("10.0.0.1", 40_000);
    private static final Endpoint SERVER = Endpoint.parse("93.184.215.14", 80);

    private final AnomalyCounters anomalies = new AnomalyCounters();
    private final List<Observation> observations = new ArrayList<>();
    private final HttpRequestParser parser = new HttpRequestParser(anomalies, observations::add);
    private final Context context = new Context();

    /** A stream context whose message count the test sets, as the flow layer would. */
    static final class Context implements StreamContext {
        int messages;
        long bytes;
        int tunnels;

        @Override
        public void tunnelOpened() {
            tunnels++;
        }

        @Override
        public long timestampNanos() {
            return 1_727_600_000_000_000_000L;
        }

        @Override
        public Endpoint source() {
            return CLIENT;
        }

        @Override
        public Endpoint destination() {
            return SERVER;
        }

        @Override
        public int vlanId() {
            return 7;
        }

        @Override
        public long tunnelId() {
            return -1;
        }

        @Override
        public int messagesParsed() {
            return messages;
        }

        @Override
        public long bytesParsed() {
            return bytes;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private int parse(String stream) {
        byte[] bytes = ascii("##" + stream + "##");
        return parser.parse(context, bytes, 2, bytes.length - 4);
    }

    private Observation single(String stream) {
        int consumed = parse(stream);
        assertThat(consumed).isEqualTo(stream.length());
        assertThat(observations).hasSize(1);
        return observations.get(0);
    }

    @Nested
    class Sniffing {

        @Test
        void recognisesEveryMethodFollowedByASpace() {
            for (String method : HttpMethods.KNOWN) {
                byte[] bytes = ascii(method + " /");
                assertThat(parser.sniff(bytes, 0, bytes.length)).as(method).isEqualTo(Sniff.YES);
            }
        }

        @Test
        void needsMoreWhileTheBytesArePrefixOfAMethod() {
            byte[] bytes = ascii("PROPFIND /");
            for (int length = 0; length <= 8; length++) {
                assertThat(parser.sniff(bytes, 0, length))
                        .as("length " + length)
                        .isEqualTo(Sniff.NEED_MORE);
            }
            assertThat(parser.sniff(bytes, 0, 9)).isEqualTo(Sniff.YES);
        }

        @Test
        void rejectsOtherBytes() {
            for (String other : List.of("\u0016\u0003\u0001", "get / HTTP/1.1", "GETS /", "GET/", "SSH-2.0", "\r\n")) {
                byte[] bytes = ascii(other);
                assertThat(parser.sniff(bytes, 0, bytes.length)).as(other).isEqualTo(Sniff.NO);
            }
        }
    }

    @Nested
    class Hosts {

        @Test
        void reportsHostMethodAndPathOfAGet() {
            Observation seen = single("GET /update/index.xml?v=3#top HTTP/1.1\r\nHost: dnl-01.geo.kaspersky.com\r\n"
                    + "User-Agent: test\r\n\r\n");

            assertThat(seen)
                    .isEqualTo(Observation.http(
                            1_727_600_000_000_000_000L,
                            CLIENT,
                            SERVER,
                            7,
                            -1,
                            "dnl-01.geo.kaspersky.com",
                            "GET",
                            "/update/index.xml"));
        }

        @Test
        void dropsThePortLowerCasesAndDropsTheTrailingDot() {
            assertThat(single("GET / HTTP/1.1\r\nHost: KSN.Kaspersky-Labs.COM.:8080\r\n\r\n")
                            .name())
                    .isEqualTo("ksn.kaspersky-labs.com");
        }

        @Test
        void dropsTheBracketsAndPortOfAnIpv6Literal() {
            assertThat(single("GET / HTTP/1.1\r\nHost: [::1]:8000\r\n\r\n").name())
                    .isEqualTo("::1");
        }

        @Test
        void matchesTheHostFieldNameInAnyCase() {
            assertThat(single("GET /a HTTP/1.0\r\nhOsT:example.org \r\n\r\n").name())
                    .isEqualTo("example.org");
        }

        @Test
        void readsHostAndPathFromAnAbsoluteFormTarget() {
            Observation seen = single("GET HTTP://User@Proxy.Example.NET:3128/a/b?q HTTP/1.1\r\nAccept: */*\r\n\r\n");

            assertThat(seen.name()).isEqualTo("proxy.example.net");
            assertThat(seen.urlPath()).isEqualTo("/a/b");
        }

        @Test
        void prefersTheAbsoluteFormAuthorityOverTheHostField() {
            Observation seen = single("GET https://real.example/ HTTP/1.1\r\nHost: other.example\r\n\r\n");

            assertThat(seen.name()).isEqualTo("real.example");
        }

        @Test
        void givesAnAbsoluteTargetWithoutPathTheRootPath() {
            assertThat(single("GET http://a.example HTTP/1.1\r\n\r\n").urlPath())
                    .isEqualTo("/");
        }

        @Test
        void readsTheHostOfAConnectAndOpensATunnel() {
            String connect = "CONNECT ksn.kaspersky.com:443 HTTP/1.1\r\nHost: ksn.kaspersky.com:443\r\n\r\n";
            assertThat(parse(connect + "\u0016\u0003\u0001")).isEqualTo(connect.length());
            assertThat(observations.get(0).name()).isEqualTo("ksn.kaspersky.com");
            assertThat(observations.get(0).urlPath()).isNull();
            assertThat(context.tunnels).isEqualTo(1);
        }

        @Test
        void acceptsLineFeedsWithoutCarriageReturns() {
            assertThat(single("GET /x HTTP/1.1\nHost: lf.example\n\n").name()).isEqualTo("lf.example");
        }

        @Test
        void countsARequestWithoutHostAndReportsNothing() {
            assertThat(parse("GET / HTTP/1.0\r\nAccept: */*\r\n\r\n")).isEqualTo(31);

            assertThat(observations).isEmpty();
            assertThat(anomalies.get(HttpAnomaly.MISSING_HOST)).isEqualTo(1);
        }

        @Test
        void countsAHostWithBytesNoHostNameHas() {
            parse("GET / HTTP/1.1\r\nHost: bad host\r\n\r\n");

            assertThat(observations).isEmpty();
            assertThat(anomalies.get(HttpAnomaly.INVALID_HOST)).isEqualTo(1);
        }

        @Test
        void usesTheFirstOfTwoHostFieldsAndCountsIt() {
            assertThat(single("GET / HTTP/1.1\r\nHost: one.example\r\nHost: two.example\r\n\r\n")
                            .name())
                    .isEqualTo("one.example");
            assertThat(anomalies.get(HttpAnomaly.DUPLICATE_HOST)).isEqualTo(1);
        }
    }

    @Nested
    class PersistentConnections {

        @Test
        void consumesOneRequestOfTwoPipelinedOnesPerCall() {
            String first = "GET /1 HTTP/1.1\r\nHost: a.example\r\n\r\n";
            String second = "HEAD /2 HTTP/1.1\r\nHost: b.example\r\n\r\n";
            byte[] bytes = ascii(first + second);

            int consumed = parser.parse(context, bytes, 0, bytes.length);
            context.messages++;
            int next = parser.parse(context, bytes, consumed, bytes.length - consumed);

            assertThat(consumed).isEqualTo(first.length());
            assertThat(next).isEqualTo(second.length());
            assertThat(observations).extracting(Observation::name).containsExactly("a.example", "b.example");
            assertThat(observations).extracting(Observation::httpMethod).containsExactly("GET", "HEAD");
        }

        @Test
        void skipsAContentLengthBodyBeyondTheBytesAtHand() {
            String head = "POST /submit HTTP/1.1\r\nHost: a.example\r\nContent-Length: 100000\r\n\r\n";

            assertThat(parse(head + "partial body")).isEqualTo(head.length() + 100_000);
            assertThat(observations).extracting(Observation::httpMethod).containsExactly("POST");
        }

        @Test
        void readsTheRequestAfterABodyAndAnExtraEmptyLine() {
            String post = "POST /p HTTP/1.1\r\nHost: a.example\r\ncontent-length: 4\r\n\r\nbody";
            String get = "\r\nGET /g HTTP/1.1\r\nHost: b.example\r\n\r\n";
            byte[] bytes = ascii(post + get);

            int consumed = parser.parse(context, bytes, 0, bytes.length);
            int next = parser.parse(context, bytes, consumed, bytes.length - consumed);

            assertThat(consumed).isEqualTo(post.length());
            assertThat(next).isEqualTo(get.length());
            assertThat(observations).extracting(Observation::urlPath).containsExactly("/p", "/g");
        }

        @Test
        void stopsAtAChunkedBody() {
            assertThat(parse("POST / HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nbody"))
                    .isEqualTo(StreamParser.DONE);
            assertThat(observations).hasSize(1);
            assertThat(anomalies.get(HttpAnomaly.BODY_LENGTH_UNKNOWN)).isEqualTo(1);
        }

        @Test
        void stopsAtABodyMethodWithoutLength() {
            assertThat(parse("PUT /f HTTP/1.1\r\nHost: a.example\r\n\r\n")).isEqualTo(StreamParser.DONE);
            assertThat(anomalies.get(HttpAnomaly.BODY_LENGTH_UNKNOWN)).isEqualTo(1);
        }

        @Test
        void stopsAtConflictingContentLengths() {
            assertThat(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n"))
                    .isEqualTo(StreamParser.DONE);
            assertThat(anomalies.get(HttpAnomaly.INVALID_CONTENT_LENGTH)).isEqualTo(1);
        }

        @Test
        void stopsAfterARequestThatAsksToSwitchProtocols() {
            assertThat(parse("GET /ws HTTP/1.1\r\nHost: a.example\r\nUpgrade: websocket\r\n\r\n"))
                    .isEqualTo(StreamParser.DONE);
            assertThat(observations).hasSize(1);
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void readsALaterRequestWithAMethodItDoesNotKnow() {
            context.messages = 1;
            Observation seen = single("MKCALENDAR /cal/ HTTP/1.1\r\nHost: dav.example\r\n\r\n");

            assertThat(seen.httpMethod()).isEqualTo("MKCALENDAR");
        }

        @Test
        void readsOnAfterManyRequests() {
            context.messages = 10_000;
            context.bytes = HttpRequestParser.MAX_REQUEST_BYTES_PER_DIRECTION - 1;

            assertThat(single("GET / HTTP/1.1\r\nHost: a.example\r\n\r\n").name())
                    .isEqualTo("a.example");
        }

        @Test
        void stopsAfterTheRequestBytesCap() {
            context.bytes = HttpRequestParser.MAX_REQUEST_BYTES_PER_DIRECTION;

            assertThat(parse("GET / HTTP/1.1\r\nHost: a.example\r\n\r\n")).isEqualTo(StreamParser.DONE);
            assertThat(observations).isEmpty();
            assertThat(anomalies.get(HttpAnomaly.REQUEST_BYTES_CAP)).isEqualTo(1);
        }
    }

    @Nested
    class Malformed {

        @Test
        void waitsForTheEndOfTheHead() {
            assertThat(parse("GET / HTTP/1.1\r\nHost: a.example\r\n")).isZero();
            assertThat(observations).isEmpty();
        }

        @Test
        void stopsAtAHeadLongerThanTheCap() {
            String head =
                    "GET / HTTP/1.1\r\nHost: a.example\r\nCookie: " + "c".repeat(HttpRequestParser.MAX_HEAD_BYTES);

            assertThat(parse(head)).isEqualTo(StreamParser.DONE);
            assertThat(anomalies.get(HttpAnomaly.HEAD_TOO_LONG)).isEqualTo(1);
            assertThat(observations).isEmpty();
        }

        @Test
        void stopsAtNonHttpBytes() {
            assertThat(parse("SSH-2.0-OpenSSH_9.6\r\n\r\n")).isEqualTo(StreamParser.DONE);
            assertThat(anomalies.get(HttpAnomaly.MALFORMED_REQUEST_LINE)).isEqualTo(1);
        }

        @Test
        void stopsAtAnHttp2Preface() {
            assertThat(parse("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")).isEqualTo(StreamParser.DONE);
            assertThat(anomalies.get(HttpAnomaly.MALFORMED_REQUEST_LINE)).isEqualTo(1);
        }

        @Test
        void stopsAtWhitespaceBeforeTheColon() {
            assertThat(parse("GET / HTTP/1.1\r\nHost : a.example\r\n\r\n")).isEqualTo(StreamParser.DONE);
            assertThat(anomalies.get(HttpAnomaly.MALFORMED_HEADER)).isEqualTo(1);
        }

        @Test
        void neverThrowsOnAnyTruncation() {
            String request = "POST http://[2001:db8::1]:8080/a?b HTTP/1.1\r\nHost: x.example\r\n"
                    + "Content-Length: 3\r\n\r\nabc";
            byte[] bytes = ascii(request);
            for (int length = 0; length < bytes.length - 3; length++) {
                assertThat(parser.parse(context, bytes, 0, length))
                        .as("length " + length)
                        .isZero();
            }
            assertThat(parser.parse(context, bytes, 0, bytes.length)).isEqualTo(bytes.length);
            assertThat(observations).hasSize(1);
            assertThat(observations.get(0).name()).isEqualTo("2001:db8::1");
        }

        @Test
        void neverThrowsOnRandomBitFlips() {
            byte[] original = ascii("GET http://a.example:80/p?q HTTP/1.1\r\nHost: [::1]:8000\r\n"
                    + "Content-Length: 12\r\nTransfer-Encoding: chunked\r\nUpgrade: h2c\r\n\r\n");
            Random random = new Random(20240929);
            for (int round = 0; round < 20_000; round++) {
                byte[] bytes = original.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
                int length = random.nextInt(bytes.length + 1);
                parser.sniff(bytes, 0, length);
                int result = parser.parse(context, bytes, 0, length);
                assertThat(result).isGreaterThanOrEqualTo(StreamParser.DONE);
            }
        }
    }
}
