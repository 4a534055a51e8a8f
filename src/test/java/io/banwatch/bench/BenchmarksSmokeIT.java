package io.banwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every JMH benchmark of this package once, briefly and in this JVM, with the GC profiler that
 * {@code bench/jmh.sh ... -prof gc} uses, so that a benchmark whose set-up no longer matches the code fails the
 * build instead of the next person who wants its figures. The scores mean nothing here.
 */
class BenchmarksSmokeIT {

    private static final List<String> BENCHMARKS = List.of(
            "ClientHelloParserBenchmark",
            "DnsInspectorBenchmark",
            "DecodeBenchmark",
            "TcpReassemblyBenchmark",
            "HttpRequestBenchmark",
            "QuicInitialBenchmark",
            "PacketProcessorBenchmark",
            "FloodBenchmark",
            "CatalogMatcherBenchmark",
            "HandOffBenchmark",
            "StoreHandOffBenchmark");

    @Test
    void everyBenchmarkRunsWithTheGcProfiler() throws Exception {
        Options options = new OptionsBuilder()
                .include("io\\.banwatch\\.bench\\.(" + String.join("|", BENCHMARKS) + ")\\.")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .timeout(TimeValue.seconds(60))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        assertThat(results).isNotEmpty();
        assertThat(results.stream().map(r -> r.getParams().getBenchmark().replaceAll("\\.[^.]+$", "")))
                .map(name -> name.substring(name.lastIndexOf('.') + 1))
                .containsAll(BENCHMARKS);
        for (RunResult result : results) {
            assertThat(result.getPrimaryResult().getScore())
                    .as(result.getParams().getBenchmark())
                    .isPositive();
            assertThat(result.getSecondaryResults()).as("GC profiler figures").containsKey("gc.alloc.rate.norm");
        }
    }
}
