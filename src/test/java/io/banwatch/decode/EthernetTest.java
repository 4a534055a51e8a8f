package io.banwatch.decode;

import static io.banwatch.decode.Frames.concat;
import static io.banwatch.decode.Frames.dnsQueryUdp4;
import static io.banwatch.decode.Frames.ethernet;
import static io.banwatch.decode.Frames.tlsTcp4;
import static io.banwatch.decode.Frames.tlsTcp6;
import static io.banwatch.decode.Frames.writer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EthernetTest {

    private final DecoderHarness h = new DecoderHarness();

    @Test
    void shortHeaderIsCounted() {
        assertThat(h.decode(LinkType.ETHERNET, new byte[13])).isFalse();
        assertThat(h.count(DecodeAnomaly.ETHERNET_HEADER_TOO_SMALL)).isEqualTo(1);
    }

    @Test
    void arpIsSkippedSilently() {
        assertThat(h.decode(LinkType.ETHERNET, ethernet(0x0806, new byte[28]))).isFalse();
        assertThat(h.anomalies.total()).isZero();
    }

    @Test
    void paddingIsNotPayload() {
        byte[] frame = ethernet(0x0800, dnsQueryUdp4());
        byte[] padded = Arrays.copyOf(frame, frame.length + 20);
        Arrays.fill(padded, frame.length, padded.length, (byte) 0xee);
        assertThat(h.decode(LinkType.ETHERNET, padded)).isTrue();
        h.assertDnsUdp4();
        assertThat(h.anomalies.total()).isZero();
    }

    @Test
    void ipv6PaddingIsNotPayload() {
        byte[] frame = ethernet(0x86dd, tlsTcp6());
        assertThat(h.decode(LinkType.ETHERNET, Arrays.copyOf(frame, frame.length + 6)))
                .isTrue();
        h.assertTlsTcp6();
    }

    @Nested
    class Vlan {
        @Test
        void singleTag() {
            assertThat(h.decode(LinkType.ETHERNET, ethernet(0x0800, tlsTcp4(), 0x8100, 10)))
                    .isTrue();
            h.assertTlsTcp4();
            assertThat(h.out.vlanId).isEqualTo(10);
        }

        @Test
        void qinqReportsTheOuterTag() {
            assertThat(h.decode(LinkType.ETHERNET, ethernet(0x86dd, tlsTcp6(), 0x88a8, 100, 0x8100, 10)))
                    .isTrue();
            h.assertTlsTcp6();
            assertThat(h.out.vlanId).isEqualTo(100);
        }

        @Test
        void legacyQinqTag() {
            assertThat(h.decode(LinkType.ETHERNET, ethernet(0x0800, tlsTcp4(), 0x9100, 4000, 0x8100, 5)))
                    .isTrue();
            assertThat(h.out.vlanId).isEqualTo(4000);
        }

        @Test
        void eightTagsAreAcceptedNineAreNot() {
            int[] eight = new int[16];
            for (int i = 0; i < 8; i++) {
                eight[2 * i] = 0x8100;
                eight[2 * i + 1] = i + 1;
            }
            assertThat(h.decode(LinkType.ETHERNET, ethernet(0x0800, tlsTcp4(), eight)))
                    .isTrue();
            assertThat(h.out.vlanId).isEqualTo(1);
            int[] nine = Arrays.copyOf(eight, 18);
            nine[16] = 0x8100;
            nine[17] = 9;
            assertThat(h.decode(LinkType.ETHERNET, ethernet(0x0800, tlsTcp4(), nine)))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.VLAN_TOO_MANY_TAGS)).isEqualTo(1);
        }

        @Test
        void truncatedTagIsCounted() {
            byte[] frame = ethernet(0x8100, new byte[] {0, 10, 8});
            assertThat(h.decode(LinkType.ETHERNET, frame)).isFalse();
            assertThat(h.count(DecodeAnomaly.VLAN_HEADER_TOO_SMALL)).isEqualTo(1);
        }
    }

    @Nested
    class Pppoe {
        private byte[] session(int versionType, int protocol, byte[] payload) {
            return writer().u8(versionType)
                    .u8(0)
                    .u16(0x0042)
                    .u16(2 + payload.length)
                    .u16(protocol)
                    .bytes(payload)
                    .build();
        }

        @Test
        void ipv4AndIpv6Sessions() {
            assertThat(h.decode(LinkType.ETHERNET, ethernet(0x8864, session(0x11, 0x0021, tlsTcp4()))))
                    .isTrue();
            h.assertTlsTcp4();
            assertThat(h.decode(LinkType.ETHERNET, ethernet(0x8864, session(0x11, 0x0057, tlsTcp6()), 0x8100, 3)))
                    .isTrue();
            h.assertTlsTcp6();
            assertThat(h.out.vlanId).isEqualTo(3);
        }

        @Test
        void wrongVersionIsCounted() {
            assertThat(h.decode(LinkType.ETHERNET, ethernet(0x8864, session(0x12, 0x0021, tlsTcp4()))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.PPPOE_VERSION_UNSUPPORTED)).isEqualTo(1);
        }

        @Test
        void shortHeadersAreCounted() {
            assertThat(h.decode(LinkType.ETHERNET, ethernet(0x8864, new byte[] {0x11, 0, 0, 1, 0})))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.PPPOE_HEADER_TOO_SMALL)).isEqualTo(1);
            assertThat(h.decode(LinkType.ETHERNET, ethernet(0x8864, new byte[] {0x11, 0, 0, 1, 0, 2, 0})))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.PPP_HEADER_TOO_SMALL)).isEqualTo(1);
        }
    }

    @Nested
    class Mpls {
        private byte[] label(int label, boolean bottom) {
            return writer().u24((label << 4) | (bottom ? 1 : 0)).u8(64).build();
        }

        @Test
        void labelStackThenIpByNibble() {
            assertThat(h.decode(
                            LinkType.ETHERNET,
                            ethernet(0x8847, concat(label(100, false), label(200, true), tlsTcp4()))))
                    .isTrue();
            h.assertTlsTcp4();
            assertThat(h.decode(LinkType.ETHERNET, ethernet(0x8847, concat(label(16, true), tlsTcp6()))))
                    .isTrue();
            h.assertTlsTcp6();
        }

        @Test
        void tooManyLabelsAreCounted() {
            byte[] stack = new byte[0];
            for (int i = 0; i < 9; i++) {
                stack = concat(stack, label(i + 16, i == 8));
            }
            assertThat(h.decode(LinkType.ETHERNET, ethernet(0x8847, concat(stack, tlsTcp4()))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.MPLS_TOO_MANY_LABELS)).isEqualTo(1);
        }

        @Test
        void pseudowireControlWordIsSkippedSilently() {
            assertThat(h.decode(LinkType.ETHERNET, ethernet(0x8847, concat(label(16, true), new byte[4], tlsTcp4()))))
                    .isFalse();
            assertThat(h.anomalies.total()).isZero();
        }

        @Test
        void truncatedStackIsCounted() {
            assertThat(h.decode(LinkType.ETHERNET, ethernet(0x8847, new byte[] {0, 1, 0})))
                    .isFalse();
            assertThat(h.decode(LinkType.ETHERNET, ethernet(0x8847, label(16, true))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.MPLS_HEADER_TOO_SMALL)).isEqualTo(2);
        }
    }
}
