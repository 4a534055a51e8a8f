package io.banwatch.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class PacketFanoutTest {

    @Test
    void theOptionHoldsTheIdLowAndTheModeAndFlagsHigh() {
        // packet(7): "the fanout mode and flags in the high 16 bits and the group id in the low 16 bits"
        assertThat(PacketFanout.argument(0x1234, PacketFanout.HASH)).isEqualTo(0x0000_1234);
        assertThat(PacketFanout.argument(0x1234, PacketFanout.MODE)).isEqualTo(0x8000_1234);
        assertThat(PacketFanout.argument(0, PacketFanout.MODE | PacketFanout.FLAG_UNIQUEID))
                .isEqualTo(0xA000_0000);
        assertThat(PacketFanout.argument(0xFFFF, PacketFanout.MODE)).isEqualTo(0x8000_FFFF);
    }

    @Test
    void anIdBeyondSixteenBitsDoesNotSpillIntoTheMode() {
        assertThat(PacketFanout.argument(0x1_0005, PacketFanout.MODE)).isEqualTo(0x8000_0005);
        assertThat(PacketFanout.argument(-1, PacketFanout.HASH)).isEqualTo(0x0000_FFFF);
    }

    @Test
    void theConstantsAreLinuxs() {
        // linux/socket.h and linux/if_packet.h
        assertThat(PacketFanout.SOL_PACKET).isEqualTo(263);
        assertThat(PacketFanout.PACKET_FANOUT).isEqualTo(18);
        assertThat(PacketFanout.HASH).isZero();
        assertThat(PacketFanout.FLAG_UNIQUEID).isEqualTo(0x2000);
        assertThat(PacketFanout.FLAG_DEFRAG).isEqualTo(0x8000);
    }

    @Test
    void theGroupIdIsReadFromTheLow16BitsOfGetsockopt() {
        // af_packet.c: id | type << 16 | flags << 24
        assertThat(PacketFanout.groupId(0x8000_0BAD)).isEqualTo(0x0BAD);
        assertThat(PacketFanout.groupId(0x0000_0001)).isEqualTo(1);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aRefusalNamesTheInterfaceTheErrnoAndWhatToDo() {
        String message = PacketFanout.refused("eth1", 2, 22).getMessage();
        assertThat(message)
                .startsWith("eth1: the kernel refused PACKET_FANOUT for capture.fanout 2 (errno 22, EINVAL: Invalid "
                        + "argument): a kernel before Linux 4.2")
                .endsWith("; set capture.fanout: 1 to capture this interface with one thread")
                .doesNotContain("\n");
        assertThat(PacketFanout.refused("eth1", 4, 92).getMessage())
                .contains("(errno 92, ENOPROTOOPT: Protocol not available): this kernel has no PACKET_FANOUT");
        assertThat(PacketFanout.refused("eth1", 4, 5).getMessage()).contains("(errno 5: Input/output error);");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aRealSetsockoptFailureReachesTheMessageWithItsErrno() {
        // No process has a descriptor this high open: setsockopt(2) fails with EBADF (9).
        assertThatThrownBy(() -> PacketFanout.create(1_000_000, "eth9", 2))
                .isInstanceOf(CaptureException.class)
                .hasMessageStartingWith(
                        "eth9: the kernel refused PACKET_FANOUT for capture.fanout 2 (errno 9: Bad file descriptor)");
    }
}
