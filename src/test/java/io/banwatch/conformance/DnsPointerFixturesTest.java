package io.banwatch.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.Anomaly;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DNS names read through compression pointers that point forwards, chain through many hops, or loop (fixtures made by
 * {@code scripts/make-dns-pointer-fixtures.py}): banwatch reads exactly the names tshark reads (the oracle beside each
 * capture), counts every forward pointer and refuses, and counts, every loop.
 */
class DnsPointerFixturesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // capture, forward pointers counted, loops refused
        "forward-pointers.pcap, 4, 0",
        "pointer-chains.pcap, 2, 0", // the 40-hop chain is entered forwards, then runs backwards
        "pointer-loops.pcap, 0, 4",
    })
    void readsTheNamesTsharkReads(String name, long forward, long loops) throws Exception {
        Path capture = Path.of(getClass()
                .getResource("/io/banwatch/fixtures/dns-pointers/" + name)
                .toURI());
        CaptureReplay replay = CaptureReplay.run(capture);
        List<OracleRow> expected = OracleRow.read(capture.resolveSibling(name + ".oracle.tsv"));
        List<OracleRow> ours = ObservationRows.of(replay.observations);

        assertThat(OracleComparison.compare(expected, ours).differences)
                .as(name + " differences from its oracle")
                .isEmpty();
        assertThat(ours).hasSameSizeAs(expected);
        Map<String, Long> anomalies = new TreeMap<>();
        replay.anomalies.forEach((Anomaly anomaly, java.util.concurrent.atomic.LongAdder count) -> {
            if (count.sum() > 0) {
                anomalies.put(anomaly.layer() + "/" + anomaly.reason(), count.sum());
            }
        });
        Map<String, Long> wanted = new TreeMap<>();
        if (forward > 0) {
            wanted.put("dns/name_pointer_forward", forward);
        }
        if (loops > 0) {
            wanted.put("dns/name_pointer_loop", loops);
        }
        assertThat(anomalies).as(name + " anomalies").isEqualTo(wanted);
    }
}
