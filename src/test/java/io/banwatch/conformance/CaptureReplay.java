package io.banwatch.conformance;

import io.banwatch.config.ConfigLoader;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.dispatch.PacketProcessor;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.tls.TlsStats;
import io.banwatch.source.CaptureException;
import io.banwatch.source.Captures;
import io.banwatch.source.PcapCapture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Replays a capture file through the real source and per-packet path, with the default filter, in the test. */
final class CaptureReplay {

    final List<Observation> observations = new ArrayList<>();
    final AnomalyCounters anomalies = new AnomalyCounters();

    static List<Observation> observations(Path capture) {
        return run(capture).observations;
    }

    static CaptureReplay run(Path capture) {
        return run(capture, true);
    }

    /** With {@code filtered}, the default capture filter is installed, as in a replay with the default config. */
    static CaptureReplay run(Path capture, boolean filtered) {
        CaptureReplay replay = new CaptureReplay();
        var settings = ConfigLoader.defaults(Map.of());
        PacketProcessor processor =
                new PacketProcessor(settings.inspect(), replay.anomalies, new TlsStats(), replay.observations::add);
        try (PcapCapture source = Captures.openFile(capture)) {
            if (filtered) {
                source.setDefaultFilter(settings.capture().serverPorts());
            }
            source.run(processor);
        } catch (CaptureException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return replay;
    }
}
