package io.banwatch.decode;

import static io.banwatch.decode.Frames.CLIENT4;
import static io.banwatch.decode.Frames.CLIENT6;
import static io.banwatch.decode.Frames.OUTER_A4;
import static io.banwatch.decode.Frames.OUTER_A6;
import static io.banwatch.decode.Frames.OUTER_B4;
import static io.banwatch.decode.Frames.OUTER_B6;
import static io.banwatch.decode.Frames.SERVER4;
import static io.banwatch.decode.Frames.SERVER6;
import static io.banwatch.decode.Frames.TCP;
import static io.banwatch.decode.Frames.UDP;
import static io.banwatch.decode.Frames.authenticationHeader;
import static io.banwatch.decode.Frames.dnsQueryUdp4;
import static io.banwatch.decode.Frames.fragmentHeader;
import static io.banwatch.decode.Frames.ipv4;
import static io.banwatch.decode.Frames.ipv6;
import static io.banwatch.decode.Frames.optionsHeader;
import static io.banwatch.decode.Frames.tcp;
import static io.banwatch.decode.Frames.text;
import static io.banwatch.decode.Frames.tlsTcp4;
import static io.banwatch.decode.Frames.tlsTcp6;
import static io.banwatch.decode.Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IpLayerTest {

    private final DecoderHarness h = new DecoderHarness();

    private static byte[] tlsSegment() {
        return tcp(50000, 443, 1000, 2000, 0x18, new byte[0], text("hello"));
    }

    @Nested
    class Ipv4 {
        @Test
        void optionsAreSkipped() {
            byte[] options = {(byte) 0x94, 4, 0, 0, 1, 1, 1, 0}; // Router Alert (RFC 2113), NOP, NOP, NOP, EOL
            assertThat(h.decode(LinkType.RAW, ipv4(CLIENT4, SERVER4, TCP, 7, 0, options, tlsSegment())))
                    .isTrue();
            h.assertTlsTcp4();
        }

        @Test
        void headerLengthBelowFiveWordsIsCounted() {
            byte[] packet = tlsTcp4();
            packet[0] = 0x44;
            assertThat(h.decode(LinkType.RAW, packet)).isFalse();
            assertThat(h.count(DecodeAnomaly.IPV4_HEADER_LENGTH_INVALID)).isEqualTo(1);
        }

        @Test
        void headerLengthBeyondCaptureIsCounted() {
            byte[] packet = Arrays.copyOf(tlsTcp4(), 24);
            packet[0] = 0x4f; // 60-byte header
            assertThat(h.decode(LinkType.RAW, packet)).isFalse();
            assertThat(h.count(DecodeAnomaly.IPV4_HEADER_TRUNCATED)).isEqualTo(1);
        }

        @Test
        void totalLengthBelowHeaderIsCounted() {
            byte[] packet = tlsTcp4();
            packet[2] = 0;
            packet[3] = 19;
            assertThat(h.decode(LinkType.RAW, packet)).isFalse();
            assertThat(h.count(DecodeAnomaly.IPV4_TOTAL_LENGTH_INVALID)).isEqualTo(1);
        }

        @Test
        void shortHeaderIsCounted() {
            assertThat(h.decode(LinkType.IPV4, Arrays.copyOf(tlsTcp4(), 19))).isFalse();
            assertThat(h.count(DecodeAnomaly.IPV4_HEADER_TOO_SMALL)).isEqualTo(1);
        }

        @Test
        void snaplenTruncationKeepsWhatWasCapturedAndCountsOnce() {
            byte[] frame = dnsQueryUdp4();
            assertThat(h.decoder.decode(LinkType.RAW, frame, frame.length - 3, frame.length, 0, h.out))
                    .isTrue();
            assertThat(h.payloadText()).isEqualTo("dns-qu");
            assertThat(h.out.payloadOffset + h.out.payloadLength).isEqualTo(frame.length - 3);
            assertThat(h.count(DecodeAnomaly.IPV4_TRUNCATED)).isEqualTo(1);
            assertThat(h.anomalies.total()).isEqualTo(1);
        }

        @Test
        void zeroTotalLengthOfSegmentationOffloadUsesTheCapture() {
            byte[] packet = tlsTcp4();
            packet[2] = 0;
            packet[3] = 0;
            assertThat(h.decode(LinkType.RAW, packet)).isTrue();
            h.assertTlsTcp4();
        }

        @Test
        void icmpIsPassedOnWholeWithoutAnomaly() {
            assertThat(h.decode(LinkType.RAW, ipv4(CLIENT4, SERVER4, 1, new byte[] {8, 0, 0, 0, 0, 1, 0, 1})))
                    .isTrue();
            assertThat(h.out.transport).isEqualTo(DecodedPacket.ICMP);
            assertThat(h.out.isIcmp()).isTrue();
            assertThat(h.out.payloadLength).isEqualTo(8);
            assertThat(h.anomalies.total()).isZero();
        }

        @Test
        void icmpv6NumberInsideIpv4IsSkipped() {
            assertThat(h.decode(LinkType.RAW, ipv4(CLIENT4, SERVER4, 58, new byte[] {1, 4, 0, 0, 0, 0, 0, 0})))
                    .isFalse();
        }
    }

    @Nested
    class Ipv6 {
        @Test
        void extensionHeaderChainToUdp() {
            byte[] udp = udp(5353, 53, text("chain"));
            byte[] chain = optionsHeader(
                    60, // hop-by-hop → destination options
                    0,
                    optionsHeader(
                            43, // destination options → routing
                            1,
                            optionsHeader(51, 0, authenticationHeader(UDP, udp))));
            assertThat(h.decode(LinkType.RAW, ipv6(CLIENT6, SERVER6, 0, chain))).isTrue();
            assertThat(h.out.ipVersion).isEqualTo(6);
            assertThat(h.out.transport).isEqualTo(DecodedPacket.UDP);
            assertThat(h.out.destinationPort).isEqualTo(53);
            assertThat(h.payloadText()).isEqualTo("chain");
        }

        @Test
        void authenticationHeaderLengthIsInFourByteUnits() {
            byte[] packet = ipv6(CLIENT6, SERVER6, 51, authenticationHeader(TCP, tlsSegment()));
            assertThat(h.decode(LinkType.RAW, packet)).isTrue();
            h.assertTlsTcp6();
            assertThat(h.out.payloadOffset).isEqualTo(40 + 24 + 20);
        }

        @Test
        void eightExtensionHeadersAreAcceptedNineAreNot() {
            byte[] eight = tlsSegment();
            int next = TCP;
            for (int i = 0; i < 8; i++) {
                eight = optionsHeader(next, 0, eight);
                next = 60;
            }
            assertThat(h.decode(LinkType.RAW, ipv6(CLIENT6, SERVER6, 60, eight)))
                    .isTrue();
            h.assertTlsTcp6();
            byte[] nine = optionsHeader(60, 0, eight);
            assertThat(h.decode(LinkType.RAW, ipv6(CLIENT6, SERVER6, 60, nine))).isFalse();
            assertThat(h.count(DecodeAnomaly.IPV6_TOO_MANY_EXTENSION_HEADERS)).isEqualTo(1);
        }

        @Test
        void noNextHeaderIsSkippedSilently() {
            assertThat(h.decode(LinkType.RAW, ipv6(CLIENT6, SERVER6, 59, new byte[0])))
                    .isFalse();
            assertThat(h.decode(LinkType.RAW, ipv6(CLIENT6, SERVER6, 0, optionsHeader(59, 0, new byte[0]))))
                    .isFalse();
            assertThat(h.anomalies.total()).isZero();
        }

        @Test
        void extensionHeaderBeyondPacketIsCounted() {
            byte[] header = optionsHeader(TCP, 0, new byte[0]);
            header[1] = 3; // claims 32 bytes, 8 are there
            assertThat(h.decode(LinkType.RAW, ipv6(CLIENT6, SERVER6, 0, header)))
                    .isFalse();
            assertThat(h.decode(LinkType.RAW, ipv6(CLIENT6, SERVER6, 60, new byte[] {6})))
                    .isFalse();
            assertThat(h.decode(LinkType.RAW, ipv6(CLIENT6, SERVER6, 44, new byte[7])))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.IPV6_EXTENSION_HEADER_TRUNCATED)).isEqualTo(3);
        }

        @Test
        void atomicFragmentIsDecodedWithoutReassembly() {
            byte[] packet = ipv6(CLIENT6, SERVER6, 44, fragmentHeader(TCP, 0, false, 99, tlsSegment()));
            assertThat(h.decode(LinkType.RAW, packet)).isTrue();
            h.assertTlsTcp6();
            assertThat(h.out.data).isSameAs(packet);
            assertThat(h.decoder.fragmentedDatagramsInProgress()).isZero();
        }

        @Test
        void payloadLengthBeyondCaptureIsCounted() {
            byte[] packet = tlsTcp6();
            assertThat(h.decoder.decode(LinkType.RAW, packet, packet.length - 2, packet.length, 0, h.out))
                    .isTrue();
            assertThat(h.payloadText()).isEqualTo("hel");
            assertThat(h.count(DecodeAnomaly.IPV6_TRUNCATED)).isEqualTo(1);
        }

        @Test
        void shortHeaderIsCounted() {
            assertThat(h.decode(LinkType.RAW, Arrays.copyOf(tlsTcp6(), 39))).isFalse();
            assertThat(h.count(DecodeAnomaly.IPV6_HEADER_TOO_SMALL)).isEqualTo(1);
        }

        @Test
        void espIsSkippedSilently() {
            assertThat(h.decode(LinkType.RAW, ipv6(CLIENT6, SERVER6, 50, new byte[16])))
                    .isFalse();
            assertThat(h.anomalies.total()).isZero();
        }
    }

    @Nested
    class IpInIp {
        @Test
        void ipv6InIpv4ReportsTheInnerAddresses() {
            assertThat(h.decode(LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, 41, tlsTcp6())))
                    .isTrue();
            h.assertTlsTcp6();
        }

        @Test
        void ipv4InIpv6ReportsTheInnerAddresses() {
            assertThat(h.decode(LinkType.RAW, ipv6(OUTER_A6, OUTER_B6, 4, tlsTcp4())))
                    .isTrue();
            h.assertTlsTcp4();
        }

        @Test
        void ipv4InIpv4AndIpv6InIpv6() {
            assertThat(h.decode(LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, 4, tlsTcp4())))
                    .isTrue();
            h.assertTlsTcp4();
            assertThat(h.decode(LinkType.RAW, ipv6(OUTER_A6, OUTER_B6, 41, tlsTcp6())))
                    .isTrue();
            h.assertTlsTcp6();
        }

        @Test
        void nestingIsCapped() {
            byte[] packet = tlsTcp4();
            for (int i = 1; i < PacketDecoder.MAX_IP_HEADERS; i++) {
                packet = ipv4(OUTER_A4, OUTER_B4, 4, packet);
            }
            assertThat(h.decode(LinkType.RAW, packet)).isTrue();
            h.assertTlsTcp4();
            assertThat(h.decode(LinkType.RAW, ipv6(OUTER_A6, OUTER_B6, 4, packet)))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.IP_TUNNEL_TOO_DEEP)).isEqualTo(1);
        }

        @Test
        void innerTruncationIsCounted() {
            byte[] inner = Arrays.copyOf(tlsTcp6(), 30);
            assertThat(h.decode(LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, 41, inner)))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.IPV6_HEADER_TOO_SMALL)).isEqualTo(1);
        }
    }
}
