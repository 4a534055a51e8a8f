package io.banwatch.decode;

import static io.banwatch.decode.Frames.CLIENT4;
import static io.banwatch.decode.Frames.CLIENT6;
import static io.banwatch.decode.Frames.SERVER4;
import static io.banwatch.decode.Frames.SERVER6;
import static io.banwatch.decode.Frames.TCP;
import static io.banwatch.decode.Frames.UDP;
import static io.banwatch.decode.Frames.ipv4;
import static io.banwatch.decode.Frames.ipv6;
import static io.banwatch.decode.Frames.synOptions;
import static io.banwatch.decode.Frames.tcp;
import static io.banwatch.decode.Frames.text;
import static io.banwatch.decode.Frames.udpWithLength;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TransportTest {

    private final DecoderHarness h = new DecoderHarness();

    @Nested
    class Udp {
        @Test
        void lengthOfEightMeansAnEmptyPayload() {
            assertThat(h.decode(LinkType.RAW, ipv4(CLIENT4, SERVER4, UDP, udpWithLength(1, 2, 8, text("junk")))))
                    .isTrue();
            assertThat(h.out.transport).isEqualTo(DecodedPacket.UDP);
            assertThat(h.out.payloadLength).isZero();
            assertThat(h.anomalies.total()).isZero();
        }

        @Test
        void shorterUdpLengthWinsOverIpPayload() {
            assertThat(h.decode(LinkType.RAW, ipv6(CLIENT6, SERVER6, UDP, udpWithLength(1, 2, 11, text("abcdef")))))
                    .isTrue();
            assertThat(h.payloadText()).isEqualTo("abc");
        }

        @Test
        void longerUdpLengthIsCountedAndWhatIsThereIsUsed() {
            assertThat(h.decode(LinkType.RAW, ipv4(CLIENT4, SERVER4, UDP, udpWithLength(1, 2, 100, text("abc")))))
                    .isTrue();
            assertThat(h.payloadText()).isEqualTo("abc");
            assertThat(h.count(DecodeAnomaly.UDP_LENGTH_EXCEEDS_PACKET)).isEqualTo(1);
        }

        @Test
        void lengthBelowHeaderIsCounted() {
            assertThat(h.decode(LinkType.RAW, ipv4(CLIENT4, SERVER4, UDP, udpWithLength(1, 2, 7, text("abc")))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.UDP_LENGTH_INVALID)).isEqualTo(1);
        }

        @Test
        void shortHeaderIsCounted() {
            assertThat(h.decode(LinkType.RAW, ipv4(CLIENT4, SERVER4, UDP, new byte[7])))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.UDP_HEADER_TOO_SMALL)).isEqualTo(1);
        }
    }

    @Nested
    class Tcp {
        @Test
        void payloadStartsAfterOptions() {
            byte[] segment = tcp(40000, 80, 0xfffffffeL, 0, DecodedPacket.SYN, synOptions(), text("GET"));
            assertThat(h.decode(LinkType.RAW, ipv4(CLIENT4, SERVER4, TCP, segment)))
                    .isTrue();
            assertThat(h.out.sequence).isEqualTo(0xfffffffeL);
            assertThat(h.out.acknowledgement).isZero();
            assertThat(h.out.hasFlag(DecodedPacket.SYN)).isTrue();
            assertThat(h.out.hasFlag(DecodedPacket.ACK)).isFalse();
            assertThat(h.out.payloadOffset).isEqualTo(20 + 32);
            assertThat(h.payloadText()).isEqualTo("GET");
        }

        @Test
        void allFlagBitsAreKept() {
            byte[] segment = tcp(1, 2, 3, 4, 0xff, new byte[0], new byte[0]);
            assertThat(h.decode(LinkType.RAW, ipv6(CLIENT6, SERVER6, TCP, segment)))
                    .isTrue();
            assertThat(h.out.tcpFlags).isEqualTo(0xff);
            assertThat(h.out.payloadLength).isZero();
        }

        @Test
        void dataOffsetBelowFiveIsCounted() {
            byte[] segment = tcp(1, 2, 3, 4, 0x10, new byte[0], text("x"));
            segment[12] = 0x40;
            assertThat(h.decode(LinkType.RAW, ipv4(CLIENT4, SERVER4, TCP, segment)))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.TCP_DATA_OFFSET_INVALID)).isEqualTo(1);
        }

        @Test
        void dataOffsetBeyondSegmentIsCounted() {
            byte[] segment = tcp(1, 2, 3, 4, 0x10, new byte[0], new byte[8]);
            segment[12] = (byte) 0xf0;
            assertThat(h.decode(LinkType.RAW, ipv4(CLIENT4, SERVER4, TCP, segment)))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.TCP_DATA_OFFSET_BEYOND_SEGMENT)).isEqualTo(1);
        }

        @Test
        void shortHeaderIsCounted() {
            byte[] segment = tcp(1, 2, 3, 4, 0x10, new byte[0], new byte[0]);
            assertThat(h.decode(LinkType.RAW, ipv4(CLIENT4, SERVER4, TCP, Arrays.copyOf(segment, 19))))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.TCP_HEADER_TOO_SMALL)).isEqualTo(1);
        }
    }
}
