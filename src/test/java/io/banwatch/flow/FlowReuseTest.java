package io.banwatch.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A flow object reused for another connection, after an eviction in a full table or from the {@link FlowPool} of a
 * path that ended, starts as a new one: no bytes, parser, direction, handshake evidence or report of its last
 * connection survive, and a full table allocates nothing for new connections.
 */
class FlowReuseTest {

    static final long SECOND = 1_000_000_000L;

    final AnomalyCounters anomalies = new AnomalyCounters();
    final List<String> accepted = new ArrayList<>();
    final List<String> unclaimed = new ArrayList<>();

    /** Claims every accepted handshake, as the KSC port rule does when the port is a KSC port. */
    final FlowObserver observer = new FlowObserver() {
        @Override
        public boolean accepted(DecodedPacket synAck) {
            accepted.add(synAck.sourcePort + ">" + synAck.destinationPort);
            return true;
        }

        @Override
        public void unclaimed(DecodedPacket packet) {
            unclaimed.add(packet.sourcePort + ">" + packet.destinationPort);
        }
    };

    static FlowLimits limits(int maxFlows) {
        return new FlowLimits(maxFlows, 300 * SECOND, 30 * SECOND, 8, 1 << 20);
    }

    TcpStreamTracker tracker(int maxFlows, RecordingParser parser, FlowPool pool) {
        return new TcpStreamTracker(limits(maxFlows), anomalies, List.of(parser), Map.of(), observer, pool);
    }

    /** A second connection between other addresses and ports than {@link TcpPackets}' defaults. */
    static TcpPackets other(int clientPort, int serverPort) {
        TcpPackets packets = new TcpPackets(clientPort, serverPort);
        packets.clientIp = new byte[] {10, 9, 8, 7};
        packets.clientIsn = 777_000;
        packets.serverIsn = 888_000;
        return packets;
    }

    static StreamReassembler serverSide(Flow flow) {
        return flow.clientIsA() ? flow.fromB : flow.fromA;
    }

    @Nested
    class AfterEviction {

        final RecordingParser parser = new RecordingParser();
        final TcpStreamTracker tracker = tracker(1, parser, new FlowPool());

        @Test
        void aReusedFlowHasNoBytesParserDirectionOrReportOfItsLastConnection() {
            TcpPackets first = new TcpPackets(51_000, 13_000);
            tracker.onSegment(first.syn());
            tracker.onSegment(first.synAck());
            tracker.onSegment(first.client(0, "Lpartial line without its end"));
            tracker.onSegment(first.server(0, "Lserver also unfinished"));
            Flow old = tracker.table().find(first.syn());
            assertThat(accepted).containsExactly("13000>51000");
            assertThat(tracker.bufferedBytes()).isPositive();

            // The next connection's first packet is a SYN-ACK: its SYN was not seen. It takes the evicted flow.
            TcpPackets second = other(40_000, 14_000);
            DecodedPacket synAck = second.synAck();
            tracker.onSegment(synAck);
            Flow reused = tracker.table().find(synAck);

            assertThat(reused).isSameAs(old);
            assertThat(tracker.activeFlows()).isEqualTo(1);
            assertThat(tracker.bufferedBytes()).isZero();
            assertThat(reused.reported).isFalse();
            assertThat(reused.closing()).isFalse();
            assertThat(reused.endpointA).isNull();
            assertThat(reused.endpointB).isNull();
            boolean clientIsA = reused.clientIsA();
            assertThat(clientIsA ? reused.initialSequenceA : reused.initialSequenceB)
                    .as("the client's SYN was not seen in this connection")
                    .isEqualTo(-1);
            assertThat(clientIsA ? reused.initialSequenceB : reused.initialSequenceA)
                    .isEqualTo(second.serverIsn);
            for (StreamReassembler direction : new StreamReassembler[] {reused.fromA, reused.fromB}) {
                if (direction != null) {
                    assertThat(direction.isDone()).isFalse();
                    assertThat(direction.messagesParsed()).isZero();
                    assertThat(direction.bytesParsed()).isZero();
                    // the SYN-ACK anchors its own direction at its own ISN; no direction keeps the old anchors
                    assertThat(direction.anchoredElsewhere(second.serverIsn)).isFalse();
                    assertThat(direction.anchoredElsewhere(first.clientIsn)).isEqualTo(direction == serverSide(reused));
                }
            }

            // A retransmitted SYN-ACK: still no SYN seen, so no accepted handshake (port rule: evidence or nothing).
            tracker.onSegment(second.synAck());
            second.clientIsn = 0; // the client's first bytes, at a sequence number the tracker has no SYN for
            tracker.onSegment(second.client(0, "Lhello\n"));

            assertThat(accepted).containsExactly("13000>51000");
            assertThat(parser.texts()).containsExactly("Lhello");
        }

