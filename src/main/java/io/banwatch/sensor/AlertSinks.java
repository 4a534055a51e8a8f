package io.banwatch.sensor;

import io.banwatch.alert.AlertSink;
import io.banwatch.alert.LogAlertSink;
import io.banwatch.alert.TextAlertSink;
import io.banwatch.alert.alertmanager.AlertmanagerSink;
import io.banwatch.alert.webhook.Outbox;
import io.banwatch.alert.webhook.WebhookSink;
import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigException;
import io.banwatch.config.ConfigKeys;
import io.banwatch.metrics.BanwatchMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The alert sinks {@code alerts.*} turns on: log, Alertmanager, webhook, each on its own. */
final class AlertSinks {

    private AlertSinks() {}

    /** @param readableAlerts the log sink writes one readable line per alert instead of JSON (a person watches) */
    static List<AlertSink> build(BanwatchConfig config, MeterRegistry registry, boolean readableAlerts) {
        BanwatchConfig.Alerts alerts = config.alerts();
        List<AlertSink> sinks = new ArrayList<>();
        if (alerts.log()) {
            sinks.add(readableAlerts ? new TextAlertSink() : new LogAlertSink());
        }
        BanwatchConfig.Alertmanager am = alerts.alertmanager();
        if (!am.urls().isEmpty()) {
            if (am.resolveAfterSeconds() <= am.resendSeconds()) {
                throw new ConfigException(ConfigKeys.ALERTS_ALERTMANAGER_RESOLVE_AFTER_SECONDS.path() + ": "
                        + am.resolveAfterSeconds() + " must be more than "
                        + ConfigKeys.ALERTS_ALERTMANAGER_RESEND_SECONDS.path() + " (" + am.resendSeconds()
                        + "), or alerts would resolve between two re-sends");
            }
            sinks.add(new AlertmanagerSink(
                    AlertmanagerSink.Settings.of(
                            am.urls(),
                            apiBase(config.http()),
                            Duration.ofSeconds(am.resolveAfterSeconds()),
                            Duration.ofSeconds(am.resendSeconds()),
                            Duration.ofSeconds(am.timeoutSeconds())),
                    Clock.systemUTC(),
                    registry));
        }
        BanwatchConfig.Webhook webhook = alerts.webhook();
        if (webhook.url() != null) {
            Outbox outbox;
            try {
                outbox = new Outbox(Path.of(alerts.outboxDir()), alerts.outboxMaxEntries(), registry);
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(ConfigKeys.ALERTS_OUTBOX_DIR.path() + ": " + alerts.outboxDir()
                        + " cannot be used as the webhook outbox: " + e.getMessage());
            }
            sinks.add(new WebhookSink(
                    WebhookSink.Settings.of(
                            webhook.url(), webhook.secret(), Duration.ofSeconds(webhook.timeoutSeconds())),
                    outbox,
                    registry));
        } else {
            // Without a webhook the outbox is empty and never full: export zeros, so that rules and dashboards see
            // the same series on every sensor.
            BanwatchMeters.ALERT_OUTBOX_DEPTH.gauge(registry, r -> 0).register(registry);
            BanwatchMeters.ALERT_OUTBOX_FULL.counter().register(registry);
        }
        return sinks;
    }

    /** Where the sensor's API answers, for Alertmanager's generatorURL: a wildcard listen address becomes the host name. */
    static String apiBase(BanwatchConfig.Http http) {
        String host = http.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.port();
    }
}
