package io.banwatch.pipeline;

import static io.banwatch.alert.TestEvents.match;
import static io.banwatch.alert.TestEvents.tls;
import static io.banwatch.alert.TestEvents.updateBanned;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.alert.Alert;
import io.banwatch.alert.AlertDispatcher;
import io.banwatch.alert.AlertSink;
import io.banwatch.alert.PhaseStarts;
import io.banwatch.alert.TestEvents;
import io.banwatch.event.Event;
import io.banwatch.match.Category;
import io.banwatch.match.Severity;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class AlertHandlerTest {

    static final class CollectingSink implements AlertSink {
        final List<Alert> alerts = new ArrayList<>();

        @Override
        public String name() {
            return "collect";
        }

        @Override
        public CompletionStage<Void> deliver(Alert alert, Runnable onRetry) {
            alerts.add(alert);
            return CompletableFuture.completedFuture(null);
        }
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
    private final CollectingSink sink = new CollectingSink();
    private final AlertHandler handler = new AlertHandler(
            Duration.ofHours(1),
            PhaseStarts.of(Map.of("kaspersky", Map.of("updates_banned", TestEvents.UPDATES_BANNED))),
            new AlertDispatcher(List.of(sink), registry),
            registry);
    private final EmbeddedChannel channel = new EmbeddedChannel(handler);

    private void pass(Event event) {
        PipelineEvent message =
                new PipelineEvent(event, PipelineEvent.clientHost(event.observation()), false, PipelineEvent.UNKNOWN);
        channel.writeInbound(message);
        assertThat((Object) channel.readInbound()).isSameAs(message);
    }

    @Test
    void raisesOneAlertPerHostVendorAndCategoryPerHourOfPacketTime() {
        pass(tls("2024-10-02T14:02:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", updateBanned()));
        pass(tls("2024-10-02T14:30:00Z", "10.4.7.19", "dnl-08.geo.kaspersky.com", updateBanned()));
        pass(tls("2024-10-02T15:01:59Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", updateBanned()));
        pass(tls("2024-10-02T15:02:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", updateBanned()));

        assertThat(sink.alerts).hasSize(2);
        Alert first = sink.alerts.get(0);
        assertThat(first.host()).isEqualTo("10.4.7.19");
        assertThat(first.message())
                .isEqualTo("host 10.4.7.19 reached Kaspersky update service dnl-07.geo.kaspersky.com at"
                        + " 2024-10-02T14:02:00Z, 3 days after updates were banned");
        assertThat(handler.raised()).isEqualTo(2);
        assertThat(registry.get("banwatch.alerts")
                        .tags("vendor", "kaspersky", "category", "update", "severity", "critical")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("banwatch.alert.deliveries")
                        .tags("sink", "collect", "outcome", "delivered")
                        .counter()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void anotherHostOrCategoryIsAlertedSeparately() {
        pass(tls("2024-10-02T14:02:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", updateBanned()));
        pass(tls("2024-10-02T14:03:00Z", "10.4.7.20", "dnl-07.geo.kaspersky.com", updateBanned()));
        pass(tls(
                "2024-10-02T14:04:00Z",
                "10.4.7.19",
                "ksn.kaspersky.com",
                match(Category.KSN, "updates_banned", Severity.HIGH)));

        assertThat(sink.alerts)
                .extracting(a -> a.host() + " " + a.category().label() + " "
                        + a.severity().label())
                .containsExactly("10.4.7.19 update critical", "10.4.7.20 update critical", "10.4.7.19 ksn high");
    }

    @Test
    void noAlertForOtherCategoriesPhasesOrUnmatchedEvents() {
        pass(tls(
                "2024-10-02T14:02:00Z",
                "10.4.7.19",
                "www.kaspersky.com",
                match(Category.WEB, "updates_banned", Severity.LOW)));
        pass(tls(
                "2024-09-01T14:02:00Z",
                "10.4.7.19",
                "dnl-07.geo.kaspersky.com",
                match(Category.UPDATE, "new_business_banned", Severity.MEDIUM)));
        pass(tls("2024-10-02T14:02:00Z", "10.4.7.19", "example.org", null));

        assertThat(sink.alerts).isEmpty();
        assertThat(registry.find("banwatch.alerts").counters()).isEmpty();
    }
}
