package io.banwatch.bench;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigLoader;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.dispatch.PacketProcessor;
import io.banwatch.inspect.tls.TlsStats;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole per-packet path (decode, UDP flows, inspection, attribution) under the two floods that cost the most per
 * packet: junk QUIC v1 Initials, each from a fresh address with a fresh connection ID and padded to 1,200 bytes, and
 * DNS responses with 200 A records of fresh addresses each; and under random garbage (Ethernet frames of random
 * bytes, 14 to 1,513 long, as {@code scripts/floodgen.py garbage} makes). One thread, default tables: packets per
 * second. Run with {@code bench/jmh.sh FloodBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FloodBenchmark {

    static final int LINKTYPE_ETHERNET = 1;
    static final int HEADERS = 14 + 20 + 8; // Ethernet, IPv4 without options, UDP
    static final int DNS_RECORDS = 200;

    private static final BanwatchConfig.Inspect DEFAULTS =
            ConfigLoader.parse("benchmark", "{}\n", Map.of()).inspect();

    private PacketProcessor processor;
    private final byte[] quicFrame = new byte[HEADERS + 1200];
    private byte[] dnsFrame;
    /** Ethernet, IPv4 and a 20-byte TCP header with SYN set, to 192.0.2.1 port 443. */
    private final byte[] synFrame = new byte[14 + 20 + 20];
    /** Random frames, a power of two of them: more than the caches hold, so each is read from memory as on a tap. */
    private final byte[][] garbage = new byte[1 << 14][];

    private int counter;
    private long now = 1_727_690_400_000_000_000L;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long iterationCpuNanos;
    private int iterationStartCounter;

    /**
     * On a machine shared with other work the wall-clock score understates the cost per packet on a free core; the
     * benchmark thread's CPU time per iteration gives that figure, printed as packets per CPU-second.
     */
    @Setup(Level.Iteration)
    public void startIteration() {
        iterationStartCounter = counter;
        iterationCpuNanos = threads.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        long cpu = threads.getCurrentThreadCpuTime() - iterationCpuNanos;
        long packets = counter - iterationStartCounter;
        System.out.printf(
                "%n  %,d packets in %.3f CPU-s of the benchmark thread: %,.0f packets per CPU-second%n",
                packets, cpu / 1e9, packets / (cpu / 1e9));
    }

    @Setup
    public void setUp(Blackhole sink) {
        processor = new PacketProcessor(DEFAULTS, new AnomalyCounters(), new TlsStats(), sink::consume);
        // a QUIC v1 client Initial: long header, 8-byte DCID, no SCID, no token, Length to the end; the rest junk
        new SplittableRandom(9).nextBytes(quicFrame);
        int q = HEADERS;
        quicFrame[q] = (byte) 0xc3;
        quicFrame[q + 1] = 0;
        quicFrame[q + 2] = 0;
        quicFrame[q + 3] = 0;
        quicFrame[q + 4] = 1;
        quicFrame[q + 5] = 8;
        quicFrame[q + 14] = 0;
        quicFrame[q + 15] = 0;
        quicFrame[q + 16] = (byte) (0x40 | (1200 - 18) >>> 8);
        quicFrame[q + 17] = (byte) (1200 - 18);
        headers(quicFrame, 50_000, 443);
        headers(synFrame, 50_000, 443);
        synFrame[14 + 9] = 6; // TCP
        synFrame[14 + 20 + 12] = 5 << 4; // data offset: 5 words
        synFrame[14 + 20 + 13] = 0x02; // SYN
        synFrame[14 + 20 + 14] = (byte) 0xff; // window
        for (int i = 14 + 20 + 4; i < 14 + 20 + 12; i++) {
            synFrame[i] = 0; // sequence and acknowledgement numbers, overwritten per packet
        }
        synFrame[14 + 20 + 16] = 0; // checksum (not verified)
        synFrame[14 + 20 + 17] = 0;
        dnsFrame = dnsResponse();
        headers(dnsFrame, 53, 50_000);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[random.nextInt(14, 1_514)];
            random.nextBytes(garbage[i]);
        }
    }

    /** Ethernet frames of random bytes. */
    @Benchmark
    public void randomGarbage() {
        byte[] frame = garbage[++counter & garbage.length - 1];
        processor.onPacket(LINKTYPE_ETHERNET, frame, frame.length, frame.length, now += 1_000);
    }

    /** Junk QUIC Initials from ever new addresses with ever new connection IDs. */
    @Benchmark
    public void junkQuicInitial() {
        int n = ++counter;
        writeInt(quicFrame, 14 + 12, 0x0a000000 | n & 0xffffff); // source 10.x.y.z
        writeInt(quicFrame, HEADERS + 6, n); // DCID bytes 0..3
        processor.onPacket(LINKTYPE_ETHERNET, quicFrame, quicFrame.length, quicFrame.length, now += 1_000);
    }

    /**
     * TCP SYNs from ever new addresses and ports, as {@code scripts/floodgen.py syn} sends: once the warm-up has filled
     * the flow table (262,144 flows, about 0.3 s of this benchmark), every SYN evicts the least recently seen flow and
     * reuses it. With {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per SYN in that steady state.
     */
    @Benchmark
    public void synFlood() {
        int n = ++counter;
        writeInt(synFrame, 14 + 12, 0x0a000000 | n & 0xffffff); // source 10.x.y.z
        writeInt(synFrame, 14 + 20 + 4, n * 0x9e3779b9); // sequence number
        processor.onPacket(LINKTYPE_ETHERNET, synFrame, synFrame.length, synFrame.length, now += 1_000);
    }

    /** DNS responses with 200 A records each, all of fresh addresses. */
    @Benchmark
    public void dnsResponse200Records() {
        int n = ++counter;
        int at = HEADERS + 12 + QNAME.length + 4;
        for (int r = 0; r < DNS_RECORDS; r++) {
            writeInt(dnsFrame, at + 12, n * DNS_RECORDS + r); // the A record's address
            at += 16;
        }
        processor.onPacket(LINKTYPE_ETHERNET, dnsFrame, dnsFrame.length, dnsFrame.length, now += 1_000);
    }

    private static final byte[] QNAME = {
        4, 'p', 'o', 'o', 'l', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'n', 'e', 't', 0
    };

    /** A response (RFC 1035 4.1) to pool.example.net A with 200 A records whose owner points at the question. */
    private static byte[] dnsResponse() {
        int length = 12 + QNAME.length + 4 + DNS_RECORDS * 16;
        byte[] frame = new byte[HEADERS + length];
        int at = HEADERS;
        frame[at] = 0x12;
        frame[at + 1] = 0x34;
        frame[at + 2] = (byte) 0x81;
        frame[at + 3] = (byte) 0x80;
        frame[at + 5] = 1; // QDCOUNT
        frame[at + 6] = (byte) (DNS_RECORDS >>> 8);
        frame[at + 7] = (byte) DNS_RECORDS; // ANCOUNT
        at += 12;
        System.arraycopy(QNAME, 0, frame, at, QNAME.length);
        at += QNAME.length;
        frame[at + 1] = 1; // QTYPE A
        frame[at + 3] = 1; // QCLASS IN
        at += 4;
        for (int r = 0; r < DNS_RECORDS; r++) {
            frame[at] = (byte) 0xc0; // owner: a pointer to the question name at offset 12
            frame[at + 1] = 12;
            frame[at + 3] = 1; // TYPE A
            frame[at + 5] = 1; // CLASS IN
            frame[at + 8] = 1; // TTL 256..
            frame[at + 11] = 4; // RDLENGTH
            at += 16;
        }
        return frame;
    }

    /** Ethernet II, IPv4 (10.0.0.x to 192.0.2.1 or back) and UDP headers for the payload after them. */
    private static void headers(byte[] frame, int sourcePort, int destinationPort) {
        frame[12] = 0x08; // EtherType IPv4
        frame[13] = 0x00;
        int ip = 14;
        int ipLength = frame.length - ip;
        frame[ip] = 0x45;
        frame[ip + 1] = 0;
        frame[ip + 2] = (byte) (ipLength >>> 8);
        frame[ip + 3] = (byte) ipLength;
        frame[ip + 4] = 0;
        frame[ip + 5] = 0;
        frame[ip + 6] = 0x40; // don't fragment
        frame[ip + 7] = 0;
        frame[ip + 8] = 64;
        frame[ip + 9] = 17; // UDP
        frame[ip + 10] = 0;
        frame[ip + 11] = 0;
        writeInt(frame, ip + 12, 0x0a000001);
        writeInt(frame, ip + 16, 0xc0000201);
        int udp = ip + 20;
        int udpLength = frame.length - udp;
        frame[udp] = (byte) (sourcePort >>> 8);
        frame[udp + 1] = (byte) sourcePort;
        frame[udp + 2] = (byte) (destinationPort >>> 8);
        frame[udp + 3] = (byte) destinationPort;
        frame[udp + 4] = (byte) (udpLength >>> 8);
        frame[udp + 5] = (byte) udpLength;
        frame[udp + 6] = 0;
        frame[udp + 7] = 0;
    }

    private static void writeInt(byte[] data, int at, int value) {
        data[at] = (byte) (value >>> 24);
        data[at + 1] = (byte) (value >>> 16);
        data[at + 2] = (byte) (value >>> 8);
        data[at + 3] = (byte) value;
    }
}
