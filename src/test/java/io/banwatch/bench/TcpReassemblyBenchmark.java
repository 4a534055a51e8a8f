package io.banwatch.bench;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.flow.FlowLimits;
import io.banwatch.flow.StreamContext;
import io.banwatch.flow.StreamParser;
import io.banwatch.flow.TcpStreamTracker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TCP flow tracking and reassembly alone: one connection per invocation (handshake, {@value #DATA_SEGMENTS} client
 * segments of 1,448 bytes, the server's ACK, a RST), with a stream parser that claims every direction and consumes
 * every byte it is given, so only the flow table and the reassembler are measured. {@code inOrder} sends the
 * segments in order; {@code swapped} sends each pair of data segments second first, so every other one is held
 * and released. Scores are segments per second. Run with {@code bench/jmh.sh TcpReassemblyBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TcpReassemblyBenchmark {

    static final int DATA_SEGMENTS = 8;
    static final int MSS = 1448;
    /** SYN, SYN-ACK, ACK, the data, one ACK from the server, RST. */
    static final int SEGMENTS = 3 + DATA_SEGMENTS + 2;

    private static final long CLIENT_ISN = 1_000_000L;
    private static final long SERVER_ISN = 7_000_000L;

    /** A parser that reads everything: the benchmark measures what happens before a parser sees the bytes. */
    static final class ConsumeAll implements StreamParser {
        long bytes;

        @Override
        public Sniff sniff(byte[] data, int offset, int length) {
            return Sniff.YES;
        }

        @Override
        public int parse(StreamContext context, byte[] data, int offset, int length) {
            bytes += length;
            return length;
        }

        @Override
        public int maxPendingBytes() {
            return 16 * 1024;
        }
    }

    private final ConsumeAll parser = new ConsumeAll();
    private final byte[] payload = new byte[MSS];
    private final DecodedPacket packet = new DecodedPacket();
    private TcpStreamTracker tracker;
    private int clientPort = 1024;
    private long now = 1_727_704_992_000_000_000L;

    @Setup
    public void setUp() {
        // the default limits, but a table small enough that the connections of a run keep being evicted and reused
        FlowLimits limits = new FlowLimits(
                1024,
                FlowLimits.DEFAULT_TCP_IDLE_NANOS,
                FlowLimits.DEFAULT_TCP_CLOSED_IDLE_NANOS,
                FlowLimits.DEFAULT_MAX_OUT_OF_ORDER_SEGMENTS,
                FlowLimits.DEFAULT_GLOBAL_BUFFER_BYTES);
        tracker = new TcpStreamTracker(limits, new AnomalyCounters(), List.of(parser), Map.of());
        long before = parser.bytes;
        inOrder();
        swapped();
        if (parser.bytes - before != 2L * DATA_SEGMENTS * MSS) {
            throw new IllegalStateException("the parser saw " + (parser.bytes - before) + " bytes");
        }
    }

    @Benchmark
    @OperationsPerInvocation(SEGMENTS)
    public long inOrder() {
        int port = handshake();
        for (int i = 0; i < DATA_SEGMENTS; i++) {
            data(port, i);
        }
        close(port);
        return parser.bytes;
    }

    @Benchmark
    @OperationsPerInvocation(SEGMENTS)
    public long swapped() {
        int port = handshake();
        for (int i = 0; i < DATA_SEGMENTS; i += 2) {
            data(port, i + 1);
            data(port, i);
        }
        close(port);
        return parser.bytes;
    }

    private int handshake() {
        int port = clientPort == 65_535 ? 1024 : clientPort + 1;
        clientPort = port;
        segment(true, port, CLIENT_ISN, 0, DecodedPacket.SYN, 0);
        segment(false, port, SERVER_ISN, CLIENT_ISN + 1, DecodedPacket.SYN | DecodedPacket.ACK, 0);
        segment(true, port, CLIENT_ISN + 1, SERVER_ISN + 1, DecodedPacket.ACK, 0);
        return port;
    }

    private void data(int port, int index) {
        segment(true, port, CLIENT_ISN + 1 + (long) index * MSS, SERVER_ISN + 1, DecodedPacket.ACK, MSS);
    }

    private void close(int port) {
        long end = CLIENT_ISN + 1 + (long) DATA_SEGMENTS * MSS;
        segment(false, port, SERVER_ISN + 1, end, DecodedPacket.ACK, 0);
        segment(true, port, end, SERVER_ISN + 1, DecodedPacket.RST | DecodedPacket.ACK, 0);
    }

    /** 10.0.0.1:port to 192.0.2.1:443 when {@code fromClient}, the other way otherwise. */
    private void segment(boolean fromClient, int port, long sequence, long acknowledgement, int flags, int length) {
        DecodedPacket p = packet;
        p.clear();
        now += 10_000;
        p.timestampNanos = now;
        p.wireLength = 54 + length;
        p.ipVersion = 4;
        p.transport = DecodedPacket.TCP;
        byte[] client = fromClient ? p.sourceAddress : p.destinationAddress;
        byte[] server = fromClient ? p.destinationAddress : p.sourceAddress;
        client[0] = 10;
        client[1] = 0;
        client[2] = 0;
        client[3] = 1;
        server[0] = (byte) 192;
        server[1] = 0;
        server[2] = 2;
        server[3] = 1;
        p.sourcePort = fromClient ? port : 443;
        p.destinationPort = fromClient ? 443 : port;
        p.sequence = sequence;
        p.acknowledgement = acknowledgement;
        p.tcpFlags = flags;
        p.data = payload;
        p.payloadOffset = 0;
        p.payloadLength = length;
        tracker.onSegment(p);
    }
}
