package io.banwatch.dispatch;

import static io.banwatch.dispatch.TestFrames.ACK;
import static io.banwatch.dispatch.TestFrames.ETHERNET;
import static io.banwatch.dispatch.TestFrames.SYN;
import static io.banwatch.dispatch.TestFrames.tcp;
import static io.banwatch.dispatch.TestFrames.udp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The symmetric flow hash that shares packets among inspection workers, on frames built from the RFC layouts. */
class FlowShardTest {

    static final int WORKERS = 4;

    static int worker(byte[] frame) {
        return FlowShard.worker(ETHERNET, frame, frame.length, WORKERS);
    }

    @Test
    void bothDirectionsOfEveryFlowGoToOneWorker() {
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String client = "10.1." + (i / 250) + "." + (i % 250 + 1);
            String server = "203.0.113." + (i % 200 + 1);
            int port = 40_000 + i;
            int out = worker(tcp(client, port, server, 443, 1, SYN, new byte[0]));
            int back = worker(tcp(server, 443, client, port, 9, 2, SYN | ACK, new byte[0]));
            assertThat(back).as("flow %d", i).isEqualTo(out);
            int udpOut = worker(udp(client, port, server, 443, new byte[20]));
            int udpBack = worker(udp(server, 443, client, port, new byte[20]));
            assertThat(udpBack).isEqualTo(udpOut);
            used.add(out);
        }
        assertThat(used).as("200 clients spread over every worker").hasSize(WORKERS);
    }

    @Test
    void ipv6FlowsToo() {
        for (int i = 1; i < 50; i++) {
            String client = "2001:db8::" + Integer.toHexString(i);
            int out = worker(tcp(client, 50_000, "2001:db8:1::7", 443, 1, SYN, new byte[0]));
            int back = worker(tcp("2001:db8:1::7", 443, client, 50_000, 9, 2, SYN | ACK, new byte[0]));
            assertThat(back).isEqualTo(out);
        }
    }

    @Test
    void everyFragmentOfADatagramGoesWhereItsFirstFragmentGoes() {
        for (int i = 1; i < 50; i++) {
            byte[] first = udp("10.2.0." + i, 53, "10.3.0.1", 40_000, new byte[64]);
            byte[] later = first.clone();
            first[14 + 6] = 0x20; // MF, offset 0 (RFC 791 section 3.1)
            later[14 + 6] = 0x00;
            later[14 + 7] = 0x05; // offset 40 bytes, no UDP header here
            assertThat(worker(later)).isEqualTo(worker(first));
            byte[] whole = tcp("10.3.0.1", 40_000, "10.2.0." + i, 53, 1, SYN, new byte[0]);
            assertThat(worker(whole))
                    .as("the flow's packets that are not fragmented")
                    .isEqualTo(worker(first));
        }
    }

    @Test
    void anIcmpErrorGoesToTheWorkerOfTheFlowItQuotes() {
        for (int i = 1; i < 50; i++) {
            String client = "10.4.0." + i;
            byte[] syn = tcp(client, 45_000 + i, "198.51.100.9", 443, 1, SYN, new byte[0]);
            byte[] unreachable = icmpError("192.0.2.1", client, syn);
            assertThat(worker(unreachable)).isEqualTo(worker(syn));
        }
    }

    @Test
    void framesItCannotReadGoToWorkerZero() {
        assertThat(FlowShard.worker(ETHERNET, new byte[10], 10, WORKERS)).isZero();
        byte[] arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertThat(FlowShard.worker(ETHERNET, arp, arp.length, WORKERS)).isZero();
        byte[] truncated = tcp("10.0.0.1", 40_000, "10.0.0.2", 443, 1, SYN, new byte[0]);
        assertThat(FlowShard.worker(ETHERNET, truncated, 20, WORKERS)).isZero();
        assertThat(FlowShard.worker(ETHERNET, truncated, truncated.length, 1)).isZero();
    }

    /** ICMPv4 destination unreachable, port unreachable (RFC 792), quoting the IP header and 8 bytes of {@code frame}. */
    static byte[] icmpError(String from, String to, byte[] frame) {
        int quoted = 20 + 8;
        byte[] out = new byte[14 + 20 + 8 + quoted];
        System.arraycopy(frame, 0, out, 0, 14);
        out[14] = 0x45;
        int total = 20 + 8 + quoted;
        out[16] = (byte) (total >> 8);
        out[17] = (byte) total;
        out[22] = 64;
        out[23] = 1; // ICMP
        System.arraycopy(TestFrames.ip(from), 0, out, 26, 4);
        System.arraycopy(TestFrames.ip(to), 0, out, 30, 4);
        out[34] = 3; // destination unreachable
        out[35] = 3; // port unreachable
        System.arraycopy(frame, 14, out, 42, quoted);
        return out;
    }
}
