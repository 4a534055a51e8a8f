package io.banwatch.decode;

import static io.banwatch.decode.Frames.OUTER_A4;
import static io.banwatch.decode.Frames.OUTER_B4;
import static io.banwatch.decode.Frames.UDP;
import static io.banwatch.decode.Frames.concat;
import static io.banwatch.decode.Frames.ethernet;
import static io.banwatch.decode.Frames.ipv4;
import static io.banwatch.decode.Frames.tlsTcp4;
import static io.banwatch.decode.Frames.tlsTcp6;
import static io.banwatch.decode.Frames.udp;
import static io.banwatch.decode.Frames.writer;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** GTP-U, Teredo, AYIYA and IEEE 802.11 edge cases; the whole-capture cases are in TunnelFixturesTest. */
class MobileTunnelTest {

    private final DecoderHarness h = new DecoderHarness();

    static byte[] gtpu(int flags, int messageType, long teid, byte[] optional, byte[] inner) {
        return concat(
                writer().u8(flags)
                        .u8(messageType)
                        .u16(optional.length + inner.length)
                        .u32(teid)
                        .build(),
                optional,
                inner);
    }

    static byte[] overUdp(int sourcePort, int destinationPort, byte[] payload) {
        return ethernet(0x0800, ipv4(OUTER_A4, OUTER_B4, UDP, udp(sourcePort, destinationPort, payload)));
    }

    @Nested
    class GtpU {
        @Test
        void aGPduCarriesItsSubscribersPacketAndTheTeidIsTheTunnelId() {
            assertThat(h.decode(
                            LinkType.ETHERNET,
                            overUdp(2152, 2152, gtpu(0x30, 255, 0xabcdef01L, new byte[0], tlsTcp4()))))
                    .isTrue();
            h.assertTlsTcp4();
            assertThat(h.out.tunnelId).isEqualTo(0xabcdef01L);
        }

        @Test
        void extensionHeadersAreSteppedOverInAChain() {
            byte[] optional = concat(
                    writer().u16(1).u8(0).u8(0x85).build(), // sequence, N-PDU, next: PDU session container
                    new byte[] {1, 0x10, 9, (byte) 0x40}, // 4 octets, next: UDP port
                    new byte[] {1, 0x08, 0x68, 0}); // 4 octets, no next
            assertThat(h.decode(LinkType.ETHERNET, overUdp(40000, 2152, gtpu(0x36, 255, 7, optional, tlsTcp6()))))
                    .isTrue();
            h.assertTlsTcp6();
            assertThat(h.out.tunnelId).isEqualTo(7);
        }

        @Test
        void aZeroLengthExtensionHeaderIsCountedAndSkipped() {
            byte[] optional = concat(writer().u16(1).u8(0).u8(0x85).build(), new byte[] {0, 0, 0, 0});
            assertThat(h.decode(LinkType.ETHERNET, overUdp(2152, 2152, gtpu(0x34, 255, 7, optional, tlsTcp4()))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.GTPU_EXTENSION_HEADER_INVALID)).isEqualTo(1);
        }

        @Test
        void echoAndEndMarkerCarryNoPacketAndAreNoAnomaly() {
            assertThat(h.decode(LinkType.ETHERNET, overUdp(2152, 2152, gtpu(0x32, 1, 0, new byte[4], new byte[0]))))
                    .isFalse();
            assertThat(h.decode(LinkType.ETHERNET, overUdp(2152, 2152, gtpu(0x30, 254, 9, new byte[0], new byte[0]))))
                    .isFalse();
            assertThat(h.anomalies.total()).isZero();
        }

        @Test
        void gtpPrimeAndVersion2AreCountedAsUnsupported() {
            assertThat(h.decode(LinkType.ETHERNET, overUdp(2152, 2152, gtpu(0x20, 255, 1, new byte[0], tlsTcp4()))))
                    .isFalse();
            assertThat(h.decode(LinkType.ETHERNET, overUdp(2152, 2152, gtpu(0x50, 255, 1, new byte[0], tlsTcp4()))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.GTPU_VERSION_UNSUPPORTED)).isEqualTo(2);
        }

        @Test
        void aLengthBeyondTheDatagramIsCountedButTheUserPacketIsStillRead() {
            byte[] gtp = gtpu(0x30, 255, 3, new byte[0], tlsTcp4());
            gtp[3] += 40; // the length claims 40 more bytes than were sent
            assertThat(h.decode(LinkType.ETHERNET, overUdp(2152, 2152, gtp))).isTrue();
            h.assertTlsTcp4();
            assertThat(h.count(DecodeAnomaly.GTPU_LENGTH_EXCEEDS_PACKET)).isEqualTo(1);
        }

        @Test
        void aReplyFromAServicePortToAClientPort2152IsPlainUdp() {
            byte[] dns = {0x12, 0x34, (byte) 0x81, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0};
            assertThat(h.decode(LinkType.ETHERNET, overUdp(53, 2152, dns))).isTrue();
            assertThat(h.out.payloadLength).isEqualTo(dns.length);
            assertThat(h.out.tunnelId).isEqualTo(-1);
        }
    }

