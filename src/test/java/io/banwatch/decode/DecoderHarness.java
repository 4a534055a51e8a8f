package io.banwatch.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A decoder with its own counters and output packet, and assertions on what it decoded. */
final class DecoderHarness {

    static final long T0 = 1_727_582_400_000_000_000L;

    final AnomalyCounters anomalies = new AnomalyCounters();
    final PacketDecoder decoder;
    final DecodedPacket out = new DecodedPacket();

    DecoderHarness() {
        this(FragmentLimits.DEFAULTS);
    }

    DecoderHarness(FragmentLimits limits) {
        decoder = new PacketDecoder(anomalies, limits);
    }

    boolean decode(int linkType, byte[] frame) {
        return decoder.decode(linkType, frame, frame.length, frame.length, T0, out);
    }

    boolean decodeAt(long timestampNanos, int linkType, byte[] frame) {
        return decoder.decode(linkType, frame, frame.length, frame.length, timestampNanos, out);
    }

    byte[] payload() {
        return Arrays.copyOfRange(out.data, out.payloadOffset, out.payloadOffset + out.payloadLength);
    }

    String payloadText() {
        return new String(payload(), StandardCharsets.US_ASCII);
    }

    byte[] source() {
        return Arrays.copyOf(out.sourceAddress, out.addressLength());
    }

    byte[] destination() {
        return Arrays.copyOf(out.destinationAddress, out.addressLength());
    }

    long count(DecodeAnomaly anomaly) {
        return anomalies.get(anomaly);
    }

    /** Asserts the packet of {@link Frames#tlsTcp4()}: 10.0.0.1:50000 → 192.0.2.53:443, PSH+ACK, "hello". */
    void assertTlsTcp4() {
        assertThat(out.ipVersion).isEqualTo(4);
        assertThat(source()).containsExactly(Frames.CLIENT4);
        assertThat(destination()).containsExactly(Frames.SERVER4);
        assertTlsTcp();
    }

    void assertTlsTcp6() {
        assertThat(out.ipVersion).isEqualTo(6);
        assertThat(source()).containsExactly(Frames.CLIENT6);
        assertThat(destination()).containsExactly(Frames.SERVER6);
        assertTlsTcp();
    }

    private void assertTlsTcp() {
        assertThat(out.transport).isEqualTo(DecodedPacket.TCP);
        assertThat(out.sourcePort).isEqualTo(50000);
        assertThat(out.destinationPort).isEqualTo(443);
        assertThat(out.sequence).isEqualTo(1000);
        assertThat(out.acknowledgement).isEqualTo(2000);
        assertThat(out.tcpFlags).isEqualTo(DecodedPacket.PSH | DecodedPacket.ACK);
        assertThat(payloadText()).isEqualTo("hello");
    }

    /** Asserts the packet of {@link Frames#dnsQueryUdp4()}. */
    void assertDnsUdp4() {
        assertThat(out.ipVersion).isEqualTo(4);
        assertThat(source()).containsExactly(Frames.CLIENT4);
        assertThat(destination()).containsExactly(Frames.SERVER4);
        assertThat(out.transport).isEqualTo(DecodedPacket.UDP);
        assertThat(out.sourcePort).isEqualTo(51234);
        assertThat(out.destinationPort).isEqualTo(53);
        assertThat(payloadText()).isEqualTo("dns-query");
    }
}
