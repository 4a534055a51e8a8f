package io.banwatch.inspect.tls;

import static io.banwatch.inspect.tls.ClientHelloBuilder.changeCipherSpec;
import static io.banwatch.inspect.tls.ClientHelloBuilder.record;
import static io.banwatch.inspect.tls.ClientHelloBuilder.records;
import static io.banwatch.inspect.tls.StreamFeeder.feed;
import static io.banwatch.inspect.tls.StreamFeeder.feedSplit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.inspect.Observation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TlsStreamAnomalyTest {

    static final byte[] CHROME = ChromeHello.handshake("dnl-07.geo.kaspersky.com");

    final AnomalyCounters anomalies = new AnomalyCounters();
    final List<Observation> observations = new ArrayList<>();
    final TlsStreamParser parser = new TlsStreamParser(anomalies, observations::add);

    /** A direction that makes the stream parser count {@code anomaly}, and what else it must report. */
    record Case(byte[] stream, int observations, boolean done) {

        static Case fatal(byte[] stream) {
            return new Case(stream, 0, true);
        }
    }

    static byte[] patchedRfc8448(int index, int value) {
        return record(ClientHelloParserTest.patched(Rfc8448.CLIENT_HELLO, index, value));
    }

    static byte[] helloRecordWithBody(int bodyLength) {
        return record(TlsBytes.build(b -> b.u8(1).u24(bodyLength).filler(3, bodyLength)));
    }

    /** Exhaustive on purpose: a new reason does not compile until it has a stream that causes it. */
    static Case caseFor(TlsAnomaly anomaly) {
        byte[] hello = Rfc8448.CLIENT_HELLO_RECORD;
        return switch (anomaly) {
            case RECORD_TOO_LONG -> Case.fatal(TlsBytes.hex("16 0301 4801"));
            case RECORD_VERSION_BAD -> Case.fatal(TlsBytes.concat(TlsBytes.hex("16 0201 00c4"), Rfc8448.CLIENT_HELLO));
            case RECORD_TYPE_UNKNOWN -> new Case(TlsBytes.concat(hello, record(0x30, new byte[2])), 1, true);
            case RECORD_EMPTY -> Case.fatal(TlsBytes.hex("16 0301 0000"));
            case HANDSHAKE_INTERLEAVED ->
                Case.fatal(TlsBytes.concat(
                        record(Arrays.copyOf(CHROME, 700)),
                        changeCipherSpec(),
                        record(Arrays.copyOfRange(CHROME, 700, CHROME.length))));
            // The stream parser ends a direction that carries another handshake type without counting: it is the
            // server's direction. Only QUIC, where the first CRYPTO message must be a ClientHello, counts it.
            case HANDSHAKE_NOT_CLIENT_HELLO -> new Case(record(TlsBytes.hex("02 000004 0303 0000")), 0, true);
            case CLIENT_HELLO_TOO_LONG -> Case.fatal(record(TlsBytes.hex("01 010001")));
            case CLIENT_HELLO_TRUNCATED -> Case.fatal(helloRecordWithBody(20));
            // A legacy_version of 2.3 is the one defect tolerated before the extensions: reported, as tshark reads it.
            case CLIENT_VERSION_BAD -> new Case(patchedRfc8448(4, 2), 1, false);
            case SESSION_ID_LENGTH_BAD -> Case.fatal(patchedRfc8448(38, 33));
            case CIPHER_SUITES_LENGTH_BAD -> Case.fatal(patchedRfc8448(40, 0));
            // Five: the sixth suite byte is read as a compression methods length of 2 and the rest stays in step,
            // so the hello is reported, as tshark reports it.
            case CIPHER_SUITES_LENGTH_ODD -> new Case(patchedRfc8448(40, 5), 1, false);
            case COMPRESSION_METHODS_LENGTH_BAD -> Case.fatal(patchedRfc8448(47, 0));
            case EXTENSIONS_LENGTH_BAD -> Case.fatal(patchedRfc8448(50, 0x92));
            case EXTENSIONS_LENGTH_SHORT -> new Case(patchedRfc8448(50, 0x90), 1, false);
            case EXTENSION_LENGTH_BAD -> Case.fatal(patchedRfc8448(193, 3));
            case EXTENSION_DUPLICATE -> Case.fatal(patchedRfc8448(191, 0x2d));
            case TOO_MANY_EXTENSIONS -> {
                ClientHelloBuilder builder = new ClientHelloBuilder();
                for (int type = 0x2000; type <= 0x2000 + ClientHelloParser.MAX_EXTENSIONS; type++) {
                    builder.extension(type, new byte[0]);
                }
                yield Case.fatal(record(builder.handshake()));
            }
            case SNI_MALFORMED -> Case.fatal(patchedRfc8448(56, 10));
            case SNI_TOO_LONG ->
                Case.fatal(record(new ClientHelloBuilder()
                        .serverName("x".repeat(ClientHelloParser.MAX_SERVER_NAME_BYTES + 1))
                        .handshake()));
            case ALPN_MALFORMED ->
                Case.fatal(record(new ClientHelloBuilder().alpn("h2", "").handshake()));
            case ALPN_LIST_TRUNCATED ->
                new Case(
                        record(new ClientHelloBuilder()
                                .serverName("a.example")
                                .alpn("1", "2", "3", "4", "5", "6", "7", "8", "9")
                                .handshake()),
                        1,
                        false);
            case ECH_MALFORMED ->
                Case.fatal(record(new ClientHelloBuilder()
                        .extension(ChromeHello.ENCRYPTED_CLIENT_HELLO, new byte[0])
                        .handshake()));
            case HELLO_LIMIT_REACHED -> new Case(TlsBytes.concat(hello, hello, hello, hello, hello), 4, true);
        };
    }

    @ParameterizedTest
    @EnumSource(value = TlsAnomaly.class, mode = EnumSource.Mode.EXCLUDE, names = "HANDSHAKE_NOT_CLIENT_HELLO")
    void eachReasonIsCountedOnceAndNothingElse(TlsAnomaly anomaly) {
        Case expected = caseFor(anomaly);

        StreamFeeder feeder = feed(parser, expected.stream());

        assertThat(anomalies.get(anomaly)).isOne();
        assertThat(anomalies.total()).isOne();
        assertThat(observations).hasSize(expected.observations());
        assertThat(feeder.done()).isEqualTo(expected.done());
    }

    @Test
    void anotherHandshakeTypeEndsTheDirectionWithoutCounting() {
        StreamFeeder feeder = feed(parser, caseFor(TlsAnomaly.HANDSHAKE_NOT_CLIENT_HELLO).stream());

        assertThat(feeder.done()).isTrue();
        assertThat(anomalies.total()).isZero();
    }

    @Nested
    class Caps {

        byte[] helloOfLength(int handshakeLength) {
            byte[] unpadded = new ClientHelloBuilder().serverName("big.example").handshake();
            return new ClientHelloBuilder()
                    .serverName("big.example")
                    .extension(ChromeHello.PADDING, new byte[handshakeLength - unpadded.length - 4])
                    .handshake();
        }

        @Test
        void largestHelloInFullRecordsFitsThePendingBound() {
            byte[] hello = helloOfLength(4 + ClientHelloParser.MAX_CLIENT_HELLO_BYTES);
            byte[] stream = records(hello, 16384, 32768, 49152, 65536);

            assertThat(stream.length).isLessThanOrEqualTo(parser.maxPendingBytes());
            feedSplit(parser, stream, 1500, 30000, 60000);

            assertThat(observations).extracting(Observation::name).containsExactly("big.example");
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void oneByteMoreIsRejectedFromItsFirstRecord() {
            byte[] hello = helloOfLength(4 + ClientHelloParser.MAX_CLIENT_HELLO_BYTES + 1);
            byte[] firstRecord = record(Arrays.copyOf(hello, 16384));

            StreamFeeder feeder = feed(parser, firstRecord);

            assertThat(feeder.done()).isTrue();
            assertThat(anomalies.get(TlsAnomaly.CLIENT_HELLO_TOO_LONG)).isOne();
        }

        @Test
        void largestRecordIsAcceptedAndOneByteMoreIsNot() {
            byte[] largest = record(ClientHelloBuilder.APPLICATION_DATA, new byte[TlsStreamParser.MAX_RECORD_LENGTH]);
            byte[] header = TlsBytes.hex("17 0303 4801");

            assertThat(feed(parser, largest).done()).isTrue();
            assertThat(anomalies.total()).isZero();
            assertThat(feed(parser, header).done()).isTrue();
            assertThat(anomalies.get(TlsAnomaly.RECORD_TOO_LONG)).isOne();
        }
    }

    @Nested
    class Robustness {

        final byte[] stream = records(CHROME, 2, 900);

        @Test
        void everyPrefixWaitsWithoutReportingOrCounting() {
            for (int length = 0; length < stream.length; length++) {
                StreamFeeder feeder = feed(parser, Arrays.copyOf(stream, length));

                assertThat(feeder.done()).as("prefix of %d", length).isFalse();
            }
            assertThat(observations).isEmpty();
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void everyTruncationWithConsistentLengthsNeverReports() {
            for (int bodyLength = 0; bodyLength < CHROME.length - 4; bodyLength++) {
                byte[] handshake = Arrays.copyOf(CHROME, 4 + bodyLength);
                handshake[1] = (byte) (bodyLength >>> 16);
                handshake[2] = (byte) (bodyLength >>> 8);
                handshake[3] = (byte) bodyLength;
                byte[] truncated = record(handshake);

                assertThatCode(() -> feedSplit(parser, truncated, truncated.length / 2))
                        .as("body of %d", bodyLength)
                        .doesNotThrowAnyException();
            }
            // a hello cut before its extensions is well-formed but names nothing
            assertThat(observations).extracting(Observation::name).containsOnlyNulls();
        }

        @Test
        void randomBitFlipsNeverThrowAndNeverReportTwice() {
            Random random = new Random(20240929);
            for (int round = 0; round < 5_000; round++) {
                byte[] flipped = stream.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                int cut = random.nextInt(flipped.length + 1);
                observations.clear();

                assertThatCode(() -> feedSplit(parser, flipped, cut))
                        .as("round %d", round)
                        .doesNotThrowAnyException();
                assertThat(observations).as("round %d", round).hasSizeLessThanOrEqualTo(1);
            }
        }
    }
}
