package io.banwatch.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecodeAnomalyTest {

    @Test
    void layersAndReasonsAreLowerSnakeCase() {
        for (DecodeAnomaly anomaly : DecodeAnomaly.values()) {
            assertThat(anomaly.layer()).matches("[a-z][a-z0-9_]*");
            assertThat(anomaly.reason()).isEqualTo(anomaly.name().toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(DecodeAnomaly.VLAN_TOO_MANY_TAGS.layer()).isEqualTo("vlan");
        assertThat(DecodeAnomaly.VLAN_TOO_MANY_TAGS.reason()).isEqualTo("vlan_too_many_tags");
    }

    @Test
    void theDecoderRegistersEveryReasonAtZero() {
        AnomalyCounters counters = new AnomalyCounters();
        new PacketDecoder(counters);
        int[] registered = {0};
        counters.forEach((anomaly, count) -> registered[0]++);
        assertThat(registered[0]).isEqualTo(DecodeAnomaly.values().length);
        assertThat(counters.total()).isZero();
    }
}
