package io.banwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaptureStatsDropsTest {

    @Test
    void dropsOfAReopenedHandleAddToThoseOfTheClosedOne() {
        CaptureStats stats = new CaptureStats("eth1");
        stats.drops(5, 2);

        stats.newHandle();
        stats.drops(0, 0);
        assertThat(stats.kernelDrops()).isEqualTo(5);
        assertThat(stats.interfaceDrops()).isEqualTo(2);

        stats.drops(3, 1);
        assertThat(stats.kernelDrops()).isEqualTo(8);
        assertThat(stats.interfaceDrops()).isEqualTo(3);
    }

    @Test
    void withoutANewHandleDropsAreLibpcapsCumulativeCounters() {
        CaptureStats stats = new CaptureStats("eth1");
        stats.drops(5, 2);
        stats.drops(7, 2);
        assertThat(stats.kernelDrops()).isEqualTo(7);
    }
}
