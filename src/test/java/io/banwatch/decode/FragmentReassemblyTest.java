package io.banwatch.decode;

import static io.banwatch.decode.Frames.CLIENT4;
import static io.banwatch.decode.Frames.CLIENT6;
import static io.banwatch.decode.Frames.SERVER4;
import static io.banwatch.decode.Frames.SERVER6;
import static io.banwatch.decode.Frames.TCP;
import static io.banwatch.decode.Frames.UDP;
import static io.banwatch.decode.Frames.ethernet;
import static io.banwatch.decode.Frames.fragmentHeader;
import static io.banwatch.decode.Frames.ipv4;
import static io.banwatch.decode.Frames.ipv6;
import static io.banwatch.decode.Frames.optionsHeader;
import static io.banwatch.decode.Frames.tcp;
import static io.banwatch.decode.Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FragmentReassemblyTest {

    private static final long SECOND = 1_000_000_000L;
    private static final int MORE_FRAGMENTS = 0x2000;

    private DecoderHarness h = new DecoderHarness();

    static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + 3);
        }
        return bytes;
    }

    /** A UDP datagram's bytes cut at the given offsets, each piece an Ethernet + IPv4 fragment. */
    static List<byte[]> ipv4Fragments(byte[] fragmentable, int protocol, int identification, int... cuts) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i <= cuts.length; i++) {
            int start = i == 0 ? 0 : cuts[i - 1];
            int end = i == cuts.length ? fragmentable.length : cuts[i];
            int flags = (i < cuts.length ? MORE_FRAGMENTS : 0) | (start / 8);
            byte[] piece = Arrays.copyOfRange(fragmentable, start, end);
            frames.add(ethernet(0x0800, ipv4(CLIENT4, SERVER4, protocol, identification, flags, new byte[0], piece)));
        }
        return frames;
    }

    /** The same for IPv6, with a fragment header whose next header is {@code nextHeader}. */
    static List<byte[]> ipv6Fragments(byte[] fragmentable, int nextHeader, long identification, int... cuts) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i <= cuts.length; i++) {
            int start = i == 0 ? 0 : cuts[i - 1];
            int end = i == cuts.length ? fragmentable.length : cuts[i];
            byte[] piece = Arrays.copyOfRange(fragmentable, start, end);
            byte[] header = fragmentHeader(nextHeader, start, i < cuts.length, identification, piece);
            frames.add(ethernet(0x86dd, ipv6(CLIENT6, SERVER6, 44, header)));
        }
        return frames;
    }

    private static final byte[] PAYLOAD = pattern(3000);
    private static final byte[] DATAGRAM = udp(5353, 53, PAYLOAD);

    /** Feeds every frame but the last (each must wait), then returns the result of the last. */
    private boolean feed(List<byte[]> frames) {
        for (int i = 0; i < frames.size() - 1; i++) {
            assertThat(h.decode(LinkType.ETHERNET, frames.get(i)))
                    .as("fragment %d", i)
                    .isFalse();
        }
        return h.decode(LinkType.ETHERNET, frames.get(frames.size() - 1));
    }

    private void assertReassembledUdp(int ipVersion) {
        assertThat(h.out.ipVersion).isEqualTo(ipVersion);
        assertThat(h.out.transport).isEqualTo(DecodedPacket.UDP);
        assertThat(h.out.sourcePort).isEqualTo(5353);
        assertThat(h.out.destinationPort).isEqualTo(53);
        assertThat(h.payload()).containsExactly(PAYLOAD);
        assertThat(h.decoder.fragmentedDatagramsInProgress()).isZero();
        assertThat(h.decoder.fragmentBytesBuffered()).isZero();
    }

    @Nested
    class Ipv4 {
        @Test
        void inOrder() {
            assertThat(feed(ipv4Fragments(DATAGRAM, UDP, 1, 1480, 2960))).isTrue();
            assertReassembledUdp(4);
            assertThat(h.source()).containsExactly(CLIENT4);
            assertThat(h.anomalies.total()).isZero();
        }

        @Test
        void reversed() {
            List<byte[]> frames = ipv4Fragments(DATAGRAM, UDP, 2, 1480, 2960);
            Collections.reverse(frames);
            assertThat(feed(frames)).isTrue();
            assertReassembledUdp(4);
        }

        @Test
        void tcpSegment() {
            byte[] segment = tcp(50000, 443, 77, 88, 0x18, new byte[0], PAYLOAD);
            assertThat(feed(ipv4Fragments(segment, TCP, 3, 1000))).isTrue();
            assertThat(h.out.transport).isEqualTo(DecodedPacket.TCP);
            assertThat(h.out.sequence).isEqualTo(77);
            assertThat(h.payload()).containsExactly(PAYLOAD);
        }

        @Test
        void exactDuplicateIsDroppedAlone() {
            List<byte[]> frames = ipv4Fragments(DATAGRAM, UDP, 4, 1480, 2960);
            assertThat(h.decode(LinkType.ETHERNET, frames.get(0))).isFalse();
            assertThat(h.decode(LinkType.ETHERNET, frames.get(0))).isFalse();
            assertThat(h.count(DecodeAnomaly.FRAGMENT_DUPLICATE)).isEqualTo(1);
            assertThat(feed(frames.subList(1, 3))).isTrue();
            assertReassembledUdp(4);
        }

        @Test
        void overlapAbandonsTheDatagram() {
            List<byte[]> frames = ipv4Fragments(DATAGRAM, UDP, 5, 1480, 2960);
            List<byte[]> shifted = ipv4Fragments(DATAGRAM, UDP, 5, 1472, 2960);
            assertThat(h.decode(LinkType.ETHERNET, frames.get(0))).isFalse();
            assertThat(h.decode(LinkType.ETHERNET, shifted.get(1))).isFalse();
            assertThat(h.count(DecodeAnomaly.FRAGMENT_OVERLAP)).isEqualTo(1);
            assertThat(h.decode(LinkType.ETHERNET, frames.get(1))).isFalse();
            assertThat(h.decode(LinkType.ETHERNET, frames.get(2))).isFalse();
            assertThat(h.count(DecodeAnomaly.FRAGMENT_AFTER_ABANDON)).isEqualTo(2);
            assertThat(h.decoder.fragmentBytesBuffered()).isZero();
        }

        @Test
        void duplicateWithOtherContentIsAnOverlap() {
            List<byte[]> frames = ipv4Fragments(DATAGRAM, UDP, 6, 1480, 2960);
            byte[] altered = frames.get(1).clone();
            altered[altered.length - 1] ^= 1;
            h.decode(LinkType.ETHERNET, frames.get(1));
            assertThat(h.decode(LinkType.ETHERNET, altered)).isFalse();
            assertThat(h.count(DecodeAnomaly.FRAGMENT_OVERLAP)).isEqualTo(1);
        }

        @Test
        void timeoutExpiresTheDatagram() {
            List<byte[]> frames = ipv4Fragments(DATAGRAM, UDP, 7, 1480, 2960);
            long t0 = DecoderHarness.T0;
            assertThat(h.decodeAt(t0, LinkType.ETHERNET, frames.get(0))).isFalse();
            assertThat(h.decodeAt(t0 + 30 * SECOND, LinkType.ETHERNET, frames.get(1)))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.FRAGMENT_TIMEOUT)).isZero();
            assertThat(h.decodeAt(t0 + 31 * SECOND, LinkType.ETHERNET, frames.get(2)))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.FRAGMENT_TIMEOUT)).isEqualTo(1);
            assertThat(h.decoder.fragmentedDatagramsInProgress()).isEqualTo(1);
        }

        @Test
        void datagramCapEvictsTheOldest() {
            h = new DecoderHarness(new FragmentLimits(2, 1 << 20, Duration.ofSeconds(30), 16));
            List<byte[]> first = ipv4Fragments(DATAGRAM, UDP, 10, 1480);
            List<byte[]> second = ipv4Fragments(DATAGRAM, UDP, 11, 1480);
            List<byte[]> third = ipv4Fragments(DATAGRAM, UDP, 12, 1480);
            h.decode(LinkType.ETHERNET, first.get(0));
            h.decode(LinkType.ETHERNET, second.get(0));
            assertThat(h.count(DecodeAnomaly.FRAGMENT_TABLE_FULL)).isZero();
            h.decode(LinkType.ETHERNET, third.get(0));
            assertThat(h.count(DecodeAnomaly.FRAGMENT_TABLE_FULL)).isEqualTo(1);
            assertThat(h.decode(LinkType.ETHERNET, third.get(1))).isTrue();
            assertReassembledUdpPayloadOnly();
            assertThat(h.decode(LinkType.ETHERNET, second.get(1))).isTrue();
            // The first datagram was evicted: its last fragment starts a new one that waits.
            assertThat(h.decode(LinkType.ETHERNET, first.get(1))).isFalse();
            assertThat(h.decoder.fragmentedDatagramsInProgress()).isEqualTo(1);
        }

        private void assertReassembledUdpPayloadOnly() {
            assertThat(h.payload()).containsExactly(PAYLOAD);
        }

        @Test
        void byteCapEvictsTheOldest() {
            h = new DecoderHarness(new FragmentLimits(16, 6000, Duration.ofSeconds(30), 16));
            List<byte[]> first = ipv4Fragments(DATAGRAM, UDP, 20, 1480);
            List<byte[]> second = ipv4Fragments(DATAGRAM, UDP, 21, 1480);
            h.decode(LinkType.ETHERNET, first.get(0));
            assertThat(h.decoder.fragmentBytesBuffered()).isEqualTo(4096);
            h.decode(LinkType.ETHERNET, second.get(0));
            assertThat(h.count(DecodeAnomaly.FRAGMENT_MEMORY_FULL)).isEqualTo(1);
            assertThat(h.decoder.fragmentBytesBuffered()).isEqualTo(4096);
            assertThat(h.decode(LinkType.ETHERNET, second.get(1))).isTrue();
            assertThat(h.decode(LinkType.ETHERNET, first.get(1))).isFalse();
        }

        @Test
        void datagramLargerThanTheByteCapIsDropped() {
            h = new DecoderHarness(new FragmentLimits(16, 1000, Duration.ofSeconds(30), 16));
            assertThat(h.decode(
                            LinkType.ETHERNET,
                            ipv4Fragments(DATAGRAM, UDP, 22, 1480).get(0)))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.FRAGMENT_MEMORY_FULL)).isEqualTo(1);
            assertThat(h.decoder.fragmentBytesBuffered()).isZero();
        }

        @Test
        void fragmentCountIsCapped() {
            h = new DecoderHarness(new FragmentLimits(16, 1 << 20, Duration.ofSeconds(30), 2));
            List<byte[]> frames = ipv4Fragments(DATAGRAM, UDP, 23, 1000, 2000);
            assertThat(feed(frames)).isFalse();
            assertThat(h.count(DecodeAnomaly.FRAGMENT_TOO_MANY_PIECES)).isEqualTo(1);
        }

        @Test
        void fragmentsMustBeMultiplesOfEight() {
            assertThat(h.decode(
                            LinkType.ETHERNET,
                            ipv4Fragments(DATAGRAM, UDP, 24, 1001).get(0)))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.FRAGMENT_LENGTH_NOT_MULTIPLE_OF_8)).isEqualTo(1);
            assertThat(h.decoder.fragmentedDatagramsInProgress()).isZero();
        }

        @Test
        void emptyFragmentWithMoreToComeIsCounted() {
            byte[] empty = ipv4(CLIENT4, SERVER4, UDP, 25, MORE_FRAGMENTS | 10, new byte[0], new byte[0]);
            assertThat(h.decode(LinkType.RAW, empty)).isFalse();
            assertThat(h.count(DecodeAnomaly.FRAGMENT_EMPTY)).isEqualTo(1);
        }

        @Test
        void twoDifferentEndsAreInconsistent() {
            List<byte[]> frames = ipv4Fragments(DATAGRAM, UDP, 26, 1480, 2960);
            List<byte[]> shorter = ipv4Fragments(Arrays.copyOf(DATAGRAM, 2000), UDP, 26, 1480);
            h.decode(LinkType.ETHERNET, frames.get(2));
            assertThat(h.decode(LinkType.ETHERNET, shorter.get(1))).isFalse();
            assertThat(h.count(DecodeAnomaly.FRAGMENT_INCONSISTENT_END)).isEqualTo(1);
        }

        @Test
        void fragmentBeyondTheMaximumDatagramIsCounted() {
            byte[] far = ipv4(CLIENT4, SERVER4, UDP, 27, 8190, new byte[0], new byte[100]);
            assertThat(h.decode(LinkType.RAW, far)).isFalse();
            assertThat(h.count(DecodeAnomaly.FRAGMENT_TOO_LARGE)).isEqualTo(1);
        }

        @Test
        void truncatedFragmentIsNotReassembled() {
            byte[] frame = ipv4Fragments(DATAGRAM, UDP, 28, 1480).get(0);
            assertThat(h.decoder.decode(LinkType.ETHERNET, frame, frame.length - 8, frame.length, 0, h.out))
                    .isFalse();
            assertThat(h.count(DecodeAnomaly.FRAGMENT_OF_TRUNCATED_PACKET)).isEqualTo(1);
            assertThat(h.decoder.fragmentedDatagramsInProgress()).isZero();
        }

        @Test
        void interleavedDatagramsAreKeptApart() {
            List<byte[]> a = ipv4Fragments(DATAGRAM, UDP, 30, 1480);
            List<byte[]> b = ipv4Fragments(udp(1, 2, pattern(2000)), UDP, 31, 1480);
            assertThat(h.decode(LinkType.ETHERNET, a.get(0))).isFalse();
            assertThat(h.decode(LinkType.ETHERNET, b.get(1))).isFalse();
            assertThat(h.decode(LinkType.ETHERNET, b.get(0))).isTrue();
            assertThat(h.payload()).containsExactly(pattern(2000));
            assertThat(h.decode(LinkType.ETHERNET, a.get(1))).isTrue();
            assertThat(h.payload()).containsExactly(PAYLOAD);
        }

        @Test
        void sameIdentificationOfAnotherProtocolIsAnotherDatagram() {
            List<byte[]> udpFragments = ipv4Fragments(DATAGRAM, UDP, 32, 1480);
            List<byte[]> tcpFragments = ipv4Fragments(tcp(1, 2, 3, 4, 0x10, new byte[0], PAYLOAD), TCP, 32, 1480);
            h.decode(LinkType.ETHERNET, udpFragments.get(0));
            h.decode(LinkType.ETHERNET, tcpFragments.get(0));
            assertThat(h.decoder.fragmentedDatagramsInProgress()).isEqualTo(2);
            assertThat(h.decode(LinkType.ETHERNET, udpFragments.get(1))).isTrue();
            assertThat(h.out.transport).isEqualTo(DecodedPacket.UDP);
            assertThat(h.anomalies.total()).isZero();
        }
    }

    @Nested
    class Ipv6 {
        @Test
        void inOrderAndReversed() {
            assertThat(feed(ipv6Fragments(DATAGRAM, UDP, 0x10000001L, 1232, 2464)))
                    .isTrue();
            assertReassembledUdp(6);
            assertThat(h.source()).containsExactly(CLIENT6);
            List<byte[]> frames = ipv6Fragments(DATAGRAM, UDP, 0x10000002L, 1232, 2464);
            Collections.reverse(frames);
            assertThat(feed(frames)).isTrue();
            assertReassembledUdp(6);
            assertThat(h.anomalies.total()).isZero();
        }

        @Test
        void nextHeaderComesFromTheFirstFragment() {
            List<byte[]> frames = ipv6Fragments(DATAGRAM, UDP, 3, 1232);
            List<byte[]> otherNext = ipv6Fragments(DATAGRAM, 59, 3, 1232);
            assertThat(h.decode(LinkType.ETHERNET, otherNext.get(1))).isFalse();
            assertThat(h.decode(LinkType.ETHERNET, frames.get(0))).isTrue();
            assertReassembledUdp(6);
        }

        @Test
        void extensionHeadersAfterTheFragmentHeader() {
            byte[] fragmentable = optionsHeader(UDP, 0, DATAGRAM);
            assertThat(feed(ipv6Fragments(fragmentable, 60, 4, 1232))).isTrue();
            assertReassembledUdp(6);
        }

        @Test
        void overlapAndDuplicate() {
            List<byte[]> frames = ipv6Fragments(DATAGRAM, UDP, 5, 1232, 2464);
            h.decode(LinkType.ETHERNET, frames.get(1));
            h.decode(LinkType.ETHERNET, frames.get(1));
            assertThat(h.count(DecodeAnomaly.FRAGMENT_DUPLICATE)).isEqualTo(1);
            h.decode(LinkType.ETHERNET, ipv6Fragments(DATAGRAM, UDP, 5, 1240).get(0));
            assertThat(h.count(DecodeAnomaly.FRAGMENT_OVERLAP)).isEqualTo(1);
            assertThat(h.decode(LinkType.ETHERNET, frames.get(0))).isFalse();
            assertThat(h.decode(LinkType.ETHERNET, frames.get(2))).isFalse();
            assertThat(h.count(DecodeAnomaly.FRAGMENT_AFTER_ABANDON)).isEqualTo(2);
        }

        @Test
        void ipv4AndIpv6WithTheSameIdentificationAreApart() {
            List<byte[]> v4 = ipv4Fragments(DATAGRAM, UDP, 9, 1480);
            List<byte[]> v6 = ipv6Fragments(DATAGRAM, UDP, 9, 1480);
            h.decode(LinkType.ETHERNET, v4.get(0));
            assertThat(h.decode(LinkType.ETHERNET, v6.get(1))).isFalse();
            assertThat(h.decode(LinkType.ETHERNET, v4.get(1))).isTrue();
            assertReassembledUdpPayload();
            assertThat(h.decode(LinkType.ETHERNET, v6.get(0))).isTrue();
            assertReassembledUdp(6);
        }

        private void assertReassembledUdpPayload() {
            assertThat(h.out.ipVersion).isEqualTo(4);
            assertThat(h.payload()).containsExactly(PAYLOAD);
        }
    }
}
