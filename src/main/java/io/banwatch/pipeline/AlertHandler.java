package io.banwatch.pipeline;

import io.banwatch.alert.Alert;
import io.banwatch.alert.AlertDispatcher;
import io.banwatch.alert.AlertPolicy;
import io.banwatch.alert.AlertTracker;
import io.banwatch.match.Category;
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
 * Feeds matched contacts and their outcome events to the {@link AlertTracker} (one alert per vendor, host and
 * category, as the vendor catalog's {@code alerts} policy says) and hands its notifications to the sinks without
 * waiting.
 */
public final class AlertHandler extends ChannelInboundHandlerAdapter {

    private record AlertSeries(String vendor, Category category, Severity severity) {}

    private final AlertTracker tracker;
    private final AlertDispatcher dispatcher;
    private final MeterRegistry registry;
    // Bounded by the catalogs: vendors x categories x severities.
    private final Map<AlertSeries, Counter> alerts = new HashMap<>();
    private volatile long raised; // written on the event loop only, read by summaries

    public AlertHandler(Duration renotify, AlertPolicy policy, AlertDispatcher dispatcher, MeterRegistry registry) {
        this.dispatcher = dispatcher;
        this.registry = registry;
        Counter evictions = BanwatchMeters.PIPELINE_EVICTIONS
                .counter()
                .tag(BanwatchMeters.TABLE, "alert")
                .register(registry);
        this.tracker = new AlertTracker(policy, renotify, evictions::increment);
    }

    /** Alerts raised so far (not counting re-notifications and updates). */
    public long raised() {
        return raised;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PipelineEvent event && event.event().matched()) {
            AlertTracker.Update update = tracker.onEvent(event.event(), event.host());
            if (update != null && update.notification() != null) {
                notify(update.notification());
            } else if (update != null) {
                dispatcher.activity(update.activity());
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void notify(Alert alert) {
        if (alert.reason() == Alert.Reason.NEW) {
            raised++;
        }
        alerts.computeIfAbsent(new AlertSeries(alert.vendor(), alert.category(), alert.severity()), this::counter)
                .increment();
        dispatcher.dispatch(alert);
    }

    private Counter counter(AlertSeries s) {
        return BanwatchMeters.ALERTS
                .counter()
                .tags(
                        BanwatchMeters.VENDOR, s.vendor(),
                        BanwatchMeters.CATEGORY, s.category().label(),
                        BanwatchMeters.SEVERITY, s.severity().label())
                .register(registry);
    }
}
