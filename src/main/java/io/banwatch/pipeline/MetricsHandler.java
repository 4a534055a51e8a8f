package io.banwatch.pipeline;

import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import io.banwatch.metrics.BanwatchMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts every event, repeats included: observations per protocol, matches per vendor, category, protocol and
 * phase, and matches per offending host up to a cap of distinct hosts, past which they count as {@code _other}.
 * Outcome events count in {@code banwatch_outcomes_total}, by vendor, category and outcome, and raise the worst
 * outcome gauge of their host (the same capped hosts), so a dashboard can show each host's worst outcome.
 */
public final class MetricsHandler extends ChannelInboundHandlerAdapter {

    private record MatchSeries(String vendor, Category category, Protocol protocol, String phase) {}

    private record OffenderSeries(String vendor, Category category, String host) {}

    private record OutcomeSeries(String vendor, Category category, Outcome outcome) {}

    /** What decides which hosts keep their label: the most severe match seen, then the latest. */
    private static final class HostRank {
        Severity severity;
        long lastSeen;

        HostRank(Severity severity, long lastSeen) {
            this.severity = severity;
            this.lastSeen = lastSeen;
        }

        boolean below(HostRank other) {
            int bySeverity = severity.compareTo(other.severity);
            return bySeverity != 0 ? bySeverity < 0 : lastSeen < other.lastSeen;
        }
    }

    private final MeterRegistry registry;
    private final int maxHostSeries;
    private final Map<Protocol, Counter> observations = new EnumMap<>(Protocol.class);
    // Bounded by the catalogs: vendors x categories x protocols x phases.
    private final Map<MatchSeries, Counter> matches = new HashMap<>();
    // Bounded by (maxHostSeries + 1) hosts x vendors x categories.
    private final Map<OffenderSeries, Counter> offenders = new HashMap<>();
    // The worst outcome (Outcome ordinal) per offender series: the same keys as offenders, so the same bound. An
    // AtomicInteger because the scrape thread reads it; Micrometer holds gauge state weakly, this map strongly.
    private final Map<OffenderSeries, AtomicInteger> worstOutcomes = new HashMap<>();
    /** The hosts that have their own label, with their rank. Bounded by maxHostSeries. */
    private final Map<String, HostRank> hostsWithSeries = new HashMap<>();
    /** Orders events for recency without reading a clock. */
    private long sequence;
    // Bounded by the catalogs: vendors x categories x four outcomes.
    private final Map<OutcomeSeries, Counter> outcomes = new HashMap<>();

    public MetricsHandler(MeterRegistry registry, int maxHostSeries) {
        this.registry = registry;
        this.maxHostSeries = maxHostSeries;
        for (Protocol protocol : Protocol.values()) {
            observations.put(
                    protocol,
                    BanwatchMeters.OBSERVATIONS
                            .counter()
                            .tag(BanwatchMeters.PROTOCOL, protocol.label())
                            .register(registry));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PipelineEvent event) {
            count(event);
        }
        ctx.fireChannelRead(msg);
    }

    private void count(PipelineEvent event) {
        if (event.event().isOutcome()) {
            countOutcome(event);
            return; // its contact was counted as an observation and a match already
        }
        Protocol protocol = event.event().observation().protocol();
        observations.get(protocol).increment();
        Match match = event.event().match();
        if (match == null) {
            return;
        }
        matches.computeIfAbsent(
                        new MatchSeries(match.vendor(), match.category(), protocol, match.phase()), this::matchCounter)
                .increment();
        OffenderSeries offender = new OffenderSeries(
                match.vendor(),
                match.category(),
                hostLabel(event.host(), match.severity() == null ? Severity.INFO : match.severity()));
        offenders.computeIfAbsent(offender, this::offenderCounter).increment();
        worstOutcomes.computeIfAbsent(offender, this::worstOutcomeGauge); // unknown until an outcome arrives
    }

    private void countOutcome(PipelineEvent pipelineEvent) {
        Event event = pipelineEvent.event();
        Match match = event.match();
        if (match == null) {
            return;
        }
        Outcome outcome = event.outcome().outcome();
        outcomes.computeIfAbsent(new OutcomeSeries(match.vendor(), match.category(), outcome), this::outcomeCounter)
                .increment();
        // An outcome never takes a label (its contact competed for one already): a host without one is _other.
        String host =
                hostsWithSeries.containsKey(pipelineEvent.host()) ? pipelineEvent.host() : BanwatchMeters.OTHER_HOST;
        worstOutcomes
                .computeIfAbsent(new OffenderSeries(match.vendor(), match.category(), host), this::worstOutcomeGauge)
                .accumulateAndGet(outcome.ordinal(), Math::max);
    }

    private Counter outcomeCounter(OutcomeSeries s) {
        return BanwatchMeters.OUTCOMES
                .counter()
                .tags(
                        BanwatchMeters.VENDOR, s.vendor(),
                        BanwatchMeters.CATEGORY, s.category().label(),
                        BanwatchMeters.OUTCOME, s.outcome().label())
                .register(registry);
    }

