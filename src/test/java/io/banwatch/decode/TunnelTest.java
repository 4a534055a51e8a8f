package io.banwatch.decode;

import static io.banwatch.decode.Frames.OUTER_A4;
import static io.banwatch.decode.Frames.OUTER_A6;
import static io.banwatch.decode.Frames.OUTER_B4;
import static io.banwatch.decode.Frames.OUTER_B6;
import static io.banwatch.decode.Frames.UDP;
import static io.banwatch.decode.Frames.concat;
import static io.banwatch.decode.Frames.dnsQueryUdp4;
import static io.banwatch.decode.Frames.ethernet;
import static io.banwatch.decode.Frames.ipv4;
import static io.banwatch.decode.Frames.ipv6;
import static io.banwatch.decode.Frames.tlsTcp4;
import static io.banwatch.decode.Frames.tlsTcp6;
import static io.banwatch.decode.Frames.udp;
import static io.banwatch.decode.Frames.writer;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TunnelTest {

    private static final int GRE = 47;

    private final DecoderHarness h = new DecoderHarness();

    /** RFC 2784/2890 GRE header: the flags word, the protocol, then checksum, key and sequence when flagged. */
    static byte[] gre(int flags, int protocol, long key, long sequence, byte[] payload) {
        Frames.Writer writer = writer().u16(flags).u16(protocol);
        if ((flags & 0x8000) != 0) {
            writer.u32(0);
        }
        if ((flags & 0x2000) != 0) {
            writer.u32(key);
        }
        if ((flags & 0x1000) != 0) {
            writer.u32(sequence);
        }
        return writer.bytes(payload).build();
    }

    static byte[] vxlan(int vni, byte[] innerFrame) {
        return concat(writer().u8(0x08).u24(0).u24(vni).u8(0).build(), innerFrame);
    }

    @Nested
    class Gre {
        @Test
        void ipv4WithChecksumAndKey() {
            byte[] packet = ipv4(OUTER_A4, OUTER_B4, GRE, gre(0xa000, 0x0800, 0xdeadbeefL, 0, tlsTcp4()));
            assertThat(h.decode(LinkType.RAW, packet)).isTrue();
            h.assertTlsTcp4();
            assertThat(h.out.tunnelId).isEqualTo(0xdeadbeefL);
        }

        @Test
        void ipv6WithoutOptionalFields() {
            assertThat(h.decode(LinkType.RAW, ipv6(OUTER_A6, OUTER_B6, GRE, gre(0, 0x86dd, 0, 0, tlsTcp6()))))
                    .isTrue();
            h.assertTlsTcp6();
            assertThat(h.out.tunnelId).isEqualTo(-1);
        }

        @Test
        void transparentEthernetBridging() {
            byte[] inner = ethernet(0x0800, tlsTcp4(), 0x8100, 33);
            byte[] frame = ethernet(0x0800, ipv4(OUTER_A4, OUTER_B4, GRE, gre(0x2000, 0x6558, 7, 0, inner)));
            assertThat(h.decode(LinkType.ETHERNET, frame)).isTrue();
            h.assertTlsTcp4();
            assertThat(h.out.vlanId).isEqualTo(33);
            assertThat(h.out.tunnelId).isEqualTo(7);
        }

        @Test
        void outerVlanWinsOverInnerVlan() {
            byte[] inner = ethernet(0x0800, tlsTcp4(), 0x8100, 33);
            byte[] frame = ethernet(0x0800, ipv4(OUTER_A4, OUTER_B4, GRE, gre(0, 0x6558, 0, 0, inner)), 0x8100, 5);
            assertThat(h.decode(LinkType.ETHERNET, frame)).isTrue();
            assertThat(h.out.vlanId).isEqualTo(5);
        }

        @Test
        void unsupportedVariantsAreCounted() {
            assertThat(h.decode(LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, GRE, gre(0x0001, 0x880b, 0, 0, new byte[8]))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.GRE_VERSION_UNSUPPORTED)).isEqualTo(1);
            assertThat(h.decode(LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, GRE, gre(0x4000, 0x0800, 0, 0, tlsTcp4()))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.GRE_ROUTING_UNSUPPORTED)).isEqualTo(1);
        }

        @Test
        void shortHeadersAreCounted() {
            assertThat(h.decode(LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, GRE, new byte[3])))
                    .isFalse();
            assertThat(h.decode(
                            LinkType.RAW,
                            ipv4(
                                    OUTER_A4,
                                    OUTER_B4,
                                    GRE,
                                    writer().u16(0x3000).u16(0x0800).u32(1).build())))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.GRE_HEADER_TOO_SMALL)).isEqualTo(2);
        }
    }

    @Nested
    class Erspan {
        private byte[] typeTwo(int session, byte[] innerFrame) {
            return concat(writer().u16(0x1000 | 12).u16(session).u32(0).build(), innerFrame);
        }

        @Test
        void typeOneHasNoErspanHeader() {
            byte[] packet = ipv4(OUTER_A4, OUTER_B4, GRE, gre(0, 0x88be, 0, 0, ethernet(0x0800, tlsTcp4())));
            assertThat(h.decode(LinkType.RAW, packet)).isTrue();
            h.assertTlsTcp4();
        }

        @Test
        void typeTwoReportsTheSession() {
            byte[] erspan = typeTwo(0x2000 | 42, ethernet(0x86dd, tlsTcp6()));
            byte[] packet = ipv4(OUTER_A4, OUTER_B4, GRE, gre(0x1000, 0x88be, 0, 5, erspan));
            assertThat(h.decode(LinkType.RAW, packet)).isTrue();
            h.assertTlsTcp6();
            assertThat(h.out.tunnelId).isEqualTo(42);
        }

        @Test
        void typeThreeWithPlatformSubheader() {
            byte[] header = writer().u16(0x2000)
                    .u16(99)
                    .u32(123456)
                    .u16(0) // SGT
                    .u16(0x0001) // P=0 FT=0 (Ethernet) HW ID=0 D=0 Gra=0 O=1
                    .zeros(8)
                    .build();
            byte[] packet = ipv4(
                    OUTER_A4, OUTER_B4, GRE, gre(0x1000, 0x22eb, 0, 5, concat(header, ethernet(0x0800, tlsTcp4()))));
            assertThat(h.decode(LinkType.RAW, packet)).isTrue();
            h.assertTlsTcp4();
            assertThat(h.out.tunnelId).isEqualTo(99);
        }

        @Test
        void typeThreeCarryingIp() {
            byte[] header =
                    writer().u16(0x2000).u16(1).u32(0).u16(0).u16(2 << 10).build();
            byte[] packet = ipv4(OUTER_A4, OUTER_B4, GRE, gre(0x1000, 0x22eb, 0, 5, concat(header, tlsTcp6())));
            assertThat(h.decode(LinkType.RAW, packet)).isTrue();
            h.assertTlsTcp6();
        }

        @Test
        void malformedHeadersAreCounted() {
            byte[] wrongVersion = concat(writer().u16(0x2000).u16(1).u32(0).build(), ethernet(0x0800, tlsTcp4()));
            assertThat(h.decode(LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, GRE, gre(0x1000, 0x88be, 0, 1, wrongVersion))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.ERSPAN_VERSION_MISMATCH)).isEqualTo(1);
            assertThat(h.decode(LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, GRE, gre(0x1000, 0x88be, 0, 1, new byte[7]))))
                    .isFalse();
            byte[] missingSubheader =
                    writer().u16(0x2000).u16(1).u32(0).u16(0).u16(1).zeros(4).build();
            assertThat(h.decode(
                            LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, GRE, gre(0x1000, 0x22eb, 0, 1, missingSubheader))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.ERSPAN_HEADER_TOO_SMALL)).isEqualTo(2);
        }
    }

    @Nested
    class Vxlan {
        @Test
        void innerPacketAndVni() {
            byte[] inner = ethernet(0x0800, dnsQueryUdp4());
            byte[] frame = ethernet(0x0800, ipv4(OUTER_A4, OUTER_B4, UDP, udp(49152, 4789, vxlan(5000, inner))));
            assertThat(h.decode(LinkType.ETHERNET, frame)).isTrue();
            h.assertDnsUdp4();
            assertThat(h.out.tunnelId).isEqualTo(5000);
        }

        @Test
        void innerArpIsSkippedSilently() {
            byte[] inner = ethernet(0x0806, new byte[28]);
            assertThat(h.decode(LinkType.RAW, ipv6(OUTER_A6, OUTER_B6, UDP, udp(49152, 4789, vxlan(1, inner)))))
                    .isFalse();
            assertThat(h.anomalies.total()).isZero();
        }

        @Test
        void aReplyFromAServicePortToClientPort4789IsPlainUdp() {
            byte[] dnsAnswer = {0x12, 0x34, (byte) 0x81, (byte) 0x80, 0, 1, 0, 1, 0, 0, 0, 0};
            assertThat(h.decode(LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, UDP, udp(53, 4789, dnsAnswer))))
                    .isTrue();
            assertThat(h.out.tunnelId).isEqualTo(-1);
            assertThat(h.out.payloadLength).isEqualTo(dnsAnswer.length);
            assertThat(h.anomalies.total()).isZero();
        }

        @Test
        void malformedHeadersAreCounted() {
            byte[] noFlag = writer().u8(0)
                    .u24(0)
                    .u24(1)
                    .u8(0)
                    .bytes(ethernet(0x0800, tlsTcp4()))
                    .build();
            assertThat(h.decode(LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, UDP, udp(50000, 4789, noFlag))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.VXLAN_VNI_FLAG_MISSING)).isEqualTo(1);
            assertThat(h.decode(LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, UDP, udp(50000, 4789, new byte[7]))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.VXLAN_HEADER_TOO_SMALL)).isEqualTo(1);
        }
    }

    @Nested
    class Geneve {
        private byte[] geneve(int optionWords, int protocol, int vni, byte[] payload) {
            return writer().u8(optionWords)
                    .u8(0)
                    .u16(protocol)
                    .u24(vni)
                    .u8(0)
                    .zeros(optionWords * 4)
                    .bytes(payload)
                    .build();
        }

        @Test
        void ethernetAfterOptions() {
            byte[] payload = geneve(2, 0x6558, 77, ethernet(0x86dd, tlsTcp6()));
            assertThat(h.decode(LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, UDP, udp(50000, 6081, payload))))
                    .isTrue();
            h.assertTlsTcp6();
            assertThat(h.out.tunnelId).isEqualTo(77);
        }

        @Test
        void ipDirectly() {
            byte[] payload = geneve(0, 0x0800, 78, tlsTcp4());
            assertThat(h.decode(LinkType.RAW, ipv6(OUTER_A6, OUTER_B6, UDP, udp(50000, 6081, payload))))
                    .isTrue();
            h.assertTlsTcp4();
            assertThat(h.out.tunnelId).isEqualTo(78);
        }

        @Test
        void malformedHeadersAreCounted() {
            byte[] versionOne = geneve(0, 0x0800, 1, tlsTcp4());
            versionOne[0] = 0x40;
            assertThat(h.decode(LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, UDP, udp(50000, 6081, versionOne))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.GENEVE_VERSION_UNSUPPORTED)).isEqualTo(1);
            byte[] longOptions =
                    writer().u8(10).u8(0).u16(0x0800).u32(0).zeros(8).build();
            assertThat(h.decode(LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, UDP, udp(50000, 6081, longOptions))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.GENEVE_OPTIONS_TRUNCATED)).isEqualTo(1);
            assertThat(h.decode(LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, UDP, udp(50000, 6081, new byte[7]))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.GENEVE_HEADER_TOO_SMALL)).isEqualTo(1);
        }
    }
}
