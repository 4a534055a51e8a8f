package io.banwatch.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tracker's two reports to a {@link FlowObserver}: a new connection, and client bytes no parser claimed. */
class FlowObserverTest {

    final AnomalyCounters anomalies = new AnomalyCounters();
    final List<String> opened = new ArrayList<>();
    final List<String> unclaimed = new ArrayList<>();
    final List<String> accepted = new ArrayList<>();
    boolean claimOnAccept;

    final FlowObserver observer = new FlowObserver() {
        @Override
        public void opened(DecodedPacket packet) {
            opened.add(packet.sourcePort + ">" + packet.destinationPort);
        }

        @Override
        public boolean accepted(DecodedPacket synAck) {
            accepted.add(synAck.sourcePort + ">" + synAck.destinationPort);
            return claimOnAccept;
        }

        @Override
        public void unclaimed(DecodedPacket packet) {
            unclaimed.add(packet.sourcePort + ">" + packet.destinationPort);
        }
    };

    final TcpStreamTracker tracker =
            new TcpStreamTracker(FlowLimits.DEFAULTS, anomalies, List.of(new RecordingParser()), Map.of(), observer);
    final TcpPackets flow = new TcpPackets(51_000, 22);

    @Test
    void aNewConnectionIsOpenedOnceAndItsUnclaimedClientBytesReportedOnce() {
        tracker.onSegment(flow.syn());
        tracker.onSegment(flow.synAck());
        tracker.onSegment(flow.server(0, "SSH-2.0-server\r\n"));
        tracker.onSegment(flow.client(0, "SSH-2.0-client\r\n"));
        tracker.onSegment(flow.client(16, "more"));

        assertThat(opened).containsExactly("51000>22");
        assertThat(unclaimed).containsExactly("51000>22");
    }

    @Test
    void claimedFirstBytesAreNotReported() {
        tracker.onSegment(flow.syn());
        tracker.onSegment(flow.client(0, "Line one\n"));

        assertThat(unclaimed).isEmpty();
    }

    @Test
    void aConnectionTheObserverReportedWhenAcceptedIsNotReportedAgain() {
        claimOnAccept = true;
        tracker.onSegment(flow.syn());
        tracker.onSegment(flow.synAck());
        tracker.onSegment(flow.synAck()); // a retransmitted SYN-ACK
        tracker.onSegment(flow.client(0, "SSH-2.0-client\r\n"));

        assertThat(opened).hasSize(1);
        assertThat(accepted).containsExactly("22>51000");
        assertThat(unclaimed).isEmpty();
    }

    @Test
    void onlyASynAckThatAcknowledgesTheSynSeenIsAnAcceptedHandshake() {
        tracker.onSegment(flow.synAck()); // its SYN was not seen
        tracker.onSegment(flow.syn()); // a SYN after the SYN-ACK: a new attempt
        DecodedPacket other = flow.fromServer(9, DecodedPacket.SYN | DecodedPacket.ACK, new byte[0]);
        other.acknowledgement = 12345; // not the SYN's sequence number plus one
        tracker.onSegment(other);

        assertThat(accepted).isEmpty();
    }

    @Test
    void aStreamJoinedMidWayIsNotReported() {
        tracker.onSegment(flow.client(500, "xxxx"));
        for (int i = 1; i <= StreamReassembler.PROBATION_SEGMENTS; i++) {
            tracker.onSegment(flow.client(500 + 4L * i, "yyyy"));
        }

        assertThat(opened).containsExactly("51000>22"); // its first segment with payload
        assertThat(unclaimed).isEmpty();
    }

    @Test
    void theSniffingParserSeesTheReceiversPort() {
        List<Integer> ports = new ArrayList<>();
        StreamParser portAware = new StreamParser() {
            @Override
            public Sniff sniff(byte[] data, int offset, int length) {
                throw new AssertionError("the flow layer sniffs with the context");
            }

            @Override
            public Sniff sniff(StreamContext context, byte[] data, int offset, int length) {
                ports.add(context.destinationPort());
                return Sniff.NO;
            }

            @Override
            public int parse(StreamContext context, byte[] data, int offset, int length) {
                return DONE;
            }

            @Override
            public int maxPendingBytes() {
                return 16;
            }
        };
        TcpStreamTracker tracker =
                new TcpStreamTracker(FlowLimits.DEFAULTS, anomalies, List.of(portAware), Map.of(), observer);
        tracker.onSegment(flow.syn());
        tracker.onSegment(flow.client(0, "abc"));

        assertThat(ports).containsExactly(22);
        assertThat(unclaimed).containsExactly("51000>22");
    }
}
