package io.banwatch.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FlowTableTest {

    private static final long SECOND = 1_000_000_000L;

    private final AnomalyCounters anomalies = new AnomalyCounters();

    private static FlowLimits limits(int maxFlows) {
        return new FlowLimits(maxFlows, 300 * SECOND, 30 * SECOND, 8, 1 << 20);
    }

    /** A packet of client i (IPv4 10.x.y.z or IPv6 2001:db8::i) to a server, in either direction. */
    private static DecodedPacket packet(int client, boolean fromClient, boolean ipv6, long timeNanos) {
        DecodedPacket packet = new DecodedPacket();
        fill(packet, client, fromClient, ipv6, timeNanos);
        return packet;
    }

    private static void fill(DecodedPacket packet, int client, boolean fromClient, boolean ipv6, long timeNanos) {
        packet.clear();
        java.util.Arrays.fill(packet.sourceAddress, (byte) 0);
        java.util.Arrays.fill(packet.destinationAddress, (byte) 0);
        packet.timestampNanos = timeNanos;
        packet.transport = DecodedPacket.TCP;
        packet.ipVersion = ipv6 ? 6 : 4;
        byte[] clientAddress = packet.sourceAddress, serverAddress = packet.destinationAddress;
        if (!fromClient) {
            clientAddress = packet.destinationAddress;
            serverAddress = packet.sourceAddress;
        }
        if (ipv6) {
            clientAddress[0] = 0x20;
            clientAddress[1] = 0x01;
            clientAddress[13] = (byte) (client >>> 16);
            clientAddress[14] = (byte) (client >>> 8);
            clientAddress[15] = (byte) client;
            serverAddress[0] = 0x20;
            serverAddress[1] = 0x01;
            serverAddress[15] = 1;
        } else {
            clientAddress[0] = 10;
            clientAddress[1] = (byte) (client >>> 16);
            clientAddress[2] = (byte) (client >>> 8);
            clientAddress[3] = (byte) client;
            serverAddress[0] = (byte) 192;
            serverAddress[3] = 1;
        }
        int clientPort = 1024 + client % 60_000;
        packet.sourcePort = fromClient ? clientPort : 443;
        packet.destinationPort = fromClient ? 443 : clientPort;
    }

    @Nested
    class Lookup {

        @Test
        void findsOneFlowForBothDirectionsAndTellsTheSidesApart() {
            FlowTable table = new FlowTable(limits(16), anomalies);
            DecodedPacket request = packet(1, true, false, 0);
            table.advance(0);
            assertThat(table.find(request)).isNull();
            Flow flow = table.insert(request);
            boolean clientIsA = table.packetFromA();

            DecodedPacket reply = packet(1, false, false, 0);
            assertThat(table.find(reply)).isSameAs(flow);
            assertThat(table.packetFromA()).isEqualTo(!clientIsA);
            assertThat(table.find(request)).isSameAs(flow);
            assertThat(table.packetFromA()).isEqualTo(clientIsA);
            assertThat(table.activeFlows()).isEqualTo(1);
        }

        @Test
        void keepsIpv4AndIpv6AndOtherTransportsApart() {
            FlowTable table = new FlowTable(limits(16), anomalies);
            Flow v4 = table.insert(packet(1, true, false, 0));
            Flow v6 = table.insert(packet(1, true, true, 0));
            DecodedPacket udp = packet(1, true, false, 0);
            udp.transport = DecodedPacket.UDP;

            assertThat(table.find(udp)).isNull();
            assertThat(table.find(packet(1, false, true, 0))).isSameAs(v6);
            assertThat(table.find(packet(1, false, false, 0))).isSameAs(v4);
            assertThat(v4).isNotSameAs(v6);
        }

        @Test
        void keepsTheSameAddressesInTwoTunnelsApart() {
            FlowTable table = new FlowTable(limits(16), anomalies);
            DecodedPacket vpcA = packet(1, true, false, 0);
            vpcA.tunnelId = 42;
            DecodedPacket vpcB = packet(1, true, false, 0);
            vpcB.tunnelId = 77;
            Flow a = table.insert(vpcA);

            assertThat(table.find(vpcB)).isNull();
            Flow b = table.insert(vpcB);
            DecodedPacket replyInA = packet(1, false, false, 0);
            replyInA.tunnelId = 42;
            assertThat(table.find(replyInA)).isSameAs(a);
            assertThat(b).isNotSameAs(a);
        }

        @Test
        void findsManyFlowsAgainAfterRemovingEveryOtherOne() {
            FlowTable table = new FlowTable(limits(20_000), anomalies);
            List<Flow> flows = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                flows.add(table.insert(packet(i, true, i % 3 == 0, 0)));
            }
            for (int i = 0; i < 20_000; i += 2) {
                table.remove(flows.get(i));
            }
            for (int i = 0; i < 20_000; i++) {
                Flow found = table.find(packet(i, i % 5 == 0, i % 3 == 0, 0));
                assertThat(found).as("flow " + i).isEqualTo(i % 2 == 0 ? null : flows.get(i));
            }
            assertThat(table.activeFlows()).isEqualTo(10_000);
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void allocatesNothingOnLookup() {
            int count = 10_000;
            FlowTable table = new FlowTable(limits(count), anomalies);
            DecodedPacket packet = new DecodedPacket();
            for (int i = 0; i < count; i++) {
                fill(packet, i, true, i % 2 == 0, 0);
                table.insert(packet);
            }
            DecodedPacket[] lookups = new DecodedPacket[count];
            for (int i = 0; i < count; i++) {
                lookups[i] = packet(i, i % 3 == 0, i % 2 == 0, 0);
            }
            for (int warm = 0; warm < 20; warm++) {
                for (DecodedPacket lookup : lookups) {
                    table.find(lookup);
                }
            }
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().threadId();
            long before = threads.getThreadAllocatedBytes(thread);
            int found = 0;
            for (int round = 0; round < 10; round++) {
                for (DecodedPacket lookup : lookups) {
                    found += table.find(lookup) != null ? 1 : 0;
                }
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;

            assertThat(found).isEqualTo(10 * count);
            assertThat(allocated).isLessThan(1024); // 100,000 lookups: anything per lookup would be megabytes
        }
    }

    @Nested
    class Capacity {

        @Test
        void evictsTheLeastRecentlySeenFlowWhenFullAndCountsIt() {
            FlowTable table = new FlowTable(limits(3), anomalies);
            Flow first = table.insert(packet(1, true, false, 0));
            Flow second = table.insert(packet(2, true, false, 0));
            table.insert(packet(3, true, false, 0));
            table.touch(first, false);

            table.insert(packet(4, true, false, 0));

            assertThat(anomalies.get(FlowAnomaly.FLOW_TABLE_FULL)).isEqualTo(1);
            assertThat(table.activeFlows()).isEqualTo(3);
            assertThat(table.find(packet(2, true, false, 0))).isNull();
            assertThat(table.find(packet(1, true, false, 0))).isSameAs(first);
            assertThat(second.portA()).isNotZero();
        }

        @Test
        void evictsClosedFlowsBeforeOpenOnes() {
            FlowTable table = new FlowTable(limits(2), anomalies);
            Flow open = table.insert(packet(1, true, false, 0));
            Flow closing = table.insert(packet(2, true, false, 0));
            table.touch(closing, true);
            table.touch(open, false);
            table.touch(closing, false);

            table.insert(packet(3, true, false, 0));

            assertThat(table.find(packet(2, true, false, 0))).isNull();
            assertThat(table.find(packet(1, true, false, 0))).isSameAs(open);
            assertThat(closing.closing()).isFalse(); // recycled
        }
    }

    @Nested
    class IdleExpiry {

        @Test
        void expiresIdleFlowsByPacketTimeAFewPerPacket() {
            FlowTable table = new FlowTable(limits(100), anomalies);
            table.advance(0);
            for (int i = 0; i < 5; i++) {
                table.insert(packet(i, true, false, 0));
            }
            table.advance(300 * SECOND - 1);
            assertThat(table.activeFlows()).isEqualTo(5);

            table.advance(300 * SECOND);
            assertThat(table.activeFlows()).isEqualTo(5 - FlowTable.EXPIRIES_PER_PACKET);
            table.advance(300 * SECOND);
            table.advance(300 * SECOND);
            assertThat(table.activeFlows()).isZero();
        }

        @Test
        void treatsAnExpiredFlowAsGoneOnLookup() {
            FlowTable table = new FlowTable(limits(100), anomalies);
            table.advance(0);
            for (int i = 0; i < 10; i++) {
                table.insert(packet(i, true, false, 0));
            }
            table.advance(301 * SECOND);

            assertThat(table.find(packet(9, false, false, 301 * SECOND))).isNull();
            assertThat(table.activeFlows()).isEqualTo(10 - FlowTable.EXPIRIES_PER_PACKET - 1);
        }

        @Test
        void expiresClosedFlowsAfterTheShortTimeoutAndKeepsActiveOnes() {
            FlowTable table = new FlowTable(limits(100), anomalies);
            table.advance(0);
            Flow closed = table.insert(packet(1, true, false, 0));
            Flow active = table.insert(packet(2, true, false, 0));
            table.touch(closed, true);
            table.advance(200 * SECOND);
            table.touch(active, false);

            table.advance(230 * SECOND);

            assertThat(table.find(packet(1, true, false, 0))).isNull();
            assertThat(table.find(packet(2, true, false, 0))).isSameAs(active);
        }

        @Test
        void neverMovesTheClockBackwards() {
            FlowTable table = new FlowTable(limits(100), anomalies);
            table.advance(100 * SECOND);
            Flow flow = table.insert(packet(1, true, false, 0));
            table.advance(10 * SECOND);
            table.touch(flow, false);
            table.advance(399 * SECOND);

            assertThat(table.find(packet(1, true, false, 0))).isSameAs(flow);
        }
    }
}