    @Nested
    class Teredo {
        @Test
        void ipv6AfterAnOriginIndicationIsDecoded() {
            byte[] origin = {0, 0, 1, 2, 3, 4, 5, 6};
            assertThat(h.decode(LinkType.ETHERNET, overUdp(3544, 40000, concat(origin, tlsTcp6()))))
                    .isTrue();
            h.assertTlsTcp6();
        }

        @Test
        void bareIpv6ToTheServerPortIsDecoded() {
            assertThat(h.decode(LinkType.ETHERNET, overUdp(40001, 3544, tlsTcp6())))
                    .isTrue();
            h.assertTlsTcp6();
        }

        @Test
        void aDatagramOnPort3544ThatIsNotExactlyOneIpv6PacketIsAnOrdinaryDatagram() {
            byte[] quicLike = new byte[1200];
            quicLike[0] = (byte) 0xc0;
            assertThat(h.decode(LinkType.ETHERNET, overUdp(3544, 443, quicLike)))
                    .isTrue();
            assertThat(h.out.payloadLength).isEqualTo(1200);
            byte[] longer = concat(tlsTcp6(), new byte[3]); // IPv6 payload length no longer matches
            assertThat(h.decode(LinkType.ETHERNET, overUdp(40001, 3544, longer)))
                    .isTrue();
            assertThat(h.out.destinationPort).isEqualTo(3544);
            assertThat(h.anomalies.total()).isZero();
        }
    }

    @Nested
    class Ayiya {
        /** IDLen 4 (16-octet identity), SigLen 5 (20-octet signature), the given opcode and next header. */
        private byte[] ayiya(int opcode, int nextHeader, byte[] inner) {
            byte[] fixed = {
                (byte) 0x41, (byte) 0x52, (byte) (0x20 | opcode), (byte) nextHeader, 0x65, 0x53, (byte) 0xf1, 0
            };
            return concat(fixed, new byte[16], new byte[20], inner);
        }

        @Test
        void aForwardedIpv6PacketIsDecodedPastIdentityAndSignature() {
            assertThat(h.decode(LinkType.ETHERNET, overUdp(40002, 5072, ayiya(1, 41, tlsTcp6()))))
                    .isTrue();
            h.assertTlsTcp6();
        }

        @Test
        void aForwardedIpv4PacketFromTheTunnelServerIsDecoded() {
            assertThat(h.decode(LinkType.ETHERNET, overUdp(5072, 40002, ayiya(1, 4, tlsTcp4()))))
                    .isTrue();
            h.assertTlsTcp4();
        }

        @Test
        void aHeartbeatOrAPacketOfAnotherLengthOrVersionIsAnOrdinaryDatagram() {
            assertThat(h.decode(LinkType.ETHERNET, overUdp(40002, 5072, ayiya(0, 59, new byte[0]))))
                    .isTrue();
            assertThat(h.out.destinationPort).isEqualTo(5072);
            assertThat(h.decode(LinkType.ETHERNET, overUdp(40002, 5072, ayiya(1, 41, concat(tlsTcp6(), new byte[3])))))
                    .isTrue();
            assertThat(h.out.destinationPort).isEqualTo(5072);
            assertThat(h.decode(LinkType.ETHERNET, overUdp(40002, 5072, ayiya(1, 4, tlsTcp6()))))
                    .isTrue();
            assertThat(h.out.destinationPort).isEqualTo(5072);
            assertThat(h.decode(LinkType.ETHERNET, overUdp(40002, 5072, new byte[] {0x41, 0x52, 0x21})))
                    .isTrue();
            assertThat(h.out.payloadLength).isEqualTo(3);
            assertThat(h.anomalies.total()).isZero();
        }
    }

    @Nested
    class Wireless {
        private byte[] dataFrame(int frameControl, int flags, byte[] body) {
            byte[] header = new byte[24];
            header[0] = (byte) frameControl;
            header[1] = (byte) flags;
            byte[] snap = {(byte) 0xaa, (byte) 0xaa, 3, 0, 0, 0, 8, 0};
            return concat(header, snap, body);
        }

        @Test
        void anUnprotectedDataFrameIsReadThroughItsLlcHeader() {
            byte[] ip = tlsTcp4();
            assertThat(h.decode(LinkType.IEEE802_11, dataFrame(0x08, 0x01, ip))).isTrue();
            h.assertTlsTcp4();
        }

        @Test
        void protectedAndManagementFramesAreSkippedQuietly() {
            byte[] ip = tlsTcp4();
            assertThat(h.decode(LinkType.IEEE802_11, dataFrame(0x08, 0x41, ip))).isFalse(); // WPA ciphertext
            assertThat(h.decode(LinkType.IEEE802_11, dataFrame(0x80, 0x00, ip))).isFalse(); // a beacon
            assertThat(h.anomalies.total()).isZero();
        }

        @Test
        void aRadiotapLengthBeyondTheFrameIsCounted() {
            byte[] radiotap = {0, 0, (byte) 0xff, 0x7f, 0, 0, 0, 0};
            assertThat(h.decode(LinkType.IEEE802_11_RADIOTAP, radiotap)).isFalse();
            assertThat(h.count(DecodeAnomaly.RADIO_HEADER_INVALID)).isEqualTo(1);
        }
    }
}
