package io.banwatch.bench;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.PacketDecoder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Link and IP decoding alone (no flows, no inspection): one frame per operation, cycling through the frames of a
 * fixture capture. {@code http-update} is Ethernet/IPv4/TCP, {@code quic-chromium} Ethernet/IPv4 and IPv6/UDP,
 * {@code vxlan} and {@code gre-erspan-geneve-mpls} tunnels inside tunnels. Run with {@code bench/jmh.sh
 * DecodeBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {

    @Param({"http-update.pcap", "quic-chromium.pcap", "vxlan.pcap", "gre-erspan-geneve-mpls.pcap"})
    public String fixture;

    private FixtureFrames frames;
    private PacketDecoder decoder;
    private final DecodedPacket packet = new DecodedPacket();
    private int next;

    @Setup
    public void setUp() throws Exception {
        frames = FixtureFrames.load(fixture);
        decoder = new PacketDecoder(new AnomalyCounters());
        int decoded = 0;
        for (byte[] frame : frames.frames) {
            if (decoder.decode(frames.linkType, frame, frame.length, frame.length, 0, packet)) {
                decoded++;
            }
        }
        if (decoded == 0) {
            throw new IllegalStateException(fixture + ": no frame decodes to TCP, UDP or ICMP");
        }
    }

    /** Decodes one frame; the result is the transport protocol, so that the decode cannot be left out. */
    @Benchmark
    public int decodeFrame() {
        int i = next;
        next = i + 1 == frames.frames.length ? 0 : i + 1;
        byte[] frame = frames.frames[i];
        decoder.decode(frames.linkType, frame, frame.length, frame.length, frames.times[i], packet);
        return packet.transport;
    }
}
