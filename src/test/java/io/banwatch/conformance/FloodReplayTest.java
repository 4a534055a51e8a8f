package io.banwatch.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.flow.FlowAnomaly;
import io.banwatch.inspect.Observation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Small variants of the floods {@code scripts/floodgen.py} writes, replayed through real libpcap and the whole
 * per-packet path: noise yields no Kaspersky name, and the budget a flood fills is counted as evicting.
 */
class FloodReplayTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"syn", "junk-udp", "garbage", "quic-junk", "dns-200a", "cname-chain"})
    void noiseYieldsNoKasperskyName(String kind) throws Exception {
        CaptureReplay replay = CaptureReplay.run(generate(kind, 3_000), false);

        assertThat(replay.observations)
                .extracting(Observation::name)
                .noneMatch(name -> name != null && name.contains("kaspersky"));
    }

    @Test
    void halfHellosBeyondTheBufferBudgetAreEvictedAndCounted() throws Exception {
        // 40,000 connections x 2 KiB buffers: more than the 64 MiB default budget
        CaptureReplay replay = CaptureReplay.run(generate("half-hello", 80_000), false);

        assertThat(replay.anomalies.get(FlowAnomaly.BUFFER_EVICTED)).isPositive();
        assertThat(replay.anomalies.get(FlowAnomaly.GLOBAL_BUFFER_BUDGET)).isZero();
        assertThat(replay.observations).isEmpty();
    }

    private Path generate(String kind, int packets) throws Exception {
        Path out = dir.resolve(kind + ".pcap");
        Process process = new ProcessBuilder(
                        "python3",
                        Path.of("scripts", "floodgen.py").toString(),
                        kind,
                        Integer.toString(packets),
                        out.toString())
                .inheritIO()
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.size(out)).isPositive();
        return out;
    }
}
