package io.banwatch.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.FragmentLimits;
import io.banwatch.decode.PacketDecoder;
import java.util.List;

/**
 * The decoder on arbitrary frames: every link layer, VLAN/MPLS/PPPoE, IPv4/IPv6 with extension headers and every
 * tunnel (GRE, ERSPAN, VXLAN, Geneve, GTP-U, Teredo, IP-in-IP), and IP fragment reassembly over a sequence of
 * frames. Nothing throws; a decoded window lies inside the capture; the fragment table keeps its caps.
 */
class DecodeFuzzTest {

    /** One frame: a two-byte pcap link type, then the frame. */
    @FuzzTest(maxDuration = FuzzDurations.PER_TARGET)
    void frame(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int linkType = FuzzRecords.u16(input, 0);
        byte[] frame = java.util.Arrays.copyOfRange(input, 2, input.length);
        AnomalyCounters anomalies = new AnomalyCounters();
        PacketDecoder decoder = new PacketDecoder(anomalies);
        DecodedPacket out = new DecodedPacket();
        if (decoder.decode(linkType, frame, frame.length, frame.length, FuzzPackets.T0, out)) {
            FuzzInvariants.decodedInBounds(out, frame, frame.length);
        }
        assertThat(decoder.fragmentBytesBuffered()).isBetween(0L, FragmentLimits.DEFAULTS.maxBytes());
    }

    /**
     * A sequence of frames (records of {@link FuzzRecords}: a two-byte link type, a two-byte time step in
     * milliseconds, the frame), decoded by one decoder with small fragment caps so that the fuzzer reaches them:
     * overlapping, duplicate, out-of-order and expired fragments of IPv4 and IPv6.
     */
    @FuzzTest(maxDuration = FuzzDurations.PER_TARGET)
    void fragmentSequence(byte[] input) {
        FragmentLimits limits = new FragmentLimits(8, 16 * 1024, java.time.Duration.ofSeconds(2), 16);
        AnomalyCounters anomalies = new AnomalyCounters();
        PacketDecoder decoder = new PacketDecoder(anomalies, limits);
        DecodedPacket out = new DecodedPacket();
        long time = FuzzPackets.T0;
        List<byte[]> records = FuzzRecords.split(input);
        for (byte[] record : records) {
            if (record.length < 4) {
                continue;
            }
            int linkType = FuzzRecords.u16(record, 0);
            time += FuzzRecords.u16(record, 2) * 1_000_000L;
            byte[] frame = java.util.Arrays.copyOfRange(record, 4, record.length);
            if (decoder.decode(linkType, frame, frame.length, frame.length, time, out)) {
                FuzzInvariants.decodedInBounds(out, frame, frame.length);
            }
            assertThat(decoder.fragmentedDatagramsInProgress()).isBetween(0, limits.maxDatagrams());
            assertThat(decoder.fragmentBytesBuffered()).isBetween(0L, limits.maxBytes());
        }
    }
}