    /**
     * The host itself while it has a label, else {@code _other}. A host gets a label while fewer than
     * {@code maxHostSeries} hosts have one, or by taking it from the lowest-ranked labelled host (least severe, then
     * least recently seen) when its own match is more severe: a flood of invented low-severity hosts must not leave a
     * real critical contact counted as {@code _other}. The displaced host's counts move to {@code _other}, so the
     * sum over hosts stays the number of matches. Among equals the labelled hosts stay, so labels do not churn.
     */
    private String hostLabel(String host, Severity severity) {
        long now = ++sequence;
        HostRank rank = hostsWithSeries.get(host);
        if (rank != null) {
            rank.lastSeen = now;
            if (severity.compareTo(rank.severity) > 0) {
                rank.severity = severity;
            }
            return host;
        }
        if (hostsWithSeries.size() < maxHostSeries) {
            hostsWithSeries.put(host, new HostRank(severity, now));
            return host;
        }
        String lowest = null;
        HostRank lowestRank = null;
        for (Map.Entry<String, HostRank> entry : hostsWithSeries.entrySet()) { // at most maxHostSeries, on a miss only
            if (lowestRank == null || entry.getValue().below(lowestRank)) {
                lowest = entry.getKey();
                lowestRank = entry.getValue();
            }
        }
        if (lowestRank == null || severity.compareTo(lowestRank.severity) <= 0) {
            return BanwatchMeters.OTHER_HOST;
        }
        displace(lowest);
        hostsWithSeries.put(host, new HostRank(severity, now));
        return host;
    }

    /** Removes a host's series from the registry and adds their counts to {@code _other}. */
    private void displace(String host) {
        hostsWithSeries.remove(host);
        Iterator<Map.Entry<OffenderSeries, Counter>> series =
                offenders.entrySet().iterator();
        List<Map.Entry<OffenderSeries, Double>> moved = new ArrayList<>();
        while (series.hasNext()) {
            Map.Entry<OffenderSeries, Counter> entry = series.next();
            if (entry.getKey().host().equals(host)) {
                moved.add(Map.entry(entry.getKey(), entry.getValue().count()));
                registry.remove(entry.getValue());
                series.remove();
            }
        }
        for (Map.Entry<OffenderSeries, Double> entry : moved) {
            offenders
                    .computeIfAbsent(asOther(entry.getKey()), this::offenderCounter)
                    .increment(entry.getValue());
        }
        List<Map.Entry<OffenderSeries, Integer>> worst = new ArrayList<>();
        Iterator<Map.Entry<OffenderSeries, AtomicInteger>> gauges =
                worstOutcomes.entrySet().iterator();
        while (gauges.hasNext()) {
            Map.Entry<OffenderSeries, AtomicInteger> entry = gauges.next();
            if (entry.getKey().host().equals(host)) {
                worst.add(Map.entry(entry.getKey(), entry.getValue().get()));
                registry.find(BanwatchMeters.OFFENDER_WORST_OUTCOME.name())
                        .tags(seriesTags(entry.getKey()))
                        .meters()
                        .forEach(registry::remove);
                gauges.remove();
            }
        }
        for (Map.Entry<OffenderSeries, Integer> entry : worst) {
            worstOutcomes
                    .computeIfAbsent(asOther(entry.getKey()), this::worstOutcomeGauge)
                    .accumulateAndGet(entry.getValue(), Math::max);
        }
    }

    private static OffenderSeries asOther(OffenderSeries s) {
        return new OffenderSeries(s.vendor(), s.category(), BanwatchMeters.OTHER_HOST);
    }

    private static String[] seriesTags(OffenderSeries s) {
        return new String[] {
            BanwatchMeters.VENDOR, s.vendor(),
            BanwatchMeters.CATEGORY, s.category().label(),
            BanwatchMeters.HOST, s.host()
        };
    }

    private AtomicInteger worstOutcomeGauge(OffenderSeries s) {
        AtomicInteger worst = new AtomicInteger(Outcome.UNKNOWN.ordinal());
        BanwatchMeters.OFFENDER_WORST_OUTCOME
                .gauge(worst, AtomicInteger::get)
                .tags(seriesTags(s))
                .register(registry);
        return worst;
    }

    private Counter matchCounter(MatchSeries s) {
        return BanwatchMeters.MATCHES
                .counter()
                .tags(
                        BanwatchMeters.VENDOR, s.vendor(),
                        BanwatchMeters.CATEGORY, s.category().label(),
                        BanwatchMeters.PROTOCOL, s.protocol().label(),
                        BanwatchMeters.PHASE, s.phase())
                .register(registry);
    }

    private Counter offenderCounter(OffenderSeries s) {
        return BanwatchMeters.OFFENDER_MATCHES.counter().tags(seriesTags(s)).register(registry);
    }
}
