package io.banwatch.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.DecodedPacket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Destination Unreachable messages (RFC 792, RFC 4443 section 3.1) and the packet they quote; never throws. */
class IcmpErrorTest {

    private final IcmpError icmp = new IcmpError();

    @Test
    void readsTheQuotedIpv4HeaderAndPorts() {
        DecodedPacket packet = Packets.unreachable(DecodedPacket.TCP, 443, Packets.T0);
        assertThat(icmp.read(packet)).isEqualTo(IcmpError.Read.UNREACHABLE);
        assertThat(icmp.ipVersion).isEqualTo(4);
        assertThat(icmp.transport).isEqualTo(DecodedPacket.TCP);
        assertThat(icmp.sourcePort).isEqualTo(Packets.CLIENT_PORT);
        assertThat(icmp.destinationPort).isEqualTo(443);
    }

    @Test
    void readsAnIcmpv6Quote() {
        DecodedPacket packet = new DecodedPacket();
        packet.transport = DecodedPacket.ICMPV6;
        byte[] message = new byte[8 + 40 + 8];
        message[0] = 1; // Destination Unreachable
        message[1] = 1; // administratively prohibited
        message[8] = 0x60;
        message[8 + 6] = 17;
        message[8 + 8 + 15] = 2; // source ::2
        message[8 + 24 + 15] = 1; // destination ::1
        message[48] = (byte) 0xc3;
        message[49] = 0x50; // 50000
        message[50] = 1;
        message[51] = (byte) 0xbb; // 443
        packet.data = message;
        packet.payloadLength = message.length;
        assertThat(icmp.read(packet)).isEqualTo(IcmpError.Read.UNREACHABLE);
        assertThat(icmp.ipVersion).isEqualTo(6);
        assertThat(icmp.transport).isEqualTo(DecodedPacket.UDP);
        assertThat(icmp.source[15]).isEqualTo((byte) 2);
        assertThat(icmp.sourcePort).isEqualTo(50_000);
        assertThat(icmp.destinationPort).isEqualTo(443);
    }

    @Test
    void otherMessagesAreNotErrorsOfInterest() {
        DecodedPacket echo = Packets.unreachable(DecodedPacket.TCP, 443, Packets.T0);
        echo.data[0] = 8;
        assertThat(icmp.read(echo)).isEqualTo(IcmpError.Read.OTHER);
    }

    @Test
    void everyCutBeforeThePortsIsTooShortAndNeverThrows() {
        DecodedPacket whole = Packets.unreachable(DecodedPacket.TCP, 443, Packets.T0);
        int needed = 8 + 20 + 4; // ICMP header, quoted IPv4 header, the ports
        for (int length = 0; length < needed; length++) {
            DecodedPacket cut = Packets.unreachable(DecodedPacket.TCP, 443, Packets.T0);
            cut.data = Arrays.copyOf(whole.data, length);
            cut.payloadLength = length;
            assertThat(icmp.read(cut)).as("cut at %d", length).isEqualTo(IcmpError.Read.TOO_SHORT);
        }
    }
}