        @Test
        void aReusedFlowWhoseSynIsSeenAgainIsAcceptedOnceForItsOwnHandshake() {
            TcpPackets first = new TcpPackets(51_000, 13_000);
            tracker.onSegment(first.syn());
            tracker.onSegment(first.synAck());
            TcpPackets second = other(40_000, 13_000);
            tracker.onSegment(second.syn());
            DecodedPacket acknowledgesTheOldSyn = second.synAck();
            acknowledgesTheOldSyn.acknowledgement = (first.clientIsn + 1) & 0xffffffffL;
            tracker.onSegment(acknowledgesTheOldSyn);
            tracker.onSegment(second.synAck());

            assertThat(accepted).containsExactly("13000>51000", "13000>40000");
        }

        @Test
        void aClosedFlowReusedForANewConnectionIsNotClosing() {
            TcpPackets first = new TcpPackets(51_000, 443);
            tracker.onSegment(first.syn());
            tracker.onSegment(first.fromClient(first.clientIsn + 1, DecodedPacket.RST, new byte[0]));
            TcpPackets second = other(40_000, 443);
            tracker.onSegment(second.syn());
            Flow reused = tracker.table().find(second.syn());

            assertThat(reused.closing()).isFalse();
            assertThat(reused.clientIsA() ? reused.initialSequenceB : reused.initialSequenceA)
                    .isEqualTo(-1);
        }
    }

    @Nested
    class FromThePool {

        final FlowPool pool = new FlowPool();

        @Test
        void aTrackerMadeAfterAnotherEndedUsesItsFlowsWithItsOwnParsersAndBudget() {
            RecordingParser firstParser = new RecordingParser();
            TcpStreamTracker first = tracker(64, firstParser, pool);
            Set<Flow> firstFlows = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int i = 0; i < 64; i++) {
                TcpPackets connection = new TcpPackets(20_000 + i, 13_000);
                first.onSegment(connection.syn());
                first.onSegment(connection.synAck());
                first.onSegment(connection.client(0, "Lunfinished " + i));
                firstFlows.add(first.table().find(connection.syn()));
            }
            assertThat(firstFlows).hasSize(64);
            assertThat(first.bufferedBytes()).isPositive();
            accepted.clear();

            first.release();

            assertThat(first.bufferedBytes()).isZero();
            assertThat(first.activeFlows()).isZero();
            assertThat(pool.pooled(FlowPool.Kind.TCP)).isEqualTo(64);

            RecordingParser secondParser = new RecordingParser();
            TcpStreamTracker second = tracker(64, secondParser, pool);
            assertThat(pool.pooled(FlowPool.Kind.TCP)).isZero();
            assertThat(second.table().reusableFlows()).isEqualTo(64);
            for (int i = 0; i < 64; i++) {
                TcpPackets connection = other(30_000 + i, 13_000);
                DecodedPacket synAck = connection.synAck(); // no SYN: not an accepted handshake
                second.onSegment(synAck);
                second.onSegment(connection.synAck());
                connection.clientIsn = 0;
                second.onSegment(connection.client(0, "Lnew " + i + "\n"));
                Flow flow = second.table().find(synAck);
                assertThat(firstFlows).contains(flow);
                assertThat(flow.reported).isFalse();
            }

            assertThat(second.table().reusableFlows()).isZero();
            assertThat(accepted).isEmpty();
            assertThat(firstParser.texts()).isEmpty();
            assertThat(secondParser.texts()).hasSize(64).allMatch(text -> text.startsWith("Lnew "));
            // Bytes the second tracker buffers count against its own budget, and are returned to it.
            TcpPackets partial = other(50_000, 13_000);
            second.onSegment(partial.syn());
            second.onSegment(partial.client(0, "Lnot yet"));
            assertThat(second.bufferedBytes()).isEqualTo(StreamBuffer.MIN_BYTES);
            assertThat(first.bufferedBytes()).isZero();
            second.release();
            assertThat(second.bufferedBytes()).isZero();
        }

