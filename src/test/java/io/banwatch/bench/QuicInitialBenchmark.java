package io.banwatch.bench;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.PacketDecoder;
import io.banwatch.inspect.quic.QuicInspector;
import io.banwatch.inspect.tls.TlsStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a real QUIC v1 client's Initial packets (Chromium, {@code fixtures/quic-chromium.pcap}): header protection
 * and AEAD removed (RFC 9001 5), CRYPTO frames reassembled and the ClientHello's server name reported, one connection
 * per operation. Each operation comes from a new client port, so it is a new connection, with the same Destination
 * Connection ID, so the Initial keys come from the cache: the per-packet cost without the key derivation
 * ({@code FloodBenchmark.junkQuicInitial} pays that). Run with {@code bench/jmh.sh QuicInitialBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QuicInitialBenchmark {

    private static final long SECOND = 1_000_000_000L;

    private DecodedPacket[] initials;
    private QuicInspector inspector;
    private long names;
    private int port = 1024;
    private long now;

    @Setup
    public void setUp() throws Exception {
        FixtureFrames frames = FixtureFrames.load("quic-chromium.pcap");
        PacketDecoder decoder = new PacketDecoder(new AnomalyCounters());
        List<DecodedPacket> found = new ArrayList<>();
        for (int i = 0; i < frames.frames.length; i++) {
            DecodedPacket packet = new DecodedPacket();
            byte[] frame = frames.frames[i];
            if (decoder.decode(frames.linkType, frame, frame.length, frame.length, frames.times[i], packet)
                    && packet.isUdp()
                    && packet.destinationPort == 443
                    && packet.payloadLength > 0
                    && (packet.data[packet.payloadOffset] & 0xf0) == 0xc0) { // long header, type Initial (v1)
                found.add(packet);
            }
        }
        initials = found.toArray(new DecodedPacket[0]);
        now = frames.times[0];
        inspector = new QuicInspector(new AnomalyCounters(), observation -> names++, new TlsStats());
        long before = names;
        clientInitials();
        clientInitials();
        if (names - before != 2) {
            throw new IllegalStateException("the fixture's Initials gave " + (names - before) + " names, expected 2");
        }
    }

    /** The client's Initial packets of one connection; returns the server names reported so far. */
    @Benchmark
    public long clientInitials() {
        int p = port == 65_535 ? 1024 : port + 1;
        port = p;
        now += SECOND / 1000;
        for (DecodedPacket packet : initials) {
            packet.sourcePort = p;
            packet.timestampNanos = now;
            inspector.inspectDatagram(packet);
        }
        return names;
    }
}
