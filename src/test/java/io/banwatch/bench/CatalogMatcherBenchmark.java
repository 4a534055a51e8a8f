package io.banwatch.bench;

import io.banwatch.match.CatalogLoader;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.match.Hostnames;
import io.banwatch.match.Match;
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
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Cost of matching one name against the shipped Kaspersky catalog: a typical miss, a glob hit and normalisation. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CatalogMatcherBenchmark {

    private static final long AFTER_BAN = 1_727_582_400_000_000_000L; // 2024-09-29T04:00:00Z

    private CatalogMatcher matcher;
    private String miss;
    private String sameTopLevelMiss;
    private String hit;
    private String mixedCase;

    @Setup
    public void setUp() {
        matcher = CatalogMatcher.of(List.of(CatalogLoader.loadBuiltIn("kaspersky")));
        // new String: the benchmark must not profit from interned literals shared with the catalog.
        miss = new String("www.googleapis.com");
        sameTopLevelMiss = new String("cdn.notkaspersky.com");
        hit = new String("dnl-07.geo.kaspersky.com");
        mixedCase = new String("DNL-07.Geo.Kaspersky.com.");
    }

    @Benchmark
    public Match matchMiss() {
        return matcher.matchHost(miss, AFTER_BAN);
    }

    @Benchmark
    public Match matchLookAlikeMiss() {
        return matcher.matchHost(sameTopLevelMiss, AFTER_BAN);
    }

    @Benchmark
    public Match matchGlobHit() {
        return matcher.matchHost(hit, AFTER_BAN);
    }

    @Benchmark
    public Match normalizeAndMatch() {
        return matcher.matchHost(Hostnames.normalize(mixedCase), AFTER_BAN);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                        .include(CatalogMatcherBenchmark.class.getSimpleName())
                        .build())
                .run();
    }
}
