package io.banwatch.inspect.quic;

import static io.banwatch.inspect.quic.QuicBytes.concat;
import static io.banwatch.inspect.quic.QuicBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InitialCryptoTest {

    final InitialKeyDerivation derivation = new InitialKeyDerivation();
    final InitialPacketOpener opener = new InitialPacketOpener();
    final LongHeader header = new LongHeader();

    @Nested
    class Keys {

        @Test
        void rfc9001AppendixA1() {
            InitialKeys keys = derivation.derive(QuicVersion.V1, Rfc9001.DCID, 0, Rfc9001.DCID.length);

            assertThat(hex(keys.clientSecret))
                    .isEqualTo("c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea");
            assertThat(hex(keys.packetKey().getEncoded())).isEqualTo("1f369613dd76d5467730efcbe3b1a22d");
            assertThat(hex(keys.iv())).isEqualTo("fa044b2f42a3fd3b46fb255c");
            assertThat(hex(keys.headerProtectionKey().getEncoded())).isEqualTo("9f50449e04a0e810283a1e9933adedd2");
        }

        @Test
        void rfc9369AppendixA1() {
            InitialKeys keys = derivation.derive(QuicVersion.V2, Rfc9001.DCID, 0, Rfc9001.DCID.length);

            assertThat(hex(keys.clientSecret))
                    .isEqualTo("14ec9d6eb9fd7af83bf5a668bc17a7e283766aade7ecd0891f70f9ff7f4bf47b");
            assertThat(hex(keys.packetKey().getEncoded())).isEqualTo("8b1a0bc121284290a29e0971b5cd045d");
            assertThat(hex(keys.iv())).isEqualTo("91f73e2351d8fa91660e909f");
            assertThat(hex(keys.headerProtectionKey().getEncoded())).isEqualTo("45b95e15235d6f45a6b19cbcb0294ba9");
        }

        @Test
        void dcidIsReadInPlace() {
            byte[] datagram = concat(hex("ffff"), Rfc9001.DCID, hex("ff"));
            InitialKeys keys = derivation.derive(QuicVersion.V1, datagram, 2, Rfc9001.DCID.length);

            assertThat(hex(keys.iv())).isEqualTo("fa044b2f42a3fd3b46fb255c");
        }
    }

    @Nested
    class Opening {

        @Test
        void rfc9001AppendixA2() {
            assertOpens(Rfc9001.V1_CLIENT_INITIAL, QuicVersion.V1, Rfc9001.V1_UNPROTECTED_HEADER);
        }

        @Test
        void rfc9369AppendixA2() {
            assertOpens(Rfc9001.V2_CLIENT_INITIAL, QuicVersion.V2, Rfc9001.V2_UNPROTECTED_HEADER);
        }

        private void assertOpens(byte[] packet, QuicVersion version, byte[] unprotectedHeader) {
            assertThat(header.read(packet, 0, packet.length, version)).isNull();
            assertThat(header.isInitial()).isTrue();
            assertThat(header.packetNumberOffset).isEqualTo(18);
            assertThat(header.packetEnd).isEqualTo(1200);
            InitialKeys keys = derivation.derive(version, packet, header.dcidOffset, header.dcidLength);

            assertThat(opener.open(packet, header, keys, -1)).isNull();

            byte[] rebuilt = concat(
                    new byte[] {(byte) opener.firstByte()},
                    Arrays.copyOfRange(packet, 1, header.packetNumberOffset),
                    InitialPacketBuilder.bigEndian(opener.packetNumber(), opener.packetNumberLength()));
            assertThat(hex(rebuilt)).isEqualTo(hex(unprotectedHeader));
            assertThat(opener.packetNumber()).isEqualTo(Rfc9001.PACKET_NUMBER);
            assertThat(Arrays.copyOf(opener.plaintext(), opener.plaintextLength()))
                    .isEqualTo(Rfc9001.PAYLOAD);
        }

        @Test
        void builderReproducesBothVectorsByteForByte() {
            for (QuicVersion version : QuicVersion.values()) {
                byte[] built = new InitialPacketBuilder()
                        .version(version)
                        .packetNumber(Rfc9001.PACKET_NUMBER, 4)
                        .build(Rfc9001.PAYLOAD);
                byte[] expected = version == QuicVersion.V1 ? Rfc9001.V1_CLIENT_INITIAL : Rfc9001.V2_CLIENT_INITIAL;
                assertThat(hex(built)).as("%s", version).isEqualTo(hex(expected));
            }
        }

        @Test
        void serverInitialDoesNotOpenWithClientKeys() {
            byte[] packet = Rfc9001.V1_SERVER_INITIAL;
            assertThat(header.read(packet, 0, packet.length, QuicVersion.V1)).isNull();
            InitialKeys keys = derivation.derive(QuicVersion.V1, Rfc9001.DCID, 0, Rfc9001.DCID.length);

            // refused by a check before the tag, or by the tag
            assertThat(opener.open(packet, header, keys, -1))
                    .isIn(
                            QuicAnomaly.RESERVED_BITS_SET,
                            QuicAnomaly.FIRST_FRAME_NOT_ALLOWED,
                            QuicAnomaly.DECRYPT_FAILED);
        }

        @Test
        void wrongVersionKeysDoNotOpen() {
            byte[] packet = Rfc9001.V1_CLIENT_INITIAL;
            header.read(packet, 0, packet.length, QuicVersion.V1);
            InitialKeys v2 = derivation.derive(QuicVersion.V2, Rfc9001.DCID, 0, Rfc9001.DCID.length);

            assertThat(opener.open(packet, header, v2, -1))
                    .isIn(
                            QuicAnomaly.RESERVED_BITS_SET,
                            QuicAnomaly.FIRST_FRAME_NOT_ALLOWED,
                            QuicAnomaly.DECRYPT_FAILED);
        }

        @Test
        void packetTooShortForTheSample() {
            byte[] packet = new InitialPacketBuilder().packetNumber(0, 1).build(new byte[2]);
            header.read(packet, 0, packet.length, QuicVersion.V1);
            InitialKeys keys = derivation.derive(QuicVersion.V1, Rfc9001.DCID, 0, Rfc9001.DCID.length);

            assertThat(opener.open(packet, header, keys, -1)).isEqualTo(QuicAnomaly.SAMPLE_TRUNCATED);
        }

        @Test
        void openerIsReusableAcrossConnectionsAndPacketNumberLengths() {
            for (int length = 1; length <= 4; length++) {
                byte[] dcid = hex("0102030405060708090a0b0c0d0e0f10111213" + "%02x".formatted(length));
                byte[] frames = QuicBytes.crypto(0, Rfc9001.CLIENT_HELLO);
                byte[] packet = new InitialPacketBuilder()
                        .dcid(dcid)
                        .packetNumber(7, length)
                        .buildPadded(frames, 1200);
                assertThat(header.read(packet, 0, packet.length, QuicVersion.V1))
                        .isNull();
                InitialKeys keys = derivation.derive(QuicVersion.V1, dcid, 0, dcid.length);

                assertThat(opener.open(packet, header, keys, -1)).isNull();
                assertThat(opener.packetNumberLength()).isEqualTo(length);
                assertThat(opener.packetNumber()).isEqualTo(7);
                assertThat(Arrays.copyOf(opener.plaintext(), frames.length)).isEqualTo(frames);
            }
        }
    }

    @Test
    void packetNumberDecodingRfc9000AppendixA3() {
        assertThat(InitialPacketOpener.decodePacketNumber(0xa82f30eaL, 0x9b32, 16))
                .isEqualTo(0xa82f9b32L);
        assertThat(InitialPacketOpener.decodePacketNumber(-1, 2, 32)).isEqualTo(2);
        assertThat(InitialPacketOpener.decodePacketNumber(254, 0x01, 8)).isEqualTo(257);
    }
}
