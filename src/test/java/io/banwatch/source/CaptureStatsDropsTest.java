package io.banwatch.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aGroupSumsItsMembersPacketsAndKernelDropsButNotTheInterfacesOwnDrops() {
        CaptureStats group = CaptureStats.group("eth1", 2);
        assertThat(group.parts()).isEqualTo(2);
        group.part(0).packet(100, 5_000);
        group.part(0).packet(60, 7_000);
        group.part(1).packet(40, 6_000);
        group.part(1).anomaly(CaptureAnomaly.EMPTY_RECORD);
        // Each socket's ps_drop is its own; ps_ifdrop is the interface's rx_dropped, the same for every handle.
        group.part(0).drops(3, 10);
        group.part(1).drops(4, 11);

        assertThat(group.packets()).isEqualTo(3);
        assertThat(group.bytes()).isEqualTo(200);
        assertThat(group.anomalies(CaptureAnomaly.EMPTY_RECORD)).isEqualTo(1);
        assertThat(group.lastPacketTimestampNanos()).isEqualTo(7_000);
        assertThat(group.kernelDrops()).isEqualTo(7);
        assertThat(group.interfaceDrops()).isEqualTo(11);
    }

    @Test
    void aReopenedGroupKeepsCountingWhereItsMembersStopped() {
        CaptureStats group = CaptureStats.group("eth1", 2);
        group.part(0).drops(3, 0);
        group.part(1).drops(4, 0);
        group.newHandle();
        group.part(0).drops(1, 0);
        group.part(1).drops(0, 0);
        assertThat(group.kernelDrops()).isEqualTo(8);
    }

    @Test
    void plainStatsAreTheirOwnOnlyPart() {
        CaptureStats stats = new CaptureStats("eth1");
        assertThat(stats.parts()).isEqualTo(1);
        assertThat(stats.part(0)).isSameAs(stats);
        assertThatThrownBy(() -> CaptureStats.group("eth1", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
