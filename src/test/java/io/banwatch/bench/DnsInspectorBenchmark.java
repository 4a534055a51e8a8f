package io.banwatch.bench;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Transport;
import io.banwatch.inspect.dns.DnsInspector;
import java.util.HexFormat;
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
import org.openjdk.jmh.infra.Blackhole;

/** Cost of inspecting one DNS query and one response with a CNAME, two A and one AAAA records. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DnsInspectorBenchmark {

    /** dnl-01.geo.kaspersky.com A, id 0x1234, RD. */
    private static final byte[] QUERY = HexFormat.of()
            .parseHex("123401000001000000000000" + "06646e6c2d30310367656f096b6173706572736b79" + "03636f6d00"
                    + "00010001");

    /**
     * The same question answered: CNAME dnl-01.geo.kaspersky.com -> cdn.kaspersky.com (compressed), two A and one
     * AAAA record of the CNAME target.
     */
    private static final byte[] RESPONSE = HexFormat.of()
            .parseHex("123481800001000400000000" + "06646e6c2d30310367656f096b6173706572736b79" + "03636f6d00"
                    + "00010001"
                    + "c00c000500010000012c0006" + "0363646ec017"
                    + "c03600010001000000780004" + "c0000201"
                    + "c03600010001000000780004" + "c0000202"
                    + "c036001c00010000007800102001" + "0db8000000000000000000000053");

    private static final Endpoint CLIENT = Endpoint.parse("10.1.2.3", 51234);
    private static final Endpoint SERVER = Endpoint.parse("8.8.8.8", 53);

    private DnsInspector inspector;
    private Observation last;

    @Setup
    public void setUp() {
        inspector = new DnsInspector(new AnomalyCounters(), observation -> last = observation);
        inspector.inspectMessage(1L, Transport.UDP, SERVER, CLIENT, -1, -1, RESPONSE, 0, RESPONSE.length);
        if (last.dns().answers().size() != 4) {
            throw new IllegalStateException("benchmark response fixture is malformed: " + last);
        }
    }

    @Benchmark
    public void query(Blackhole blackhole) {
        inspector.inspectMessage(1L, Transport.UDP, CLIENT, SERVER, -1, -1, QUERY, 0, QUERY.length);
        blackhole.consume(last);
    }

    @Benchmark
    public void response(Blackhole blackhole) {
        inspector.inspectMessage(1L, Transport.UDP, SERVER, CLIENT, -1, -1, RESPONSE, 0, RESPONSE.length);
        blackhole.consume(last);
    }
}
