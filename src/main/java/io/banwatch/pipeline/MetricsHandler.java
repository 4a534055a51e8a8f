package io.banwatch.pipeline;

import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import io.banwatch.metrics.BanwatchMeters;
import io.banwatch.metrics.OffenderSeries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts every event, repeats included: observations per protocol, matches per vendor, category, protocol and
 * phase, and matches per offending host up to a cap of distinct hosts, past which they count as {@code _other}.
 * Outcome events count in {@code banwatch_outcomes_total}, by vendor, category and outcome, and raise the worst
 * outcome gauge of their host (the same capped hosts), so a dashboard can show each host's worst outcome.
 */
public final class MetricsHandler extends ChannelInboundHandlerAdapter {

    // equals and hashCode written out, as Findings' row key says why.
    private record MatchSeries(String vendor, Category category, Protocol protocol, String phase) {

        @Override
        public boolean equals(Object o) {
            return o instanceof MatchSeries s
                    && Objects.equals(vendor, s.vendor)
                    && category == s.category
                    && protocol == s.protocol
                    && Objects.equals(phase, s.phase);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * Objects.hashCode(vendor) + Objects.hashCode(category)) + Objects.hashCode(protocol))
                    + Objects.hashCode(phase);
        }
    }

    private record OutcomeSeries(String vendor, Category category, Outcome outcome) {

        @Override
        public boolean equals(Object o) {
            return o instanceof OutcomeSeries s
                    && Objects.equals(vendor, s.vendor)
                    && category == s.category
                    && outcome == s.outcome;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Objects.hashCode(vendor) + Objects.hashCode(category)) + Objects.hashCode(outcome);
        }
    }

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
    // Bounded by (maxHostSeries + 1) hosts x vendors x categories; OffenderMetrics gives each series its meters.
    private final OffenderSeries offenders;
    /** The hosts that have their own label, with their rank. Bounded by maxHostSeries. */
    private final Map<String, HostRank> hostsWithSeries = new HashMap<>();
    /** Orders events for recency without reading a clock. */
    private long sequence;
    // Bounded by the catalogs: vendors x categories x four outcomes.
    private final Map<OutcomeSeries, Counter> outcomes = new HashMap<>();

    /** @param offenders the per-host series, which an {@link io.banwatch.metrics.OffenderMetrics} exposes */
    public MetricsHandler(MeterRegistry registry, int maxHostSeries, OffenderSeries offenders) {
        this.registry = registry;
        this.maxHostSeries = maxHostSeries;
        this.offenders = offenders;
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
        offenders.count(new OffenderSeries.Key(
                match.vendor(),
                match.category().label(),
                hostLabel(event.host(), match.severity() == null ? Severity.INFO : match.severity())));
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
        offenders.raiseWorstOutcome(
                new OffenderSeries.Key(match.vendor(), match.category().label(), host), outcome.ordinal());
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
        hostsWithSeries.remove(lowest);
        offenders.moveToOther(lowest);
        hostsWithSeries.put(host, new HostRank(severity, now));
        return host;
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
}
