package io.banwatch.bench;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.Endpoint;
import io.banwatch.flow.StreamContext;
import io.banwatch.inspect.http.HttpRequestParser;
import java.nio.charset.StandardCharsets;
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
 * Reading one HTTP/1.1 request head (RFC 9112 section 3) as a Kaspersky updater sends it, up to its Host header and
 * the observation: operations per second. Run with {@code bench/jmh.sh HttpRequestBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpRequestBenchmark {

    private static final byte[] REQUEST = ("GET /diffs/bases/av/kdb/i386/kdb-i386-0607g.xml.dif HTTP/1.1\r\n"
                    + "Host: dnl-07.geo.kaspersky.com\r\n"
                    + "User-Agent: KasperskyLab_AV/21.3.10.391\r\n"
                    + "Accept: */*\r\n"
                    + "Accept-Encoding: gzip, deflate\r\n"
                    + "Connection: keep-alive\r\n"
                    + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final StreamContext context = new StreamContext() {
        private final Endpoint client = Endpoint.parse("10.4.7.19", 51234);
        private final Endpoint server = Endpoint.parse("192.0.2.44", 80);

        @Override
        public long timestampNanos() {
            return 1_727_704_992_000_000_000L;
        }

        @Override
        public Endpoint source() {
            return client;
        }

        @Override
        public Endpoint destination() {
            return server;
        }

        @Override
        public int vlanId() {
            return -1;
        }

        @Override
        public long tunnelId() {
            return -1;
        }
    };

    private HttpRequestParser parser;
    private String lastHost;

    @Setup
    public void setUp() {
        parser = new HttpRequestParser(new AnomalyCounters(), observation -> lastHost = observation.name());
        parser.parse(context, REQUEST, 0, REQUEST.length);
        if (!"dnl-07.geo.kaspersky.com".equals(lastHost)) {
            throw new IllegalStateException("the request was not read: " + lastHost);
        }
    }

    @Benchmark
    public String parseRequestHead() {
        parser.parse(context, REQUEST, 0, REQUEST.length);
        return lastHost;
    }
}
