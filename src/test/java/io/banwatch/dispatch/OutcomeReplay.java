package io.banwatch.dispatch;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigLoader;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.event.Event;
import io.banwatch.inspect.blindspot.BlindSpotSettings;
import io.banwatch.inspect.blindspot.BlindSpots;
import io.banwatch.inspect.tls.TlsStats;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.outcome.ContactOutcomes;
import io.banwatch.sensor.Catalogs;
import io.banwatch.sensor.Sensor;
import io.banwatch.source.CaptureException;
import io.banwatch.source.Captures;
import io.banwatch.source.PcapCapture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Replays a capture through the per-packet path with outcome following, as a sensor does, collecting the events. */
final class OutcomeReplay {

    private static final CatalogMatcher MATCHER =
            Catalogs.matcher(ConfigLoader.defaults(Map.of()).catalog());

    final List<Event> events = new ArrayList<>();
    final AnomalyCounters anomalies = new AnomalyCounters();
    long packets;

    /** @param filtered with the default capture filter ({@code auto}), else every packet ({@code --bpf none}) */
    static OutcomeReplay run(Path capture, boolean filtered) {
        OutcomeReplay replay = new OutcomeReplay();
        BanwatchConfig config = ConfigLoader.defaults(Map.of());
        ContactOutcomes outcomes = new ContactOutcomes(
                Sensor.outcomeSettings(config), replay.anomalies, replay.events::add, () -> MATCHER);
        PacketProcessor processor = new PacketProcessor(
                config.inspect(),
                replay.anomalies,
                new TlsStats(),
                new MatchingSink(() -> MATCHER, replay.events::add, outcomes),
                () -> MATCHER,
                new BlindSpots(BlindSpotSettings.DEFAULTS, replay.anomalies));
        try (PcapCapture source = Captures.openFile(capture)) {
            if (filtered) {
                source.setDefaultFilter(config.capture().serverPorts());
            }
            source.run(processor);
            replay.packets = source.stats().packets();
        } catch (CaptureException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        processor.finish();
        return replay;
    }

    List<Event> outcomes() {
        return events.stream().filter(Event::isOutcome).toList();
    }
}
