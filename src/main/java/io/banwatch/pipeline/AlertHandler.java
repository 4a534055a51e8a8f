package io.banwatch.pipeline;

import io.banwatch.alert.Alert;
import io.banwatch.alert.AlertDispatcher;
import io.banwatch.alert.AlertMessage;
import io.banwatch.alert.PhaseStarts;
import io.banwatch.event.Event;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import io.banwatch.metrics.BanwatchMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Raises an alert when a host reaches a vendor's update or KSN service while updates are banned, at most once per
 * host, vendor and category per alert window of packet time, and hands it to the sinks without waiting.
 */
public final class AlertHandler extends ChannelInboundHandlerAdapter {

    /** The policy phase in which update and KSN traffic is an alert. */
    public static final String UPDATES_BANNED = "updates_banned";

    // Distinct (host, vendor, category) keys alerted within one window; past it the least recent key is forgotten,
    // which at worst raises its alert again early.
    static final int MAX_ALERT_KEYS = 100_000;

    private record AlertKey(String host, String vendor, Category category) {}

    private record AlertSeries(String vendor, Category category, Severity severity) {}

    private final long windowNanos;
    private final PhaseStarts phaseStarts;
    private final AlertDispatcher dispatcher;
    private final MeterRegistry registry;
    private final RecentTable<AlertKey> alerted;
    // Bounded by the catalogs: vendors x categories x severities.
    private final Map<AlertSeries, Counter> alerts = new HashMap<>();
    private volatile long raised; // written on the event loop only, read by summaries

    public AlertHandler(
            Duration alertWindow, PhaseStarts phaseStarts, AlertDispatcher dispatcher, MeterRegistry registry) {
        this.windowNanos = alertWindow.toNanos();
        this.phaseStarts = phaseStarts;
        this.dispatcher = dispatcher;
        this.registry = registry;
        Counter evictions = BanwatchMeters.PIPELINE_EVICTIONS
                .counter()
                .tag(BanwatchMeters.TABLE, "alert")
                .register(registry);
        this.alerted = new RecentTable<>(MAX_ALERT_KEYS, evictions);
    }

    /** Alerts raised so far. */
    public long raised() {
        return raised;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PipelineEvent event && alertable(event.event().match())) {
            maybeRaise(event);
        }
        ctx.fireChannelRead(msg);
    }

    static boolean alertable(Match match) {
        return match != null
                && (match.category() == Category.UPDATE || match.category() == Category.KSN)
                && UPDATES_BANNED.equals(match.phase());
    }

    private void maybeRaise(PipelineEvent pipelineEvent) {
        Event event = pipelineEvent.event();
        Match match = event.match();
        AlertKey key = new AlertKey(pipelineEvent.host(), match.vendor(), match.category());
        if (alerted.seenWithin(key, event.observation().timestampNanos(), windowNanos)) {
            return;
        }
        String message =
                AlertMessage.format(event, pipelineEvent.host(), phaseStarts.startOf(match.vendor(), match.phase()));
        raised++;
        alerts.computeIfAbsent(new AlertSeries(match.vendor(), match.category(), match.severity()), this::alertCounter)
                .increment();
        dispatcher.dispatch(new Alert(event, pipelineEvent.host(), message));
    }

    private Counter alertCounter(AlertSeries s) {
        return BanwatchMeters.ALERTS
                .counter()
                .tags(
                        BanwatchMeters.VENDOR, s.vendor(),
                        BanwatchMeters.CATEGORY, s.category().label(),
                        BanwatchMeters.SEVERITY, s.severity().label())
                .register(registry);
    }
}
