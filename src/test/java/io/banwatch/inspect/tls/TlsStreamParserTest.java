package io.banwatch.inspect.tls;

import static io.banwatch.inspect.tls.ClientHelloBuilder.changeCipherSpec;
import static io.banwatch.inspect.tls.ClientHelloBuilder.record;
import static io.banwatch.inspect.tls.ClientHelloBuilder.records;
import static io.banwatch.inspect.tls.StreamFeeder.feed;
import static io.banwatch.inspect.tls.StreamFeeder.feedSplit;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.flow.StreamParser;
import io.banwatch.flow.StreamParser.Sniff;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TlsStreamParserTest {

    static final String NAME = "dnl-07.geo.kaspersky.com";
    static final byte[] CHROME = ChromeHello.handshake(NAME);
    static final byte[] CHROME_RECORD = record(CHROME);
    static final String CHROME_JA4 = "t13d1517h2_8daaf6152771_fca9c764716e";

    final AnomalyCounters anomalies = new AnomalyCounters();
    final List<Observation> observations = new ArrayList<>();
    final List<String> fingerprints = new ArrayList<>();
    /** Observations are kept without their JA4, which these tests check apart ({@link #fingerprints}). */
    final TlsStreamParser parser = new TlsStreamParser(anomalies, o -> {
        fingerprints.add(o.ja4());
        observations.add(withoutJa4(o));
    });

    static Observation withoutJa4(Observation o) {
        return Observation.tls(
                o.timestampNanos(),
                o.protocol(),
                o.source(),
                o.destination(),
                o.vlanId(),
                o.tunnelId(),
                o.name(),
                o.echOffered());
    }

    static Observation observed(String serverName) {
        return observed(serverName, false);
    }

    /** A hello that offered ECH, as {@link #CHROME} does with its GREASE extension. */
    static Observation observedWithEch(String serverName) {
        return observed(serverName, true);
    }

    static Observation observed(String serverName, boolean echOffered) {
        return Observation.tls(
                StreamFeeder.TIMESTAMP,
                Protocol.TLS,
                StreamFeeder.CLIENT,
                StreamFeeder.SERVER,
                StreamFeeder.VLAN,
                StreamFeeder.TUNNEL,
                serverName,
                echOffered);
    }

    /** Where the host_name bytes start in a handshake message. */
    static int hostNameOffset(byte[] handshake, String name) {
        byte[] needle = name.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + needle.length <= handshake.length; i++) {
            if (Arrays.equals(handshake, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("name not in hello");
    }

    @Nested
    class Sniffing {

        @Test
        void handshakeRecordHeaderOfSsl3ToTls13() {
            assertThat(parser.sniff(new byte[] {0x16, 3, 0}, 0, 3)).isEqualTo(Sniff.YES);
            assertThat(parser.sniff(new byte[] {0x16, 3, 1, 0, 0x20}, 0, 5)).isEqualTo(Sniff.YES);
            assertThat(parser.sniff(new byte[] {0x16, 3, 4}, 0, 3)).isEqualTo(Sniff.YES);
        }

        @Test
        void tooFewConsistentBytes() {
            assertThat(parser.sniff(new byte[0], 0, 0)).isEqualTo(Sniff.NEED_MORE);
            assertThat(parser.sniff(new byte[] {0x16}, 0, 1)).isEqualTo(Sniff.NEED_MORE);
            assertThat(parser.sniff(new byte[] {0x16, 3}, 0, 2)).isEqualTo(Sniff.NEED_MORE);
        }

        @Test
        void anythingElse() {
            assertThat(parser.sniff(new byte[] {'G', 'E', 'T'}, 0, 3)).isEqualTo(Sniff.NO);
            assertThat(parser.sniff(new byte[] {0x17}, 0, 1)).isEqualTo(Sniff.NO);
            assertThat(parser.sniff(new byte[] {0x16, 2}, 0, 2)).isEqualTo(Sniff.NO);
            assertThat(parser.sniff(new byte[] {0x16, 3, 5}, 0, 3)).isEqualTo(Sniff.NO);
            assertThat(parser.sniff(new byte[] {0x16, 3, 1}, 1, 2)).isEqualTo(Sniff.NO);
        }
    }

    @Nested
    class WholeRecords {

        @Test
        void rfc8448HelloRecord() {
            byte[] record = Rfc8448.CLIENT_HELLO_RECORD;

            int consumed = parser.parse(StreamFeeder.CONTEXT, record, 0, record.length);

            assertThat(consumed).isEqualTo(record.length);
            assertThat(observations).containsExactly(observed("server"));
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void chromeHelloInOneRecord() {
            StreamFeeder feeder = feed(parser, CHROME_RECORD);

            assertThat(observations).containsExactly(observedWithEch(NAME));
            // checked with ../shared/tools/ja4_check.py on the same handshake bytes
            assertThat(fingerprints).containsExactly(CHROME_JA4);
            assertThat(feeder.done()).isFalse();
            assertThat(feeder.pendingBytes()).isZero();
        }

        @Test
        void incompleteRecordConsumesNothing() {
            assertThat(parser.parse(StreamFeeder.CONTEXT, CHROME_RECORD, 0, CHROME_RECORD.length - 1))
                    .isZero();
            assertThat(observations).isEmpty();
        }

        @Test
        void completeRecordEndingInsideAMessageIsNotConsumed() {
            byte[] stream = records(CHROME, 1000);

            assertThat(parser.parse(StreamFeeder.CONTEXT, stream, 0, 5 + 1000)).isZero();
            assertThat(parser.parse(StreamFeeder.CONTEXT, stream, 0, stream.length))
                    .isEqualTo(stream.length);
            assertThat(observations).containsExactly(observedWithEch(NAME));
        }

        @Test
        void serverDirectionEndsQuietly() {
            byte[] serverHello = record(TlsBytes.hex("02 000004 0303 0000"));

            assertThat(parser.parse(StreamFeeder.CONTEXT, serverHello, 0, serverHello.length))
                    .isEqualTo(StreamParser.DONE);
            assertThat(observations).isEmpty();
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void applicationDataAfterTheHelloEndsTheDirection() {
            byte[] appData = record(ClientHelloBuilder.APPLICATION_DATA, new byte[40]);

            StreamFeeder feeder = feed(parser, TlsBytes.concat(CHROME_RECORD, changeCipherSpec(), appData));

            assertThat(feeder.done()).isTrue();
            assertThat(observations).containsExactly(observedWithEch(NAME));
            assertThat(anomalies.total()).isZero();
        }
    }

    @Nested
    class Splits {

        void assertOneObservationForEverySplit(byte[] stream) {
            for (int cut = 0; cut <= stream.length; cut++) {
                observations.clear();

                StreamFeeder feeder = feedSplit(parser, stream, cut);

                assertThat(observations).as("cut at %d", cut).containsExactly(observedWithEch(NAME));
                assertThat(feeder.pendingBytes()).as("cut at %d", cut).isZero();
            }
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void singleRecordCutAtEveryOffset() {
            assertOneObservationForEverySplit(CHROME_RECORD);
        }

        @Test
        void singleRecordCutInThreeAtSampledOffsets() {
            for (int first = 0; first <= CHROME_RECORD.length; first += 37) {
                for (int second = first; second <= CHROME_RECORD.length; second += 53) {
                    observations.clear();
                    fingerprints.clear();

                    feedSplit(parser, CHROME_RECORD, first, second);

                    assertThat(observations)
                            .as("cuts at %d and %d", first, second)
                            .containsExactly(observedWithEch(NAME));
                    assertThat(fingerprints).containsExactly(CHROME_JA4);
                }
            }
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void recordBoundariesInsideTheHandshakeHeaderAndTheServerName() {
            int name = hostNameOffset(CHROME, NAME);
            byte[] stream = records(CHROME, 1, 3, 200, name - 4, name + 5);

            feed(parser, stream);

            assertThat(observations).containsExactly(observedWithEch(NAME));
            assertOneObservationForEverySplit(stream);
        }

        @Test
        void oneByteRecords() {
            int[] cuts = new int[CHROME.length - 1];
            Arrays.setAll(cuts, i -> i + 1);
            byte[] stream = records(CHROME, cuts);

            StreamFeeder feeder = feedSplit(parser, stream, stream.length / 3, 2 * stream.length / 3);

            assertThat(observations).containsExactly(observedWithEch(NAME));
            assertThat(feeder.pendingBytes()).isZero();
        }
    }

    @Nested
    class SeveralHellos {

        final byte[] retry = ChromeHello.handshake("ksn-a-01.kaspersky-labs.com", false);

        @Test
        void secondHelloAfterHelloRetryRequestWithChangeCipherSpec() {
            byte[] stream = TlsBytes.concat(CHROME_RECORD, changeCipherSpec(), record(retry));

            for (int cut = 0; cut <= stream.length; cut += 7) {
                observations.clear();

                feedSplit(parser, stream, cut);

                assertThat(observations)
                        .as("cut at %d", cut)
                        .containsExactly(observedWithEch(NAME), observed("ksn-a-01.kaspersky-labs.com"));
            }
        }

        @Test
        void duplicateHellosInOneRecord() {
            feed(parser, record(TlsBytes.concat(Rfc8448.CLIENT_HELLO, Rfc8448.CLIENT_HELLO)));

            assertThat(observations).containsExactly(observed("server"), observed("server"));
        }

        @Test
        void recordEndingOneHelloAndStartingTheNextIsReportedOnceAtEverySplit() {
            byte[] both = TlsBytes.concat(Rfc8448.CLIENT_HELLO, CHROME);
            byte[] stream = records(both, 100, Rfc8448.CLIENT_HELLO.length + 300);

            for (int cut = 0; cut <= stream.length; cut++) {
                observations.clear();

                feedSplit(parser, stream, cut);

                assertThat(observations)
                        .as("cut at %d", cut)
                        .containsExactly(observed("server"), observedWithEch(NAME));
            }
        }

        @Test
        void helloLimitStopsTheDirection() {
            byte[] one = Rfc8448.CLIENT_HELLO_RECORD;

            StreamFeeder feeder = feed(parser, TlsBytes.concat(one, one, one, one, one));

            assertThat(feeder.done()).isTrue();
            assertThat(observations).hasSize(TlsStreamParser.MAX_HELLOS_PER_DIRECTION);
            assertThat(anomalies.get(TlsAnomaly.HELLO_LIMIT_REACHED)).isOne();
        }
    }

    @Nested
    class Counting {

        @Test
        void helloWithoutServerNameIsCountedAndReportedWithoutName() {
            feed(parser, record(ChromeHello.handshake(null)));

            // the sink may attribute a name to the destination; the parser reports what it saw
            assertThat(observations).containsExactly(observedWithEch(null));
            assertThat(parser.stats().clientHellos()).isOne();
            assertThat(parser.stats().clientHellosWithoutServerName()).isOne();
            assertThat(parser.stats().clientHellosOfferingEch()).isOne();
        }

        @Test
        void echIsCountedOnlyWhenOffered() {
            feed(parser, CHROME_RECORD);
            feed(parser, record(ChromeHello.handshake(NAME, false)));
            feed(parser, Rfc8448.CLIENT_HELLO_RECORD);

            assertThat(parser.stats().clientHellos()).isEqualTo(3);
            assertThat(parser.stats().clientHellosWithoutServerName()).isZero();
            assertThat(parser.stats().clientHellosOfferingEch()).isOne();
        }

        @Test
        void parsersOfSeveralThreadsShareStats() {
            TlsStats shared = new TlsStats();
            TlsStreamParser first = new TlsStreamParser(anomalies, observations::add, shared);
            TlsStreamParser second = new TlsStreamParser(anomalies, observations::add, shared);

            feed(first, CHROME_RECORD);
            feed(second, CHROME_RECORD);

            assertThat(shared.clientHellos()).isEqualTo(2);
        }

        @Test
        void registersEveryReasonAtZero() {
            assertThat(anomalies.get(TlsAnomaly.RECORD_TOO_LONG)).isZero();
            List<String> reasons = new ArrayList<>();
            anomalies.forEach((anomaly, count) -> reasons.add(anomaly.layer() + "/" + anomaly.reason()));

            assertThat(reasons).hasSize(TlsAnomaly.values().length).contains("tls/client_hello_too_long");
        }
    }
}
