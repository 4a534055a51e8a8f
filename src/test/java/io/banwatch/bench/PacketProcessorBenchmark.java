package io.banwatch.bench;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigLoader;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.dispatch.PacketProcessor;
import io.banwatch.inspect.tls.TlsStats;
import io.banwatch.source.CaptureException;
import io.banwatch.source.Captures;
import io.banwatch.source.PcapCapture;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole per-packet path (decode, flow, DNS/TLS/QUIC/HTTP inspection) over the packets of the bundled demo
 * sample, held in memory so that libpcap is not measured: nanoseconds per packet. Each invocation replays the
 * sample through a fresh processor, so flows start anew as in a capture. Run with {@code bench/jmh.sh
 * PacketProcessorBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PacketProcessorBenchmark {

    /** Packets of the demo sample that pass the default capture filter. */
    static final int PACKETS = 318;

    /** The smallest flow table: a fresh processor per invocation must not measure allocating a large one. */
    private static final BanwatchConfig.Inspect SMALL_TABLES = ConfigLoader.parse(
                    "benchmark", "inspect:\n  max_flows: 1024\n", Map.of())
            .inspect();

    private final List<byte[]> frames = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();
    private int linkType;

    @Setup
    public void load() throws Exception {
        Path sample = Files.createTempFile("banwatch-bench-", ".pcapng");
        try (InputStream in = getClass().getResourceAsStream("/io/banwatch/sample/demo.pcapng")) {
            Files.copy(in, sample, StandardCopyOption.REPLACE_EXISTING);
        }
        try (PcapCapture capture = Captures.openFile(sample)) {
            capture.setDefaultFilter(List.of(80, 443, 8080, 8443));
            linkType = capture.linkType();
            capture.run((type, data, captureLength, wireLength, timestampNanos) -> {
                frames.add(java.util.Arrays.copyOf(data, captureLength));
                times.add(timestampNanos);
            });
        } catch (CaptureException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            Files.deleteIfExists(sample);
        }
        if (frames.size() != PACKETS) {
            throw new IllegalStateException("the demo sample has " + frames.size() + " packets, expected " + PACKETS);
        }
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void replayDemoSample(Blackhole sink) {
        PacketProcessor processor =
                new PacketProcessor(SMALL_TABLES, new AnomalyCounters(), new TlsStats(), sink::consume);
        for (int i = 0; i < PACKETS; i++) {
            byte[] frame = frames.get(i);
            processor.onPacket(linkType, frame, frame.length, frame.length, times.get(i));
        }
    }
}
