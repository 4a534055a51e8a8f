package io.banwatch.bench;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.Endpoint;
import io.banwatch.flow.StreamContext;
import io.banwatch.inspect.tls.ChromeHello;
import io.banwatch.inspect.tls.ClientHelloParser;
import io.banwatch.inspect.tls.ClientHelloResult;
import io.banwatch.inspect.tls.TlsStreamParser;
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
 * Cost of reading a 1.8 KB post-quantum ClientHello: the handshake parse alone, and the record walk with
 * reassembly and the observation. Run with {@code java -cp <test classpath> org.openjdk.jmh.Main ClientHelloParserBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClientHelloParserBenchmark {

    private byte[] handshake;
    private byte[] record;
    private byte[] fragmented;
    private TlsStreamParser streamParser;
    private String lastName;

    private final StreamContext context = new StreamContext() {
        private final Endpoint client = Endpoint.parse("10.4.7.19", 51234);
        private final Endpoint server = Endpoint.parse("192.0.2.44", 443);

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

    @Setup
    public void setUp() {
        handshake = ChromeHello.handshake("dnl-07.geo.kaspersky.com");
        record = records(handshake, handshake.length);
        fragmented = records(handshake, 600);
        streamParser = new TlsStreamParser(new AnomalyCounters(), observation -> lastName = observation.name());
    }

    /** The handshake cut into records of at most {@code recordSize} bytes. */
    private static byte[] records(byte[] handshake, int recordSize) {
        int count = (handshake.length + recordSize - 1) / recordSize;
        byte[] out = new byte[handshake.length + 5 * count];
        int o = 0;
        for (int start = 0; start < handshake.length; start += recordSize) {
            int length = Math.min(recordSize, handshake.length - start);
            out[o++] = 0x16;
            out[o++] = 3;
            out[o++] = 1;
            out[o++] = (byte) (length >>> 8);
            out[o++] = (byte) length;
            System.arraycopy(handshake, start, out, o, length);
            o += length;
        }
        return out;
    }

    @Benchmark
    public ClientHelloResult parseHandshake() {
        return ClientHelloParser.parse(handshake, 0, handshake.length);
    }

    @Benchmark
    public String parseOneRecord() {
        streamParser.parse(context, record, 0, record.length);
        return lastName;
    }

    @Benchmark
    public String parseFragmentedRecords() {
        streamParser.parse(context, fragmented, 0, fragmented.length);
        return lastName;
    }
}
