package io.banwatch.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code replay --realtime}: packets leave at the pace they were captured, with long silences shortened. */
class RealtimePacerTest {

    private static final long MILLIS = 1_000_000L;

    @Test
    void keepsTheGapsBetweenPackets() {
        List<Long> passed = new ArrayList<>();
        RealtimePacer pacer = new RealtimePacer((type, data, length, wire, ts) -> passed.add(System.nanoTime()));
        long start = 1_727_600_000_000_000_000L;
        for (int i = 0; i < 4; i++) {
            pacer.onPacket(1, new byte[0], 0, 0, start + i * 40 * MILLIS);
        }
        assertThat(passed).hasSize(4);
        for (int i = 1; i < passed.size(); i++) {
            assertThat(passed.get(i) - passed.get(i - 1)).isGreaterThanOrEqualTo(40 * MILLIS);
        }
    }

    @Test
    void packetsOutOfTimeOrderAreNotDelayed() {
        List<Long> passed = new ArrayList<>();
        RealtimePacer pacer = new RealtimePacer((type, data, length, wire, ts) -> passed.add(System.nanoTime()));
        long began = System.nanoTime();
        pacer.onPacket(1, new byte[0], 0, 0, 10_000 * MILLIS);
        pacer.onPacket(1, new byte[0], 0, 0, 9_000 * MILLIS);
        assertThat(passed).hasSize(2);
        assertThat(passed.get(1) - began).isLessThan(1_000 * MILLIS);
    }
}
