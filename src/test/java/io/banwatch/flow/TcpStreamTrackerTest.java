package io.banwatch.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.Endpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TcpStreamTrackerTest {

    private final AnomalyCounters anomalies = new AnomalyCounters();
    private final RecordingParser parser = new RecordingParser();
    private final TcpPackets connection = new TcpPackets(40_000, 7000);

    private TcpStreamTracker tracker(FlowLimits limits, StreamParser... parsers) {
        return new TcpStreamTracker(limits, anomalies, List.of(parsers), Map.of());
    }

    private TcpStreamTracker tracker() {
        return tracker(FlowLimits.DEFAULTS, parser);
    }

    @Nested
    class InOrder {

        @Test
        void parsesEachLineOnceAcrossSegments() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.synAck());
            tracker.onSegment(connection.client(0, "Lone\nLt"));
            tracker.onSegment(connection.client(7, "wo\n"));

            assertThat(parser.texts()).containsExactly("Lone", "Ltwo");
            assertThat(tracker.activeFlows()).isEqualTo(1);
            assertThat(tracker.bufferedBytes()).isZero();
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void parsesAWholeMessageStraightFromThePacketWithoutBuffering() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            DecodedPacket packet = connection.client(0, "Lhello\n");
            parser.packetArray = packet.data;
            tracker.onSegment(packet);

            assertThat(parser.texts()).containsExactly("Lhello");
            assertThat(parser.sawPacketArray).isTrue();
            assertThat(tracker.bufferedBytes()).isZero();
        }

        @Test
        void startsAtTheFirstPayloadWithoutASyn() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.client(500, "Lmid\n"));

            assertThat(parser.texts()).containsExactly("Lmid");
        }

        @Test
        void givesTheParserTheContextOfTheCompletingPacket() {
            TcpStreamTracker tracker = tracker();
            DecodedPacket syn = connection.syn();
            syn.tunnelId = 4242; // the same mirror session throughout: the tunnel id is part of the flow's key
            tracker.onSegment(syn);
            DecodedPacket first = connection.client(0, "La");
            first.tunnelId = 4242;
            tracker.onSegment(first);
            connection.timeNanos += 5;
            DecodedPacket last = connection.client(2, "b\n");
            last.vlanId = 12;
            last.tunnelId = 4242;
            tracker.onSegment(last);

            RecordingParser.Line line = parser.lines.get(0);
            assertThat(line.timestampNanos()).isEqualTo(connection.timeNanos);
            assertThat(line.source()).isEqualTo(Endpoint.parse("10.0.0.1", 40_000));
            assertThat(line.destination()).isEqualTo(Endpoint.parse("93.184.215.14", 7000));
            assertThat(line.vlanId()).isEqualTo(12);
            assertThat(line.tunnelId()).isEqualTo(4242);
        }

        @Test
        void readsEachDirectionWithItsOwnEndpoints() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.synAck());
            tracker.onSegment(connection.client(0, "Lask\n"));
            tracker.onSegment(connection.server(0, "Lanswer\n"));

            assertThat(parser.texts()).containsExactly("Lask", "Lanswer");
            assertThat(parser.lines.get(1).source()).isEqualTo(Endpoint.parse("93.184.215.14", 7000));
            assertThat(parser.lines.get(1).destination()).isEqualTo(Endpoint.parse("10.0.0.1", 40_000));
            assertThat(parser.lines.get(0).source())
                    .isSameAs(parser.lines.get(1).destination());
        }

        @Test
        void choosesTheParserByEitherPortBeforeSniffing() {
            RecordingParser byPort = new RecordingParser('D', 4096);
            TcpStreamTracker tracker =
                    new TcpStreamTracker(FlowLimits.DEFAULTS, anomalies, List.of(parser), Map.of(7000, byPort));
            tracker.onSegment(connection.client(0, "Lquery\n"));
            tracker.onSegment(connection.server(0, "Lreply\n"));

            assertThat(byPort.texts()).containsExactly("Lquery", "Lreply");
            assertThat(byPort.sniffCalls).isZero();
            assertThat(parser.lines).isEmpty();
        }
    }

    @Nested
    class OutOfOrder {

        @Test
        void holdsALaterSegmentUntilTheHoleFills() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(3, "two\nLthree\n"));
            assertThat(parser.lines).isEmpty();

            tracker.onSegment(connection.client(0, "Lx-"));

            assertThat(parser.texts()).containsExactly("Lx-two", "Lthree");
            assertThat(tracker.bufferedBytes()).isZero();
        }

        @Test
        void placesAnEarlierFirstSegmentAsTheStartWithoutASyn() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.client(103, "cond\n"));
            tracker.onSegment(connection.client(100, "Lse"));

            assertThat(parser.texts()).containsExactly("Lsecond");
        }

        @Test
        void placesAnEarlierStartWhileTheParserHasConsumedNothing() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.client(104, "Lend"));
            tracker.onSegment(connection.client(100, "Lab-"));
            tracker.onSegment(connection.client(108, "\n"));

            assertThat(parser.texts()).containsExactly("Lab-Lend");
        }

        @Test
        void keepsTheStartOnceAParserHasConsumedBytes() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.client(104, "Lend\n"));
            tracker.onSegment(connection.client(100, "Lab-"));

            assertThat(parser.texts()).containsExactly("Lend");
        }

        @Test
        void givesUpOnUnrecognisedBytesAfterAFewSegmentsWithoutAnEarlierOne() {
            TcpStreamTracker tracker = tracker();
            long offset = 0;
            for (int i = 0; i <= StreamReassembler.PROBATION_SEGMENTS; i++) {
                tracker.onSegment(connection.client(offset, "xxxx"));
                offset += 4;
            }
            assertThat(tracker.bufferedBytes()).isZero();
            tracker.onSegment(connection.client(-4, "Lzz\n"));

            assertThat(parser.lines).isEmpty();
            assertThat(anomalies.get(FlowAnomaly.MIDSTREAM_UNRECOGNISED)).isEqualTo(1);
        }

        @Test
        void takesTheStartFromASynThatArrivesAfterData() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.client(3, "two\n"));
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(0, "Lx-"));

            assertThat(parser.texts()).containsExactly("Lx-two");
        }

        @Test
        void dropsAStreamJoinedMidWayOnceItsNextSegmentArrives() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.client(0, "x".repeat(1400)));
            assertThat(tracker.bufferedBytes()).isEqualTo(StreamBuffer.MIN_BYTES);
            tracker.onSegment(connection.client(1400, "x".repeat(1400)));

            assertThat(tracker.bufferedBytes()).isZero();
            assertThat(anomalies.get(FlowAnomaly.MIDSTREAM_UNRECOGNISED)).isEqualTo(1);
            assertThat(parser.sniffCalls).isEqualTo(1);
        }

        @Test
        void fillsSeveralHolesInAnyOrder() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(8, "EEFF\n"));
            tracker.onSegment(connection.client(4, "CCDD"));
            tracker.onSegment(connection.client(2, "BB"));
            assertThat(parser.lines).isEmpty();
            tracker.onSegment(connection.client(0, "LA"));

            assertThat(parser.texts()).containsExactly("LABBCCDDEEFF");
        }
    }

    @Nested
    class Retransmissions {

        @Test
        void deliversARetransmittedSegmentOnce() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(0, "Lone\n"));
            tracker.onSegment(connection.client(0, "Lone\n"));
            tracker.onSegment(connection.client(5, "Ltwo\n"));
            tracker.onSegment(connection.client(5, "Ltwo\n"));

            assertThat(parser.texts()).containsExactly("Lone", "Ltwo");
        }

        @Test
        void keepsTheFirstCopyWhenARetransmissionOverlapsWithDifferentBytes() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(0, "Labc"));
            tracker.onSegment(connection.client(2, "XYZdef\n"));

            assertThat(parser.texts()).containsExactly("LabcZdef");
        }

        @Test
        void keepsTheFirstCopyOfBytesHeldAheadOfAHole() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(4, "4567"));
            tracker.onSegment(connection.client(2, "23XXXX89\n"));
            tracker.onSegment(connection.client(0, "L1"));

            assertThat(parser.texts()).containsExactly("L123456789");
        }

        @Test
        void ignoresARetransmissionThatPartlyCoversConsumedBytes() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(0, "Lone\nLt"));
            tracker.onSegment(connection.client(3, "e\nLtwo\n"));

            assertThat(parser.texts()).containsExactly("Lone", "Ltwo");
        }

        @Test
        void handlesSequenceNumbersWrappingAt2To32() {
            connection.clientIsn = 0xffff_fffdL;
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(4, "cd\nLnext\n"));
            tracker.onSegment(connection.client(0, "Lab-"));
            tracker.onSegment(connection.client(0, "Lab-"));

            assertThat(connection.client(4, "").sequence).isEqualTo(2);
            assertThat(parser.texts()).containsExactly("Lab-cd", "Lnext");
        }

        @Test
        void restartsTheFlowOnASynWithANewIsn() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(0, "Lfirst\n"));
            connection.clientIsn = 777_777;
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(0, "Lsecond\n"));

            assertThat(parser.texts()).containsExactly("Lfirst", "Lsecond");
        }
    }

    @Nested
    class Skips {

        @Test
        void skipsBytesAnnouncedByTheParserBeyondWhatIsBuffered() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(0, "LSKIP 10000\n" + "b".repeat(100)));
            long offset = 112;
            for (int i = 0; i < 99; i++) {
                tracker.onSegment(connection.client(offset, "b".repeat(100)));
                offset += 100;
            }
            tracker.onSegment(connection.client(offset, "Lafter\n"));

            assertThat(parser.texts()).containsExactly("LSKIP 10000", "Lafter");
            assertThat(tracker.bufferedBytes()).isZero();
        }

        @Test
        void skipsOverAHoleIntoBytesHeldAheadOfIt() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(12, "Llast\n"));
            tracker.onSegment(connection.client(0, "LSKIP 4\nxx")); // bytes 10 and 11 never arrive: skipped

            assertThat(parser.texts()).containsExactly("LSKIP 4", "Llast");
            tracker.onSegment(connection.client(10, "xxLlast\n"));

            assertThat(parser.texts()).containsExactly("LSKIP 4", "Llast");
            assertThat(tracker.bufferedBytes()).isZero();
        }
    }

    @Nested
    class Done {

        @Test
        void freesTheBufferAndIgnoresTheDirectionWhenTheParserIsDone() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(0, "Lpartial"));
            assertThat(tracker.bufferedBytes()).isEqualTo(StreamBuffer.MIN_BYTES);

            tracker.onSegment(connection.client(8, "\nSTOP\nLnever\n"));
            tracker.onSegment(connection.client(21, "Lnever\n"));

            assertThat(parser.texts()).containsExactly("Lpartial", "STOP");
            assertThat(tracker.bufferedBytes()).isZero();
        }

        @Test
        void growsTheBufferWithinTheBudgetAndReturnsAllOfItWhenDone() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(0, "L" + "a".repeat(1999)));
            tracker.onSegment(connection.client(2000, "a".repeat(1000)));
            assertThat(tracker.bufferedBytes()).isEqualTo(4096);

            tracker.onSegment(connection.client(3000, "\n"));

            assertThat(parser.lines).hasSize(1);
            assertThat(parser.lines.get(0).text()).hasSize(3000);
            assertThat(tracker.bufferedBytes()).isZero();
        }

        @Test
        void stopsADirectionWithASynThatNoParserRecognises() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(0, "GET / HTTP/1.1\r\n"));
            int sniffs = parser.sniffCalls;
            tracker.onSegment(connection.client(16, "Lnot-a-start\n"));

            assertThat(parser.sniffCalls).isEqualTo(sniffs);
            assertThat(parser.lines).isEmpty();
            assertThat(tracker.bufferedBytes()).isZero();
        }

        @Test
        void allocatesNothingForLaterPacketsOfADoneDirection() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(0, "not a line start"));
            DecodedPacket[] later = new DecodedPacket[1000];
            for (int i = 0; i < later.length; i++) {
                later[i] = connection.client(16 + 100L * i, "x".repeat(100));
            }
            for (int warm = 0; warm < 20; warm++) {
                for (DecodedPacket packet : later) {
                    tracker.onSegment(packet);
                }
            }
            var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().threadId());
            for (int round = 0; round < 100; round++) {
                for (DecodedPacket packet : later) {
                    tracker.onSegment(packet);
                }
            }
            long allocated =
                    threads.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before;

            assertThat(allocated).isLessThan(1024); // 100,000 packets
            assertThat(parser.sniffCalls).isEqualTo(1);
            assertThat(tracker.bufferedBytes()).isZero();
        }

        @Test
        void waitsForMoreBytesWhileTheSniffNeedsThem() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(0, ""));
            tracker.onSegment(connection.client(0, "Lx\n"));

            assertThat(parser.texts()).containsExactly("Lx");
        }
    }

    @Nested
    class Caps {

        @Test
        void stopsADirectionWhoseParserNeedsMoreThanItsMaximum() {
            RecordingParser small = new RecordingParser('L', 64);
            TcpStreamTracker tracker = tracker(FlowLimits.DEFAULTS, small);
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(0, "L" + "a".repeat(40)));
            tracker.onSegment(connection.client(41, "a".repeat(40)));
            tracker.onSegment(connection.client(81, "\nLlater\n"));

            assertThat(anomalies.get(FlowAnomaly.STREAM_BUFFER_CAP)).isEqualTo(1);
            assertThat(small.lines).isEmpty();
            assertThat(tracker.bufferedBytes()).isZero();
        }

        @Test
        void stopsADirectionWhoseSniffNeverDecides() {
            StreamParser undecided = new StreamParser() {
                @Override
                public Sniff sniff(byte[] data, int offset, int length) {
                    return Sniff.NEED_MORE;
                }

                @Override
                public int parse(StreamContext context, byte[] data, int offset, int length) {
                    return DONE;
                }

                @Override
                public int maxPendingBytes() {
                    return 100;
                }
            };
            TcpStreamTracker tracker = tracker(FlowLimits.DEFAULTS, undecided);
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(0, "a".repeat(60)));
            assertThat(anomalies.get(FlowAnomaly.STREAM_BUFFER_CAP)).isZero();
            tracker.onSegment(connection.client(60, "a".repeat(60)));

            assertThat(anomalies.get(FlowAnomaly.STREAM_BUFFER_CAP)).isEqualTo(1);
            assertThat(tracker.bufferedBytes()).isZero();
        }

        @Test
        void stopsADirectionWithMoreHolesThanTheOutOfOrderCap() {
            FlowLimits limits = new FlowLimits(1000, FlowLimits.DEFAULT_TCP_IDLE_NANOS, 1, 2, 1 << 20);
            TcpStreamTracker tracker = tracker(limits, parser);
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.client(10, "b"));
            tracker.onSegment(connection.client(20, "c"));
            tracker.onSegment(connection.client(11, "b")); // touches a held range: no new one
            assertThat(anomalies.get(FlowAnomaly.OUT_OF_ORDER_CAP)).isZero();
            tracker.onSegment(connection.client(30, "d"));

            assertThat(anomalies.get(FlowAnomaly.OUT_OF_ORDER_CAP)).isEqualTo(1);
            assertThat(tracker.bufferedBytes()).isZero();
        }

        @Test
        void evictsTheLeastRecentlyWrittenBufferBeyondTheGlobalBudget() {
            FlowLimits limits = new FlowLimits(1000, FlowLimits.DEFAULT_TCP_IDLE_NANOS, 1, 8, 4096);
            TcpStreamTracker tracker = tracker(limits, parser);
            for (int port = 1; port <= 3; port++) {
                TcpPackets other = new TcpPackets(port, 7000);
                tracker.onSegment(other.syn());
                tracker.onSegment(other.client(0, "Lpending"));
            }

            assertThat(anomalies.get(FlowAnomaly.BUFFER_EVICTED)).isEqualTo(1);
            assertThat(anomalies.get(FlowAnomaly.GLOBAL_BUFFER_BUDGET)).isZero();
            assertThat(tracker.bufferedBytes()).isEqualTo(4096);
        }

        @Test
        void returnsBufferBytesToTheBudgetWhenAFlowIsEvicted() {
            FlowLimits limits = new FlowLimits(1, FlowLimits.DEFAULT_TCP_IDLE_NANOS, 1, 8, 4096);
            TcpStreamTracker tracker = tracker(limits, parser);
            tracker.onSegment(connection.client(0, "Lpending"));
            assertThat(tracker.bufferedBytes()).isEqualTo(StreamBuffer.MIN_BYTES);
            tracker.onSegment(new TcpPackets(1, 2).client(0, "Lother\n"));

            assertThat(anomalies.get(FlowAnomaly.FLOW_TABLE_FULL)).isEqualTo(1);
            assertThat(tracker.bufferedBytes()).isZero();
            assertThat(tracker.activeFlows()).isEqualTo(1);
        }

        @Test
        void countsASkipTooLongToFollow() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.client(0, "LSKIP 2000000000\n"));

            assertThat(anomalies.get(FlowAnomaly.SKIP_CAP)).isEqualTo(1);
        }
    }

    @Nested
    class Flows {

        @Test
        void ignoresUdp() {
            TcpStreamTracker tracker = tracker();
            DecodedPacket udp = connection.client(0, "Ldatagram\n");
            udp.transport = DecodedPacket.UDP;
            tracker.onSegment(udp);

            assertThat(tracker.activeFlows()).isZero();
            assertThat(parser.lines).isEmpty();
        }

        @Test
        void createsNoFlowForABareAckOfAnUnknownConnection() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.fromClient(5, DecodedPacket.ACK, new byte[0]));
            tracker.onSegment(connection.fromClient(5, DecodedPacket.RST, new byte[0]));

            assertThat(tracker.activeFlows()).isZero();
        }

        @Test
        void remembersWhichSideOpenedTheConnection() {
            TcpStreamTracker tracker = tracker();
            DecodedPacket synAck = connection.synAck();
            tracker.onSegment(synAck);

            Flow flow = tracker.table().find(synAck);
            boolean serverIsA = tracker.table().packetFromA();
            assertThat(flow.clientIsA()).isEqualTo(!serverIsA);
        }

        @Test
        void forgetsAClosedFlowAfterTheShortTimeout() {
            TcpStreamTracker tracker = tracker();
            tracker.onSegment(connection.syn());
            tracker.onSegment(connection.fromClient(connection.clientIsn + 1, DecodedPacket.FIN, new byte[0]));
            TcpPackets other = new TcpPackets(1, 2);
            other.timeNanos = connection.timeNanos + FlowLimits.DEFAULT_TCP_CLOSED_IDLE_NANOS - 1;
            tracker.onSegment(other.client(0, "x"));
            assertThat(tracker.activeFlows()).isEqualTo(2);
            other.timeNanos++;
            tracker.onSegment(other.client(1, "x"));

            assertThat(tracker.activeFlows()).isEqualTo(1);
        }
    }
}