        @Test
        void aTrackerTakesNoMoreThanItsCapFromThePool() {
            TcpStreamTracker first = tracker(100, new RecordingParser(), pool);
            for (int i = 0; i < 100; i++) {
                first.onSegment(new TcpPackets(20_000 + i, 443).syn());
            }
            first.release();

            TcpStreamTracker small = tracker(30, new RecordingParser(), pool);

            assertThat(small.table().reusableFlows()).isEqualTo(30);
            assertThat(pool.pooled(FlowPool.Kind.TCP)).isEqualTo(70);
        }
    }

    @Nested
    class Allocation {

        /** SYNs from ever new sources into a full table, each evicting the oldest flow, as a SYN flood does. */
        @Test
        void aFullTableAllocatesNothingForNewConnections() {
            int maxFlows = 1024;
            TcpStreamTracker tracker = tracker(maxFlows, new RecordingParser(), new FlowPool());
            DecodedPacket syn = new TcpPackets(1, 443).syn();
            int sent = 0;
            for (; sent < maxFlows + 20_000; sent++) {
                nextSyn(syn, sent);
                tracker.onSegment(syn);
            }
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().threadId();
            long before = threads.getThreadAllocatedBytes(thread);
            for (int end = sent + 100_000; sent < end; sent++) {
                nextSyn(syn, sent);
                tracker.onSegment(syn);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;

            assertThat(tracker.activeFlows()).isEqualTo(maxFlows);
            assertThat(allocated).isLessThan(1024); // 100,000 new connections: anything per SYN would be megabytes
            assertThat(anomalies.get(FlowAnomaly.FLOW_TABLE_FULL)).isEqualTo(sent - maxFlows);
        }

        /** A path that starts after another ended fills its table with the pooled flows. */
        @Test
        void aTrackerMadeFromThePoolAllocatesNoFlowsToFillItsTable() {
            int maxFlows = 1024;
            FlowPool pool = new FlowPool();
            TcpStreamTracker first = tracker(maxFlows, new RecordingParser(), pool);
            DecodedPacket syn = new TcpPackets(1, 443).syn();
            for (int i = 0; i < maxFlows; i++) {
                nextSyn(syn, i);
                first.onSegment(syn);
            }
            first.release();
            for (int warm = 0; warm < 5; warm++) {
                TcpStreamTracker warming = tracker(maxFlows, new RecordingParser(), pool);
                for (int i = 0; i < maxFlows; i++) {
                    nextSyn(syn, i);
                    warming.onSegment(syn);
                }
                warming.release();
            }
            TcpStreamTracker second = tracker(maxFlows, new RecordingParser(), pool);
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().threadId();
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < maxFlows; i++) {
                nextSyn(syn, maxFlows + i);
                second.onSegment(syn);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;

            assertThat(second.activeFlows()).isEqualTo(maxFlows);
            assertThat(allocated).isLessThan(1024); // a new flow with its reassembler is over 200 bytes
        }

        /**
         * Connections that each send the start of a message and no more, as {@code floodgen.py half-hello} does: once
         * the table is full, each new one takes the array its evicted flow's buffer freed.
         */
        @Test
        void halfSentMessagesReuseTheArraysOfEvictedBuffersWithinTheBudget() {
            int maxFlows = 256;
            long budget = 256 * 1024;
            TcpStreamTracker tracker = new TcpStreamTracker(
                    new FlowLimits(maxFlows, 300 * SECOND, 30 * SECOND, 8, budget),
                    anomalies,
                    List.of(new RecordingParser()),
                    Map.of(),
                    observer,
                    new FlowPool());
            DecodedPacket syn = new TcpPackets(1, 443).syn();
            DecodedPacket data = new TcpPackets(1, 443).client(0, "L" + "x".repeat(99));
            int sent = 0;
            for (; sent < 10_000; sent++) {
                halfHello(tracker, syn, data, sent);
            }
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().threadId();
            long before = threads.getThreadAllocatedBytes(thread);
            for (int end = sent + 20_000; sent < end; sent++) {
                halfHello(tracker, syn, data, sent);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;

            assertThat(tracker.bufferedBytes())
                    .isEqualTo(budget); // 128 buffers: the budget evicts as well as the table
            // a new 2 KiB array per connection would be 40 MB; now and then the budget drops a freed array it needs
            assertThat(allocated).isLessThan(20_000L * StreamBuffer.MIN_BYTES / 100);
            BufferBudget shared = budgetOf(tracker);
            assertThat(shared.usedBytes() + shared.pooledBytes()).isLessThanOrEqualTo(budget);
        }

        private void halfHello(TcpStreamTracker tracker, DecodedPacket syn, DecodedPacket data, int n) {
            nextSyn(syn, n);
            tracker.onSegment(syn);
            System.arraycopy(syn.sourceAddress, 0, data.sourceAddress, 0, 4);
            data.sourcePort = syn.sourcePort;
            data.sequence = (syn.sequence + 1) & 0xffffffffL;
            data.timestampNanos = syn.timestampNanos;
            tracker.onSegment(data);
        }

        private BufferBudget budgetOf(TcpStreamTracker tracker) {
            try {
                var field = TcpStreamTracker.class.getDeclaredField("shared");
                field.setAccessible(true);
                return ((ReassemblyShared) field.get(tracker)).budget;
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }

        private void nextSyn(DecodedPacket syn, int n) {
            syn.sourceAddress[1] = (byte) (n >>> 16);
            syn.sourceAddress[2] = (byte) (n >>> 8);
            syn.sourceAddress[3] = (byte) n;
            syn.sourcePort = 1024 + n % 60_000;
            syn.sequence = n * 7919L & 0xffffffffL;
            syn.timestampNanos += 1_000;
        }
    }

    @Nested
    class Udp {

        final FlowPool pool = new FlowPool();
        final TcpPackets flow = new TcpPackets(50_000, 2001);

        DecodedPacket datagram(TcpPackets of, boolean fromClient) {
            DecodedPacket packet = fromClient ? of.syn() : of.synAck();
            packet.transport = DecodedPacket.UDP;
            packet.tcpFlags = 0;
            return packet;
        }

        @Test
        void aReusedUdpFlowIsNotTakenAsAnsweredAndKeepsItsOwnClient() {
            UdpFlows flows = new UdpFlows(UdpFlows.limits(1, 120 * SECOND), anomalies, pool);
            assertThat(flows.record(datagram(flow, true))).isEqualTo(UdpFlows.Datagram.FIRST);
            assertThat(flows.record(datagram(flow, false))).isEqualTo(UdpFlows.Datagram.FIRST_REPLY);

            // The next flow starts with what, in the last one, was the server's side sending.
            TcpPackets next = other(51_000, 2001);
            Flow old = flows.table().find(datagram(flow, true));
            assertThat(flows.record(datagram(next, false))).isEqualTo(UdpFlows.Datagram.FIRST);
            assertThat(flows.table().find(datagram(next, false))).isSameAs(old);
            assertThat(flows.record(datagram(next, false))).isEqualTo(UdpFlows.Datagram.LATER);
            assertThat(flows.record(datagram(next, true))).isEqualTo(UdpFlows.Datagram.FIRST_REPLY);
        }

        @Test
        void udpFlowsOfATableThatEndedServeTheNextTableAsNew() {
            UdpFlows first = new UdpFlows(UdpFlows.limits(8, 120 * SECOND), anomalies, pool);
            for (int i = 0; i < 8; i++) {
                TcpPackets of = new TcpPackets(50_000 + i, 2001);
                first.record(datagram(of, true));
                first.record(datagram(of, false));
            }
            first.release();
            assertThat(pool.pooled(FlowPool.Kind.UDP)).isEqualTo(8);
            assertThat(pool.pooled(FlowPool.Kind.TCP)).isZero();

            UdpFlows second = new UdpFlows(UdpFlows.limits(8, 120 * SECOND), anomalies, pool);
            for (int i = 0; i < 8; i++) {
                TcpPackets of = new TcpPackets(50_000 + i, 2001); // the same flows: the new table has never seen them
                assertThat(second.record(datagram(of, true))).isEqualTo(UdpFlows.Datagram.FIRST);
                assertThat(second.record(datagram(of, true))).isEqualTo(UdpFlows.Datagram.LATER);
                assertThat(second.record(datagram(of, false))).isEqualTo(UdpFlows.Datagram.FIRST_REPLY);
            }
            assertThat(second.table().reusableFlows()).isZero();
            assertThat(pool.pooled(FlowPool.Kind.UDP)).isZero();
        }
    }
}
