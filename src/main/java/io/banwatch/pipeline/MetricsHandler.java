package io.banwatch.pipeline;

import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.metrics.BanwatchMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts every event, repeats included: observations per protocol, matches per vendor, category, protocol and
 * phase, and matches per offending host up to a cap of distinct hosts, past which they count as {@code _other}.
 * Outcome events count only in {@code banwatch_outcomes_total}, by vendor, category and outcome.
 */
public final class MetricsHandler extends ChannelInboundHandlerAdapter {

    private record MatchSeries(String vendor, Category category, Protocol protocol, String phase) {}

    private record OffenderSeries(String vendor, Category category, String host) {}

    private record OutcomeSeries(String vendor, Category category, Outcome outcome) {}

    private final MeterRegistry registry;
    private final int maxHostSeries;
    private final Map<Protocol, Counter> observations = new EnumMap<>(Protocol.class);
    // Bounded by the catalogs: vendors x categories x protocols x phases.
    private final Map<MatchSeries, Counter> matches = new HashMap<>();
    // Bounded by (maxHostSeries + 1) hosts x vendors x categories.
    private final Map<OffenderSeries, Counter> offenders = new HashMap<>();
    private final Set<String> hostsWithSeries = new HashSet<>();
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
            countOutcome(event.event());
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
        offenders
                .computeIfAbsent(
                        new OffenderSeries(match.vendor(), match.category(), hostLabel(event.host())),
                        this::offenderCounter)
                .increment();
    }

    private void countOutcome(Event event) {
        Match match = event.match();
        if (match == null) {
            return;
        }
        outcomes.computeIfAbsent(
                        new OutcomeSeries(
                                match.vendor(),
                                match.category(),
                                event.outcome().outcome()),
                        this::outcomeCounter)
                .increment();
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

    /** The host itself while fewer than {@code maxHostSeries} hosts have series, else {@code _other}. */
    private String hostLabel(String host) {
        if (hostsWithSeries.contains(host)) {
            return host;
        }
        if (hostsWithSeries.size() < maxHostSeries) {
            hostsWithSeries.add(host);
            return host;
        }
        return BanwatchMeters.OTHER_HOST;
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
        return BanwatchMeters.OFFENDER_MATCHES
                .counter()
                .tags(
                        BanwatchMeters.VENDOR, s.vendor(),
                        BanwatchMeters.CATEGORY, s.category().label(),
                        BanwatchMeters.HOST, s.host())
                .register(registry);
    }
}
