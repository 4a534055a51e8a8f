package io.banwatch.decode;

import static io.banwatch.decode.Frames.concat;
import static io.banwatch.decode.Frames.dnsQueryUdp4;
import static io.banwatch.decode.Frames.tlsTcp4;
import static io.banwatch.decode.Frames.tlsTcp6;
import static io.banwatch.decode.Frames.writer;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkLayerTest {

    private final DecoderHarness h = new DecoderHarness();

    @Test
    void ethernetCarriesEveryField() {
        byte[] frame = Frames.ethernet(0x0800, tlsTcp4());
        assertThat(h.decoder.decode(LinkType.ETHERNET, frame, frame.length, 1514, 42L, h.out))
                .isTrue();
        h.assertTlsTcp4();
        assertThat(h.out.data).isSameAs(frame);
        assertThat(h.out.payloadOffset).isEqualTo(14 + 20 + 20);
        assertThat(h.out.wireLength).isEqualTo(1514);
        assertThat(h.out.timestampNanos).isEqualTo(42L);
        assertThat(h.out.vlanId).isEqualTo(-1);
        assertThat(h.out.tunnelId).isEqualTo(-1);
        assertThat(h.anomalies.total()).isZero();
    }

    @Test
    void unsupportedLinkTypeIsCounted() {
        assertThat(PacketDecoder.supports(147)).isFalse();
        assertThat(h.decode(147, tlsTcp4())).isFalse();
        assertThat(h.count(DecodeAnomaly.LINK_TYPE_UNSUPPORTED)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9, 12, 14, 51, 101, 108, 113, 228, 229, 239, 276})
    void supportsTheDocumentedLinkTypes(int linkType) {
        assertThat(PacketDecoder.supports(linkType)).isTrue();
    }

    @Test
    void invalidCaptureLengthsAreCountedNotThrown() {
        byte[] frame = tlsTcp4();
        assertThat(h.decoder.decode(LinkType.RAW, null, 10, 10, 0, h.out)).isFalse();
        assertThat(h.decoder.decode(LinkType.RAW, frame, frame.length + 1, 0, 0, h.out))
                .isFalse();
        assertThat(h.decoder.decode(LinkType.RAW, frame, -1, 0, 0, h.out)).isFalse();
        assertThat(h.count(DecodeAnomaly.CAPTURE_LENGTH_INVALID)).isEqualTo(3);
    }

    @Nested
    class RawIp {
        @ParameterizedTest
        @ValueSource(ints = {LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD})
        void picksTheVersionByNibble(int linkType) {
            assertThat(h.decode(linkType, tlsTcp4())).isTrue();
            h.assertTlsTcp4();
            assertThat(h.decode(linkType, tlsTcp6())).isTrue();
            h.assertTlsTcp6();
        }

        @Test
        void ipv4AndIpv6LinkTypes() {
            assertThat(h.decode(LinkType.IPV4, tlsTcp4())).isTrue();
            h.assertTlsTcp4();
            assertThat(h.decode(LinkType.IPV6, tlsTcp6())).isTrue();
            h.assertTlsTcp6();
        }

        @Test
        void wrongVersionForTheLinkTypeIsCounted() {
            assertThat(h.decode(LinkType.IPV4, tlsTcp6())).isFalse();
            assertThat(h.count(DecodeAnomaly.IPV4_VERSION_MISMATCH)).isEqualTo(1);
            assertThat(h.decode(LinkType.IPV6, tlsTcp4())).isFalse();
            assertThat(h.count(DecodeAnomaly.IPV6_VERSION_MISMATCH)).isEqualTo(1);
        }

        @Test
        void unknownVersionNibbleIsCounted() {
            assertThat(h.decode(LinkType.RAW, new byte[] {0x50, 0, 0, 0})).isFalse();
            assertThat(h.decode(LinkType.RAW, new byte[0])).isFalse();
            assertThat(h.count(DecodeAnomaly.IP_VERSION_UNKNOWN)).isEqualTo(2);
        }
    }

    @Nested
    class Loopback {
        @Test
        void nullAcceptsEitherByteOrder() {
            assertThat(h.decode(LinkType.NULL, concat(new byte[] {2, 0, 0, 0}, tlsTcp4())))
                    .isTrue();
            h.assertTlsTcp4();
            assertThat(h.decode(LinkType.NULL, concat(new byte[] {0, 0, 0, 2}, tlsTcp4())))
                    .isTrue();
            h.assertTlsTcp4();
        }

        @ParameterizedTest
        @ValueSource(ints = {10, 24, 28, 30})
        void ipv6FamiliesOfEveryPlatform(int family) {
            assertThat(h.decode(LinkType.NULL, concat(writer().u32(family).build(), tlsTcp6())))
                    .isTrue();
            h.assertTlsTcp6();
            assertThat(h.decode(LinkType.NULL, concat(new byte[] {(byte) family, 0, 0, 0}, tlsTcp6())))
                    .isTrue();
            h.assertTlsTcp6();
            assertThat(h.decode(LinkType.LOOP, concat(writer().u32(family).build(), tlsTcp6())))
                    .isTrue();
            h.assertTlsTcp6();
        }

        @Test
        void loopIsNetworkOrderOnly() {
            assertThat(h.decode(LinkType.LOOP, concat(writer().u32(2).build(), tlsTcp4())))
                    .isTrue();
            h.assertTlsTcp4();
            assertThat(h.decode(LinkType.LOOP, concat(new byte[] {2, 0, 0, 0}, tlsTcp4())))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.NULL_FAMILY_UNKNOWN)).isEqualTo(1);
        }

        @Test
        void shortHeaderIsCounted() {
            assertThat(h.decode(LinkType.NULL, new byte[] {2, 0, 0})).isFalse();
            assertThat(h.count(DecodeAnomaly.NULL_HEADER_TOO_SMALL)).isEqualTo(1);
        }
    }

    @Nested
    class Ppp {
        @Test
        void withAddressAndControlPrefix() {
            assertThat(h.decode(
                            LinkType.PPP,
                            concat(writer().u16(0xff03).u16(0x0021).build(), tlsTcp4())))
                    .isTrue();
            h.assertTlsTcp4();
        }

        @Test
        void withoutPrefixAndIpv6() {
            assertThat(h.decode(LinkType.PPP, concat(writer().u16(0x0057).build(), tlsTcp6())))
                    .isTrue();
            h.assertTlsTcp6();
        }

        @Test
        void compressedProtocolField() {
            assertThat(h.decode(LinkType.PPP, concat(new byte[] {(byte) 0xff, 3, 0x21}, tlsTcp4())))
                    .isTrue();
            h.assertTlsTcp4();
        }

        @Test
        void controlProtocolsAreSkippedSilently() {
            assertThat(h.decode(
                            LinkType.PPP,
                            writer().u16(0xff03).u16(0xc021).u32(0x01010004L).build()))
                    .isFalse();
            assertThat(h.anomalies.total()).isZero();
        }

        @Test
        void addressWithoutControlIsCounted() {
            assertThat(h.decode(LinkType.PPP, new byte[] {(byte) 0xff})).isFalse();
            assertThat(h.decode(LinkType.PPP, new byte[] {(byte) 0xff, 3})).isFalse();
            assertThat(h.count(DecodeAnomaly.PPP_HEADER_TOO_SMALL)).isEqualTo(2);
        }

        @Test
        void pppEtherStartsWithThePppoeHeader() {
            byte[] pppoe = writer().u8(0x11)
                    .u8(0)
                    .u16(0x1234)
                    .u16(2 + 40 + 5)
                    .u16(0x0021)
                    .build();
            assertThat(h.decode(LinkType.PPP_ETHER, concat(pppoe, tlsTcp4()))).isTrue();
            h.assertTlsTcp4();
        }
    }

    @Nested
    class LinuxCooked {
        @Test
        void sll() {
            byte[] header = writer().u16(0) // packet type: to us
                    .u16(1) // ARPHRD_ETHER
                    .u16(6)
                    .bytes(new byte[] {2, 0, 0, 0, 0, 1, 0, 0})
                    .u16(0x86dd)
                    .build();
            assertThat(h.decode(LinkType.LINUX_SLL, concat(header, tlsTcp6()))).isTrue();
            h.assertTlsTcp6();
        }

        @Test
        void sllWithVlanProtocol() {
            byte[] header = writer().u16(0).u16(1).u16(6).zeros(8).u16(0x8100).build();
            byte[] tag = writer().u16(7).u16(0x0800).build();
            assertThat(h.decode(LinkType.LINUX_SLL, concat(header, tag, tlsTcp4())))
                    .isTrue();
            h.assertTlsTcp4();
            assertThat(h.out.vlanId).isEqualTo(7);
        }

        @Test
        void sll2() {
            byte[] header = writer().u16(0x0800) // protocol
                    .u16(0) // reserved
                    .u32(3) // interface index
                    .u16(1) // ARPHRD_ETHER
                    .u8(4) // outgoing
                    .u8(6)
                    .zeros(8)
                    .build();
            assertThat(h.decode(LinkType.LINUX_SLL2, concat(header, tlsTcp4()))).isTrue();
            h.assertTlsTcp4();
        }

        @Test
        void shortHeadersAreCounted() {
            assertThat(h.decode(LinkType.LINUX_SLL, new byte[15])).isFalse();
            assertThat(h.decode(LinkType.LINUX_SLL2, new byte[19])).isFalse();
            assertThat(h.count(DecodeAnomaly.SLL_HEADER_TOO_SMALL)).isEqualTo(1);
            assertThat(h.count(DecodeAnomaly.SLL2_HEADER_TOO_SMALL)).isEqualTo(1);
        }

        @Test
        void arpIsSkippedSilently() {
            byte[] header =
                    writer().u16(0).u16(1).u16(6).zeros(8).u16(0x0806).zeros(28).build();
            assertThat(h.decode(LinkType.LINUX_SLL, header)).isFalse();
            assertThat(h.anomalies.total()).isZero();
        }
    }

    @Nested
    class Nflog {
        private byte[] header(int version) {
            return writer().u8(2).u8(version).u16(0).build();
        }

        private byte[] tlv(int type, byte[] value) {
            int length = 4 + value.length;
            return writer().u16le(length)
                    .u16le(type)
                    .bytes(value)
                    .zeros((4 - length % 4) % 4)
                    .build();
        }

        @Test
        void payloadTlvAfterPaddedTlvs() {
            byte[] frame = concat(
                    header(0),
                    tlv(1, writer().u16(0x0800).u8(3).u8(0).build()), // NFULA_PACKET_HDR
                    tlv(10, new byte[] {'d', 'n', 0}), // NFULA_PREFIX, padded by one byte
                    tlv(9, dnsQueryUdp4()));
            assertThat(h.decode(LinkType.NFLOG, frame)).isTrue();
            h.assertDnsUdp4();
        }

        @Test
        void ipv6Payload() {
            assertThat(h.decode(LinkType.NFLOG, concat(header(0), tlv(9, tlsTcp6()))))
                    .isTrue();
            h.assertTlsTcp6();
        }

        @Test
        void malformedInputIsCounted() {
            assertThat(h.decode(LinkType.NFLOG, new byte[] {2, 0, 0})).isFalse();
            assertThat(h.count(DecodeAnomaly.NFLOG_HEADER_TOO_SMALL)).isEqualTo(1);
            assertThat(h.decode(LinkType.NFLOG, concat(header(1), tlv(9, tlsTcp4()))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.NFLOG_VERSION_UNSUPPORTED)).isEqualTo(1);
            assertThat(h.decode(
                            LinkType.NFLOG,
                            concat(header(0), writer().u16le(2).u16le(9).build())))
                    .isFalse();
            assertThat(h.decode(
                            LinkType.NFLOG,
                            concat(header(0), writer().u16le(400).u16le(9).build())))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.NFLOG_TLV_INVALID)).isEqualTo(2);
            assertThat(h.decode(LinkType.NFLOG, concat(header(0), tlv(1, new byte[4]))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.NFLOG_PAYLOAD_MISSING)).isEqualTo(1);
        }

        @Test
        void tlvCountIsCapped() {
            Frames.Writer frame = writer().bytes(header(0));
            for (int i = 0; i < 40; i++) {
                frame.bytes(tlv(1, new byte[4]));
            }
            frame.bytes(tlv(9, tlsTcp4()));
            assertThat(h.decode(LinkType.NFLOG, frame.build())).isFalse();
            assertThat(h.count(DecodeAnomaly.NFLOG_TOO_MANY_TLVS)).isEqualTo(1);
        }
    }
}
