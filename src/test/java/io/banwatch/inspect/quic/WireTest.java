package io.banwatch.inspect.quic;

import static io.banwatch.inspect.quic.QuicBytes.concat;
import static io.banwatch.inspect.quic.QuicBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WireTest {

    @Nested
    class Varints {

        @Test
        void rfc9000AppendixA1Examples() {
            assertThat(QuicVarint.read(hex("c2197c5eff14e88c"), 0, 8)).isEqualTo(151_288_809_941_952_652L);
            assertThat(QuicVarint.read(hex("9d7f3e7d"), 0, 4)).isEqualTo(494_878_333L);
            assertThat(QuicVarint.read(hex("7bbd"), 0, 2)).isEqualTo(15_293L);
            assertThat(QuicVarint.read(hex("25"), 0, 1)).isEqualTo(37L);
            assertThat(QuicVarint.read(hex("4025"), 0, 2)).isEqualTo(37L);
        }

        @Test
        void truncated() {
            assertThat(QuicVarint.read(hex("9d7f3e7d"), 0, 3)).isEqualTo(QuicVarint.TRUNCATED);
            assertThat(QuicVarint.read(hex("25"), 1, 1)).isEqualTo(QuicVarint.TRUNCATED);
        }
    }

    @Nested
    class LongHeaders {

        final LongHeader header = new LongHeader();

        @Test
        void fieldsOfTheRfc9001Initial() {
            byte[] packet = Rfc9001.V1_CLIENT_INITIAL;

            assertThat(header.read(packet, 0, packet.length, QuicVersion.V1)).isNull();

            assertThat(header.dcidOffset).isEqualTo(6);
            assertThat(header.dcidLength).isEqualTo(8);
            assertThat(header.scidLength).isZero();
            assertThat(header.packetNumberOffset).isEqualTo(18);
            assertThat(header.packetEnd).isEqualTo(1200);
        }

        @Test
        void tokenIsSkipped() {
            byte[] packet = new InitialPacketBuilder()
                    .token(new byte[70])
                    .scid(hex("0a0b0c"))
                    .lengthFieldBytes(4)
                    .build(new byte[100]);

            assertThat(header.read(packet, 0, packet.length, QuicVersion.V1)).isNull();

            assertThat(header.scidOffset).isEqualTo(15);
            assertThat(header.packetNumberOffset).isEqualTo(15 + 3 + 2 + 70 + 4);
            assertThat(header.packetEnd).isEqualTo(packet.length);
        }

        @Test
        void connectionIdsLongerThan20BytesAreRefused() {
            byte[] dcid = concat(hex("c000000001 15"), new byte[21], hex("00 00 4010"), new byte[16]);
            byte[] scid = concat(hex("c000000001 00 15"), new byte[40]);

            assertThat(header.read(dcid, 0, dcid.length, QuicVersion.V1)).isEqualTo(QuicAnomaly.CID_TOO_LONG);
            assertThat(header.read(scid, 0, scid.length, QuicVersion.V1)).isEqualTo(QuicAnomaly.CID_TOO_LONG);
        }

        @Test
        void tokenLongerThanThePacketIsTruncation() {
            byte[] packet = hex("c000000001 00 00 4400 0000");

            assertThat(header.read(packet, 0, packet.length, QuicVersion.V1)).isEqualTo(QuicAnomaly.HEADER_TRUNCATED);
        }

        @Test
        void retryRunsToTheEndOfTheDatagram() {
            byte[] retry = concat(hex("f0000000010008"), new byte[8], new byte[30]);

            assertThat(header.read(retry, 0, retry.length, QuicVersion.V1)).isNull();
            assertThat(header.isRetry()).isTrue();
            assertThat(header.packetEnd).isEqualTo(retry.length);
        }
    }

    @Nested
    class Frames {

        final AnomalyCounters anomalies = new AnomalyCounters();
        final CryptoFrameReader reader = new CryptoFrameReader(anomalies);
        final CryptoStream stream = new CryptoStream();
        final ByteBudget budget = new ByteBudget(1 << 20);

        boolean read(byte[] payload) {
            return reader.read(payload, 0, payload.length, stream, budget);
        }

        @Test
        void cryptoAfterAckEcnWithRangesAndConnectionClose() {
            byte[] hello = Rfc9001.CLIENT_HELLO;
            byte[] payload = concat(
                    QuicBytes.ack(true, 100_000, 1, 2, 3, 4),
                    QuicBytes.connectionClose("bye"),
                    QuicBytes.crypto(0, hello),
                    new byte[10]);

            assertThat(read(payload)).isTrue();

            assertThat(anomalies.total()).isZero();
            assertThat(Arrays.copyOf(stream.buffer(), stream.contiguousLength()))
                    .isEqualTo(hello);
        }

        @Test
        void ackClaimingMoreRangesThanItsBytes() {
            assertThat(read(hex("02 05 00 4fff 00 01 01"))).isTrue();

            assertThat(anomalies.get(QuicAnomaly.ACK_RANGES_BAD)).isEqualTo(1);
        }

        @Test
        void truncatedFramesAreCounted() {
            read(hex("06 00 10 0102"));
            read(hex("1c 00 00 05 6869"));
            read(hex("03 01 00 00 00 01"));

            assertThat(anomalies.get(QuicAnomaly.FRAME_TRUNCATED)).isEqualTo(3);
            assertThat(stream.rangeCount()).isZero();
        }

        @Test
        void frameTypesAnInitialCannotCarryEndThePacket() {
            // RFC 9000 12.4: STREAM (0x08) and HANDSHAKE_DONE (0x1e) never appear in an Initial
            read(hex("08 00 00"));
            read(hex("1e"));
            read(hex("4006 00 01 61")); // CRYPTO in a two-byte encoding breaks the shortest-encoding rule

            assertThat(anomalies.get(QuicAnomaly.FRAME_UNKNOWN)).isEqualTo(3);
        }

        @Test
        void aCapHitAbandonsTheConnection() {
            // offset 65540 = 4 + 64 KiB: the byte there is one past the largest hello
            assertThat(read(concat(hex("06 80010004 01"), new byte[1]))).isFalse();

            assertThat(anomalies.get(QuicAnomaly.CRYPTO_BEYOND_CAP)).isEqualTo(1);
        }
    }

    @Test
    void everyAnomalyIsNamedForTheQuicLayer() {
        for (QuicAnomaly anomaly : QuicAnomaly.values()) {
            assertThat(anomaly.layer()).isEqualTo("quic");
            assertThat(anomaly.reason()).isEqualTo(anomaly.name().toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(QuicAnomaly.DECRYPT_FAILED.reason()).isEqualTo("decrypt_failed");
    }
}
