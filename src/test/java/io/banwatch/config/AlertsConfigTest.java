package io.banwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code alerts.*}: the sinks are off by default, turned on by their keys, and bad URLs name their key. */
class AlertsConfigTest {

    @Test
    void defaultsKeepOnlyTheLogSink() {
        BanwatchConfig.Alerts alerts = ConfigLoader.defaults(Map.of()).alerts();

        assertThat(alerts.log()).isTrue();
        assertThat(alerts.renotifySeconds()).isEqualTo(3600);
        assertThat(alerts.alertmanager().urls()).isEmpty();
        assertThat(alerts.webhook().url()).isNull();
        assertThat(alerts.outboxDir()).isEqualTo("data/outbox");
        assertThat(alerts.flushTimeoutSeconds()).isEqualTo(10);
    }

    @Test
    void sinksFromTheFileAndTheEnvironment() {
        BanwatchConfig.Alerts alerts = ConfigLoader.parse(
                        "b.yaml", """
                        alerts:
                          alertmanager:
                            urls: [http://am1:9093, "https://am2.example:9093/"]
                            resolve_after_seconds: 300
                          webhook:
                            url: https://hooks.example/banwatch
                        """, Map.of("BANWATCH_ALERTS_WEBHOOK_SECRET", "from-env"))
                .alerts();

        assertThat(alerts.alertmanager().urls())
                .containsExactly(URI.create("http://am1:9093"), URI.create("https://am2.example:9093/"));
        assertThat(alerts.alertmanager().resolveAfterSeconds()).isEqualTo(300);
        assertThat(alerts.webhook().url()).isEqualTo(URI.create("https://hooks.example/banwatch"));
        assertThat(alerts.webhook().secret()).isEqualTo("from-env");
    }

    @Test
    void aUrlThatIsNotHttpNamesItsKey() {
        assertThatThrownBy(() -> ConfigLoader.parse(
                        "b.yaml", "alerts:\n  alertmanager:\n    urls: [http://am1:9093, am2:9093]\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("alerts.alertmanager.urls[1]: \"am2:9093\" is not an http or https URL, such as"
                        + " http://alertmanager:9093");
        assertThatThrownBy(() -> ConfigLoader.defaults(Map.of("BANWATCH_ALERTS_WEBHOOK_URL", "ftp://x/")))
                .hasMessageStartingWith("alerts.webhook.url: \"ftp://x/\" is not an http or https URL");
    }

    @Test
    void theOldWindowKeyIsReportedWithTheKnownKeys() {
        assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "alerts:\n  window_seconds: 60\n", Map.of()))
                .hasMessageStartingWith("b.yaml: alerts.window_seconds: unknown key")
                .hasMessageContaining("renotify_seconds");
    }
}
