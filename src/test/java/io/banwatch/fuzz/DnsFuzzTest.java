package io.banwatch.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.dns.DnsInspector;
import java.util.ArrayList;
import java.util.List;

/**
 * The DNS inspector on one UDP datagram of any content: header, questions, compressed names with pointer loops and
 * forward pointers, answer records of every type. Nothing throws; observations are well formed. DNS over TCP is
 * {@link StreamFuzzTest#dnsTcpStream}.
 */
class DnsFuzzTest {

    /** The datagram: the first byte says the direction (bit 0 set: a response from the server), the rest is DNS. */
    @FuzzTest(maxDuration = FuzzDurations.PER_TARGET)
    void udpMessage(byte[] input) {
        if (input.length == 0) {
            return;
        }
        List<Observation> observations = new ArrayList<>();
        DnsInspector inspector = new DnsInspector(new AnomalyCounters(), observations::add);
        byte[] message = java.util.Arrays.copyOfRange(input, 1, input.length);
        inspector.inspectDatagram(FuzzPackets.udp((input[0] & 1) == 0, 53, message, FuzzPackets.T0));
        for (Observation observation : observations) {
            FuzzInvariants.wellFormed(observation);
        }
    }
}
