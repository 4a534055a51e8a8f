package io.banwatch.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DecoderRobustnessTest {

    private static final int MUTATIONS = 50_000;

    static List<ValidFrames.Sample> samples() {
        return ValidFrames.all();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyValidFrameDecodes(ValidFrames.Sample sample) {
        DecoderHarness h = new DecoderHarness();
        // A fragment completes only after its earlier siblings, which share its name in the corpus.
        for (ValidFrames.Sample sibling : ValidFrames.all()) {
            if (Arrays.equals(sibling.frame(), sample.frame())) {
                break;
            }
            if (sibling.name().equals(sample.name())) {
                h.decode(sibling.linkType(), sibling.frame());
            }
        }
        boolean decoded = h.decode(sample.linkType(), sample.frame());
        boolean firstFragment = sample.name().endsWith("fragment") && h.decoder.fragmentedDatagramsInProgress() > 0;
        assertThat(decoded || firstFragment).as(sample.name()).isTrue();
        assertThat(h.anomalies.total()).isZero();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyTruncationIsCountedOrDecodedConsistently(ValidFrames.Sample sample) {
        DecoderHarness h = new DecoderHarness();
        byte[] frame = sample.frame();
        for (int length = 0; length < frame.length; length++) {
            long before = h.anomalies.total();
            boolean decoded = h.decoder.decode(sample.linkType(), frame, length, frame.length, 0, h.out);
            if (decoded) {
                assertWindowInBounds(h.out, frame, length);
            } else {
                assertThat(h.anomalies.total())
                        .as("%s cut to %d bytes", sample.name(), length)
                        .isGreaterThan(before);
            }
        }
    }

    @Test
    void randomBitFlipsAndTruncationsNeverThrowOrEscapeTheCapture() {
        List<ValidFrames.Sample> samples = ValidFrames.all();
        Random random = new Random(20240929);
        DecoderHarness h = new DecoderHarness();
        int decodedCount = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            ValidFrames.Sample sample = samples.get(random.nextInt(samples.size()));
            byte[] frame = sample.frame().clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int bit = random.nextInt(frame.length * 8);
                frame[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(frame.length + 1) : frame.length;
            int linkType = random.nextInt(20) == 0 ? random.nextInt(300) : sample.linkType();
            long time = DecoderHarness.T0 + i * 1_000_000L;
            boolean[] decoded = new boolean[1];
            assertThatCode(() -> decoded[0] = h.decoder.decode(linkType, frame, length, length, time, h.out))
                    .as("mutation %d of %s", i, sample.name())
                    .doesNotThrowAnyException();
            if (decoded[0]) {
                decodedCount++;
                assertWindowInBounds(h.out, frame, length);
            }
            assertThat(h.decoder.fragmentBytesBuffered()).isLessThanOrEqualTo(FragmentLimits.DEFAULTS.maxBytes());
        }
        // Most single-bit flips leave a decodable packet: the property must be exercised on both outcomes.
        assertThat(decodedCount).isBetween(MUTATIONS / 10, MUTATIONS - MUTATIONS / 10);
    }

    @Test
    void theNonFragmentPathAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        DecoderHarness h = new DecoderHarness();
        List<ValidFrames.Sample> samples = ValidFrames.all().stream()
                .filter(sample -> !sample.name().endsWith("fragment"))
                .toList();
        ValidFrames.Sample[] array = samples.toArray(ValidFrames.Sample[]::new);
        for (int round = 0; round < 2_000; round++) {
            decodeAll(h, array);
        }
        long threadId = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(threadId);
        for (int round = 0; round < 2_000; round++) {
            decodeAll(h, array);
        }
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        // Some hundred bytes are the measurement's own; one allocation per packet would be over 1 MB.
        assertThat(allocated).isLessThan(16_384);
    }

    private static void decodeAll(DecoderHarness h, ValidFrames.Sample[] samples) {
        for (ValidFrames.Sample sample : samples) {
            byte[] frame = sample.frame();
            h.decoder.decode(sample.linkType(), frame, frame.length, frame.length, 0, h.out);
        }
    }

    private static void assertWindowInBounds(DecodedPacket out, byte[] frame, int captureLength) {
        assertThat(out.transport).isIn(DecodedPacket.TCP, DecodedPacket.UDP, DecodedPacket.ICMP, DecodedPacket.ICMPV6);
        assertThat(out.ipVersion).isIn(4, 6);
        assertThat(out.data).isNotNull();
        assertThat(out.payloadOffset).isNotNegative();
        assertThat(out.payloadLength).isNotNegative();
        int limit = out.data == frame ? captureLength : out.data.length;
        assertThat(out.payloadOffset + out.payloadLength).isLessThanOrEqualTo(limit);
        assertThat(out.sourcePort).isBetween(0, 65535);
        assertThat(out.destinationPort).isBetween(0, 65535);
    }
}
