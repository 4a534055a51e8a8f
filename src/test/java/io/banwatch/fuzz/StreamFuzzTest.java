package io.banwatch.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.flow.FlowLimits;
import io.banwatch.flow.StreamParser;
import io.banwatch.flow.TcpStreamTracker;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.dns.DnsInspector;
import io.banwatch.inspect.dns.DnsTcpStreamParser;
import io.banwatch.inspect.http.HttpRequestParser;
import io.banwatch.inspect.kaspersky.KasperskyStreamParser;
import io.banwatch.inspect.socks.SocksStreamParser;
import io.banwatch.inspect.tls.TlsStats;
import io.banwatch.inspect.tls.TlsStreamParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Each TCP stream parser behind the real reassembler, on segments the fuzzer chooses: TLS ClientHello records, HTTP
 * request heads, a SOCKS handshake and the tunnel after it, DNS messages with a length prefix, and Kaspersky's native
 * protocol. Nothing throws; buffers stay within the flow limits; observations are well formed.
 *
 * <p>Input: records of {@link FuzzRecords}, one segment each. A record's first byte holds flags (bit 0: from the
 * server; bit 1: the next two bytes place the segment at that stream offset instead of after the previous one, which
 * makes gaps, overlaps and retransmissions; bit 2: FIN; bit 3: RST); the rest is the payload.
 */
class StreamFuzzTest {

    /** Small bounds, so that the fuzzer reaches them. */
    private static final FlowLimits LIMITS =
            new FlowLimits(16, FlowLimits.DEFAULT_TCP_IDLE_NANOS, 1_000_000_000L, 4, 256 << 10);

    @FuzzTest(maxDuration = FuzzDurations.PER_TARGET)
    void tlsStream(byte[] input) {
        run(input, 443, (anomalies, sink) -> List.of(new TlsStreamParser(anomalies, sink, new TlsStats())), Map.of());
    }

    @FuzzTest(maxDuration = FuzzDurations.PER_TARGET)
    void httpStream(byte[] input) {
        run(input, 80, (anomalies, sink) -> List.of(new HttpRequestParser(anomalies, sink)), Map.of());
    }

    /** SOCKS first, then whatever the tunnel carries, re-sniffed by the parsers a sensor runs. */
    @FuzzTest(maxDuration = FuzzDurations.PER_TARGET)
    void socksStream(byte[] input) {
        run(
                input,
                1080,
                (anomalies, sink) -> List.of(
                        new SocksStreamParser(anomalies),
                        new TlsStreamParser(anomalies, sink, new TlsStats()),
                        new HttpRequestParser(anomalies, sink)),
                Map.of());
    }

    @FuzzTest(maxDuration = FuzzDurations.PER_TARGET)
    void kasperskyStream(byte[] input) {
        run(input, 443, (anomalies, sink) -> List.of(new KasperskyStreamParser(sink)), Map.of());
    }

    /** DNS over TCP (RFC 7766): two-byte length prefixes, several messages per segment or one over many. */
    @FuzzTest(maxDuration = FuzzDurations.PER_TARGET)
    void dnsTcpStream(byte[] input) {
        List<Observation> observations = new ArrayList<>();
        AnomalyCounters anomalies = new AnomalyCounters();
        DnsTcpStreamParser dns = new DnsTcpStreamParser(new DnsInspector(anomalies, observations::add));
        feed(input, 53, new TcpStreamTracker(LIMITS, anomalies, List.of(), Map.of(53, dns)), observations);
    }

    private static void run(
            byte[] input,
            int serverPort,
            BiFunction<AnomalyCounters, io.banwatch.inspect.ObservationSink, List<StreamParser>> parsers,
            Map<Integer, StreamParser> byPort) {
        List<Observation> observations = new ArrayList<>();
        AnomalyCounters anomalies = new AnomalyCounters();
        TcpStreamTracker tracker =
                new TcpStreamTracker(LIMITS, anomalies, parsers.apply(anomalies, observations::add), byPort);
        feed(input, serverPort, tracker, observations);
    }

    private static void feed(byte[] input, int serverPort, TcpStreamTracker tracker, List<Observation> observations) {
        long clientIsn = 1000, serverIsn = 90_000;
        long time = FuzzPackets.T0;
        tracker.onSegment(FuzzPackets.tcp(true, serverPort, clientIsn, DecodedPacket.SYN, new byte[0], time));
        DecodedPacket synAck =
                FuzzPackets.tcp(false, serverPort, serverIsn, DecodedPacket.SYN | DecodedPacket.ACK, new byte[0], time);
        synAck.acknowledgement = clientIsn + 1;
        tracker.onSegment(synAck);
        long clientOffset = 0, serverOffset = 0;
        for (byte[] record : FuzzRecords.split(input)) {
            if (record.length == 0) {
                continue;
            }
            int flags = record[0];
            boolean fromClient = (flags & 1) == 0;
            int skip = 1;
            long offset = fromClient ? clientOffset : serverOffset;
            if ((flags & 2) != 0) {
                offset = FuzzRecords.u16(record, 1);
                skip = 3;
            }
            byte[] payload = java.util.Arrays.copyOfRange(record, Math.min(skip, record.length), record.length);
            int tcpFlags = DecodedPacket.ACK | DecodedPacket.PSH;
            tcpFlags |= (flags & 4) != 0 ? DecodedPacket.FIN : 0;
            tcpFlags |= (flags & 8) != 0 ? DecodedPacket.RST : 0;
            long sequence = (fromClient ? clientIsn : serverIsn) + 1 + offset;
            time += 1_000_000L;
            tracker.onSegment(FuzzPackets.tcp(fromClient, serverPort, sequence, tcpFlags, payload, time));
            if (fromClient) {
                clientOffset = offset + payload.length;
            } else {
                serverOffset = offset + payload.length;
            }
            assertThat(tracker.bufferedBytes()).isBetween(0L, LIMITS.globalBufferBytes());
            assertThat(tracker.activeFlows()).isBetween(0, LIMITS.maxFlows());
        }
        for (Observation observation : observations) {
            FuzzInvariants.wellFormed(observation);
        }
    }
}
