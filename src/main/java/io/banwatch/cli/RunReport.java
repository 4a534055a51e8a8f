package io.banwatch.cli;

import io.banwatch.decode.Anomaly;
import io.banwatch.inspect.blindspot.BlindSpotKind;
import io.banwatch.inspect.blindspot.EchOuterNames;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.match.Match;
import io.banwatch.match.Phase;
import io.banwatch.match.PolicyPhases;
import io.banwatch.match.VendorCatalog;
import io.banwatch.pipeline.PipelineSummary;
import io.banwatch.sensor.Findings;
import io.banwatch.sensor.PhaseClock;
import io.banwatch.sensor.Replay;
import io.banwatch.sensor.Sensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay found, in the order a security lead reads it: the policy timeline with how much of the capture
 * fell in each phase, one row per host, then the detail, then the sensor's own totals. Rendered as text for people
 * ({@link RunReportText}) and as JSON for scripts ({@link RunReportJson}) from this one model, so the two never
 * disagree.
 */
record RunReport(
        Replay.Result result,
        List<VendorTimeline> timelines,
        List<Findings.HostRow> hosts,
        List<Findings.Row> rows,
        long rowsLeftOut,
        PipelineSummary pipeline,
        Map<String, Long> anomalies,
        Map<BlindSpotKind, Long> blindSpots,
        List<EchOuterName> echOuterNames,
        StoreStatus store) {

    /** What this run wrote to the event store; null when it kept none. */
    record StoreStatus(String path, long written, long dropped, long failed) {}

    /** One vendor's policy phases with the packets of the capture that fell in each. */
    record VendorTimeline(String vendor, String displayName, List<PhaseSpan> phases) {

        /** The phase in which update and KSN traffic is banned, or null when the catalog has none. */
        PhaseSpan deadline() {
            return phases.stream()
                    .filter(p -> p.name().equals(PolicyPhases.UPDATES_BANNED))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** @param startNanos the phase's start, or {@link Long#MIN_VALUE} for the time before the first phase */
    record PhaseSpan(String name, long startNanos, String description, long packets) {}

    /** @param vendorMatch the catalog rule the outer name itself matches, or null */
    record EchOuterName(String name, long count, Match vendorMatch) {}

    static RunReport of(Replay.Result result, Sensor sensor) {
        List<VendorTimeline> timelines = new ArrayList<>();
        PhaseClock clock = result.phases();
        List<VendorCatalog> catalogs = sensor.catalogs();
        for (int v = 0; v < catalogs.size(); v++) {
            VendorCatalog catalog = catalogs.get(v);
            long[] packets = clock.counts(v);
            List<PhaseSpan> spans = new ArrayList<>();
            spans.add(new PhaseSpan(PolicyPhases.BEFORE_FIRST_PHASE, Long.MIN_VALUE, "", packets[0]));
            List<Phase> phases = catalog.policy().phases();
            for (int i = 0; i < phases.size(); i++) {
                Phase phase = phases.get(i);
                spans.add(new PhaseSpan(phase.name(), phase.startNanos(), phase.description(), packets[i + 1]));
            }
            timelines.add(new VendorTimeline(catalog.id(), catalog.displayName(), spans));
        }
        Map<String, Long> anomalies = new TreeMap<>();
        sensor.anomalies().forEach((Anomaly anomaly, java.util.concurrent.atomic.LongAdder count) -> {
            long value = count.sum();
            if (value > 0) {
                anomalies.put(anomaly.layer() + "/" + anomaly.reason(), value);
            }
        });
        Map<BlindSpotKind, Long> blindSpots = new LinkedHashMap<>();
        for (BlindSpotKind kind : BlindSpotKind.values()) {
            long count = sensor.blindSpots().count(kind);
            if (count > 0) {
                blindSpots.put(kind, count);
            }
        }
        CatalogMatcher matcher = CatalogMatcher.of(catalogs);
        List<EchOuterName> outer = new ArrayList<>();
        for (EchOuterNames.NameCount name : sensor.blindSpots().echOuterNames()) {
            outer.add(new EchOuterName(name.name(), name.count(), matcher.matchHost(name.name(), clock.lastNanos())));
        }
        Findings findings = sensor.findings();
        StoreStatus store = sensor.store() == null
                ? null
                : new StoreStatus(
                        sensor.store().store().location(),
                        sensor.store().written(),
                        sensor.store().dropped(),
                        sensor.store().failed());
        return new RunReport(
                result,
                timelines,
                findings.hosts(),
                findings.rows(),
                findings.overflow(),
                sensor.pipeline().summary(),
                anomalies,
                blindSpots,
                outer,
                store);
    }
}
