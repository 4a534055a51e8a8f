package io.banwatch.attribute;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import io.banwatch.match.CatalogMatcher;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Learning answers and looking addresses up allocate nothing beyond the answers' own data. */
class AddressMapAllocationTest {

    @Test
    void learningAndLookingUpAllocateNothing() {
        DnsAddressMap map = new DnsAddressMap(new AddressMapLimits(64, 4, 300, 86_400), new AnomalyCounters());
        NameAttribution attribution = new NameAttribution(map, CatalogMatcher::empty);
        Observation[] answers = new Observation[200]; // more addresses than the map holds: eviction runs too
        for (int i = 0; i < answers.length; i++) {
            answers[i] = DnsAddressMapTest.answer(
                    DnsAddressMapTest.T0 + i,
                    DnsAddressMapTest.CLIENT,
                    "q" + i + ".example",
                    DnsAddressMapTest.cname("q" + i + ".example", "edge.example.net"),
                    DnsRecord.parse("edge.example.net", "A", 60, "192.0.2." + (i % 250)),
                    DnsRecord.parse("edge.example.net", "AAAA", 60, "2001:db8::" + Integer.toHexString(i)));
        }
        byte[] server = Endpoint.parse("192.0.2.7", 0).address();
        byte[] client = DnsAddressMapTest.CLIENT.address();
        run(map, attribution, answers, server, client);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(threadId);
        for (int round = 0; round < 50; round++) {
            run(map, attribution, answers, server, client);
        }
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        // some hundred bytes are the measurement's own; one allocation per answer would be over 160 KB
        assertThat(allocated).isLessThan(16_384);
    }

    private static void run(
            DnsAddressMap map, NameAttribution attribution, Observation[] answers, byte[] server, byte[] client) {
        for (Observation answer : answers) {
            map.learn(answer);
            attribution.nameFor(server, server.length, client, client.length, answer.timestampNanos());
        }
    }
}
