package io.banwatch.inspect.quic;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.fuzz.FuzzDurations;
import io.banwatch.fuzz.FuzzInvariants;
import io.banwatch.fuzz.FuzzPackets;
import io.banwatch.fuzz.FuzzRecords;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.tls.TlsStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The QUIC inspector, fuzzed twice: on raw datagrams (long headers, coalesced packets, version and length fields,
 * header protection and a tag that fails), and on Initials that this harness seals with the real keys around frames
 * the fuzzer chooses, so that CRYPTO frame reading, reassembly by offset, its byte budget and the ClientHello parser
 * behind them are reached too. Nothing throws; the connection table keeps its caps; observations are well formed.
 *
 * <p>Input: records of {@link FuzzRecords}, one datagram each, whose first byte holds flags (bit 0: from the server).
 * In {@link #sealedInitials}, bits 1 and 2 choose one of four connection IDs and bit 3 pads the Initial to 1,200
 * bytes; the rest of the record is the Initial's plaintext frames.
 */
class QuicFuzzTest {

    /** Small bounds, so that the fuzzer reaches them. */
    private static final QuicLimits LIMITS = new QuicLimits(4, 16 * 1024, Duration.ofSeconds(10));

    private static final int SERVER_PORT = 443;

    @FuzzTest(maxDuration = FuzzDurations.PER_TARGET)
    void datagrams(byte[] input) {
        List<Observation> observations = new ArrayList<>();
        QuicInspector inspector = new QuicInspector(new AnomalyCounters(), observations::add, new TlsStats(), LIMITS);
        long time = FuzzPackets.T0;
        for (byte[] record : FuzzRecords.split(input)) {
            if (record.length == 0) {
                continue;
            }
            byte[] payload = Arrays.copyOfRange(record, 1, record.length);
            time += 1_000_000L;
            inspector.inspectDatagram(FuzzPackets.udp((record[0] & 1) == 0, SERVER_PORT, payload, time));
        }
        check(observations);
    }

    @FuzzTest(maxDuration = FuzzDurations.PER_TARGET)
    void sealedInitials(byte[] input) {
        List<Observation> observations = new ArrayList<>();
        QuicInspector inspector = new QuicInspector(new AnomalyCounters(), observations::add, new TlsStats(), LIMITS);
        long time = FuzzPackets.T0;
        long packetNumber = 0;
        for (byte[] record : FuzzRecords.split(input)) {
            if (record.length == 0) {
                continue;
            }
            int flags = record[0];
            byte[] frames = Arrays.copyOfRange(record, 1, record.length);
            InitialPacketBuilder builder = new InitialPacketBuilder()
                    .dcid(ClientFlight.cid((flags >> 1) & 3, 8))
                    .scid(ClientFlight.cid(100, 3))
                    .packetNumber(packetNumber++, 2);
            byte[] packet =
                    (flags & 8) != 0 ? builder.buildPadded(frames, ClientFlight.PADDED_SIZE) : builder.build(frames);
            time += 1_000_000L;
            inspector.inspectDatagram(FuzzPackets.udp((flags & 1) == 0, SERVER_PORT, packet, time));
        }
        check(observations);
    }

    private static void check(List<Observation> observations) {
        for (Observation observation : observations) {
            FuzzInvariants.wellFormed(observation);
            assertThat(observation.protocol()).isEqualTo(io.banwatch.inspect.Protocol.QUIC);
        }
    }
}
