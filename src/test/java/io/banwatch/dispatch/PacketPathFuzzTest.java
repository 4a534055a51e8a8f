package io.banwatch.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigLoader;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.event.Event;
import io.banwatch.fuzz.FuzzDurations;
import io.banwatch.fuzz.FuzzInvariants;
import io.banwatch.fuzz.FuzzPackets;
import io.banwatch.fuzz.FuzzRecords;
import io.banwatch.inspect.blindspot.BlindSpotSettings;
import io.banwatch.inspect.blindspot.BlindSpots;
import io.banwatch.inspect.tls.TlsStats;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.outcome.ContactOutcomes;
import io.banwatch.sensor.Catalogs;
import io.banwatch.sensor.Sensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The whole per-packet path of a sensor, from raw frame to event: decoding, TCP reassembly, every inspector, the
 * blind-spot counters, attribution from DNS answers, matching against the shipped catalog and outcome following.
 * Nothing throws; tables stay within their caps; every event's observation is well formed and carries the time of a
 * packet that was fed.
 *
 * <p>Input: records of {@link FuzzRecords}, one frame each: a two-byte pcap link type, a two-byte time step in
 * milliseconds, then the frame.
 */
class PacketPathFuzzTest {

    /** The smallest bounds the configuration allows, so that the fuzzer gets nearer to them. */
    private static final BanwatchConfig CONFIG = ConfigLoader.parse(
            "fuzz",
            "inspect:\n  max_flows: 1024\n  max_udp_flows: 1024\n  stream_buffer_budget_bytes: 1048576\n"
                    + "  attribution:\n    max_addresses: 1024\n",
            Map.of());

    private static final CatalogMatcher MATCHER = Catalogs.matcher(CONFIG.catalog());

    @FuzzTest(maxDuration = FuzzDurations.PER_TARGET)
    void frames(byte[] input) {
        List<Event> events = new ArrayList<>();
        AnomalyCounters anomalies = new AnomalyCounters();
        ContactOutcomes outcomes =
                new ContactOutcomes(Sensor.outcomeSettings(CONFIG), anomalies, events::add, () -> MATCHER);
        PacketProcessor processor = new PacketProcessor(
                CONFIG.inspect(),
                anomalies,
                new TlsStats(),
                new MatchingSink(() -> MATCHER, events::add, outcomes),
                () -> MATCHER,
                new BlindSpots(BlindSpotSettings.DEFAULTS, anomalies));
        long time = FuzzPackets.T0;
        for (byte[] record : FuzzRecords.split(input)) {
            if (record.length < 4) {
                continue;
            }
            int linkType = FuzzRecords.u16(record, 0);
            time += FuzzRecords.u16(record, 2) * 1_000_000L;
            byte[] frame = Arrays.copyOfRange(record, 4, record.length);
            processor.onPacket(linkType, frame, frame.length, frame.length, time);
            assertThat(processor.activeFlows()).isBetween(0, CONFIG.inspect().maxFlows());
            assertThat(processor.attributableAddresses())
                    .isBetween(0, CONFIG.inspect().attribution().maxAddresses());
        }
        processor.finish();
        for (Event event : events) {
            FuzzInvariants.wellFormed(event.observation());
            assertThat(event.observation().timestampNanos()).isBetween(FuzzPackets.T0, time);
        }
    }
}
