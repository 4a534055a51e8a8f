package io.banwatch.pipeline;

import static io.banwatch.alert.TestEvents.match;
import static io.banwatch.alert.TestEvents.outcome;
import static io.banwatch.alert.TestEvents.tls;
import static io.banwatch.alert.TestEvents.updateBanned;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.alert.Alert;
import io.banwatch.alert.AlertDispatcher;
import io.banwatch.alert.AlertPolicy;
import io.banwatch.alert.AlertSink;
import io.banwatch.alert.TestEvents;
import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.match.Category;
import io.banwatch.match.Severity;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AlertHandlerTest {

    static final class CollectingSink implements AlertSink {
        final List<Alert> alerts = new CopyOnWriteArrayList<>();
        final List<Alert> activity = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "collect";
        }

        @Override
        public CompletionStage<Void> deliver(Alert alert, Runnable onRetry) {
            alerts.add(alert);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void activity(Alert alert) {
            activity.add(alert);
        }
    }

    /** The catalogs' policy: update and KSN alert once updates are banned, which began at 2024-09-29T04:00Z. */
    static final AlertPolicy POLICY = new AlertPolicy() {
        @Override
        public boolean alerts(String vendor, String phase, Category category) {
            return AlertPolicy.DEFAULT.alerts(vendor, phase, category);
        }

        @Override
        public Instant phaseStart(String vendor, String phase) {
            return phase.equals("updates_banned") ? TestEvents.UPDATES_BANNED : null;
        }
    };

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
    private final CollectingSink sink = new CollectingSink();
    private final AlertDispatcher dispatcher = new AlertDispatcher(List.of(sink), registry);
    private final AlertHandler handler = new AlertHandler(Duration.ofHours(1), POLICY, dispatcher, registry);
    private final EmbeddedChannel channel = new EmbeddedChannel(handler);

    private void pass(Event event) {
        PipelineEvent message =
                new PipelineEvent(event, PipelineEvent.clientHost(event.observation()), false, PipelineEvent.UNKNOWN);
        channel.writeInbound(message);
        assertThat((Object) channel.readInbound()).isSameAs(message);
    }

    private List<Alert> delivered() {
        assertThat(dispatcher.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        return sink.alerts;
    }

    @Nested
    class OneAlertPerVendorHostAndCategory {

        @Test
        void raisedOnceThenSentAgainAfterTheReNotifyIntervalWithTheSameId() {
            pass(tls("2024-10-02T14:02:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", updateBanned()));
            pass(tls("2024-10-02T14:30:00Z", "10.4.7.19", "dnl-08.geo.kaspersky.com", updateBanned()));
            pass(tls("2024-10-02T15:01:59Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", updateBanned()));
            pass(tls("2024-10-02T15:02:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", updateBanned()));

            List<Alert> alerts = delivered();
            assertThat(alerts).hasSize(2);
            Alert first = alerts.get(0);
            assertThat(first.reason()).isEqualTo(Alert.Reason.NEW);
            assertThat(first.revision()).isEqualTo(1);
            assertThat(first.count()).isEqualTo(1);
            assertThat(first.outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(first.message())
                    .isEqualTo("host 10.4.7.19 reached Kaspersky update service dnl-07.geo.kaspersky.com at"
                            + " 2024-10-02T14:02:00Z, 3 days after updates were banned");
            Alert again = alerts.get(1);
            assertThat(again.reason()).isEqualTo(Alert.Reason.RENOTIFY);
            assertThat(again.id()).isEqualTo(first.id());
            assertThat(again.revision()).isEqualTo(2);
            assertThat(again.deliveryKey()).isNotEqualTo(first.deliveryKey());
            assertThat(again.count()).isEqualTo(4);
            assertThat(again.firstSeenNanos()).isEqualTo(TestEvents.nanos("2024-10-02T14:02:00Z"));
            assertThat(again.lastSeenNanos()).isEqualTo(TestEvents.nanos("2024-10-02T15:02:00Z"));
            assertThat(again.names()).containsExactly("dnl-07.geo.kaspersky.com", "dnl-08.geo.kaspersky.com");
            assertThat(again.rules()).containsExactly("*.geo.kaspersky.com");
            assertThat(handler.raised()).isEqualTo(1);
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

            assertThat(delivered())
                    .extracting(a -> a.host() + " " + a.category().label() + " "
                            + a.severity().label())
                    .containsExactly("10.4.7.19 update critical", "10.4.7.20 update critical", "10.4.7.19 ksn high");
            assertThat(sink.alerts).extracting(Alert::id).doesNotHaveDuplicates();
        }

        @Test
        void aHostQuietForAWholeIntervalStartsANewAlert() {
            pass(tls("2024-10-02T14:02:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", updateBanned()));
            pass(tls("2024-10-02T16:00:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", updateBanned()));

            assertThat(delivered()).extracting(Alert::reason).containsExactly(Alert.Reason.NEW, Alert.Reason.NEW);
            assertThat(sink.alerts.get(0).id()).isNotEqualTo(sink.alerts.get(1).id());
            assertThat(handler.raised()).isEqualTo(2);
        }

        @Test
        void contactsBetweenNotificationsAreReportedAsActivityAtMostEveryTenSeconds() {
            pass(tls("2024-10-02T14:02:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", updateBanned()));
            pass(tls("2024-10-02T14:02:05Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", updateBanned()));
            pass(tls("2024-10-02T14:02:10Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", updateBanned()));
            pass(tls("2024-10-02T14:02:12Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", updateBanned()));

            assertThat(delivered()).hasSize(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sink.activity.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(sink.activity).singleElement().satisfies(a -> {
                assertThat(a.reason()).isEqualTo(Alert.Reason.ACTIVITY);
                assertThat(a.count()).isEqualTo(3);
                assertThat(a.revision()).isEqualTo(1);
            });
        }
    }

    @Nested
    class Outcomes {

        private final Event contact = tls(
                "2024-10-02T14:02:00Z",
                "10.4.7.19",
                "ksn.kaspersky.com",
                match(Category.KSN, "updates_banned", Severity.HIGH));

        @Test
        void theAlertIsUpdatedWhenTheOutcomeGetsWorseAndNotOtherwise() {
            pass(contact);
            pass(outcome(contact, Outcome.BLOCKED, OutcomeReason.TCP_RESET, -1));
            pass(outcome(contact, Outcome.BLOCKED, OutcomeReason.TCP_RESET, -1));
            pass(outcome(contact, Outcome.CONNECTED, OutcomeReason.TLS_HANDSHAKE, 4_000));
            pass(outcome(contact, Outcome.UNKNOWN, null, -1));
            pass(outcome(contact, Outcome.TRANSFERRED, OutcomeReason.BYTES, 120_000));
            pass(outcome(contact, Outcome.CONNECTED, OutcomeReason.TLS_HANDSHAKE, 4_000));

            List<Alert> alerts = delivered();
            assertThat(alerts)
                    .extracting(a -> a.revision() + " " + a.reason().label() + " "
                            + a.outcome().label() + " " + a.severity().label())
                    .containsExactly(
                            "1 new unknown high",
                            "2 outcome blocked high",
                            "3 outcome connected high",
                            "4 outcome transferred critical");
            assertThat(alerts).extracting(Alert::id).containsOnly(alerts.get(0).id());
            assertThat(alerts.get(3).count()).isEqualTo(1);
            assertThat(alerts.get(3).message())
                    .isEqualTo("host 10.4.7.19 reached Kaspersky KSN service ksn.kaspersky.com at 2024-10-02T14:02:00Z,"
                            + " 3 days after updates were banned; the KSN answer got through (120,000 bytes from the"
                            + " server)");
            assertThat(registry.get("banwatch.alerts")
                            .tags("vendor", "kaspersky", "category", "ksn", "severity", "critical")
                            .counter()
                            .count())
                    .isEqualTo(1);
        }

        @Test
        void anUpdateThatGotThroughIsCritical() {
            Event update = tls("2024-10-02T14:02:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", updateBanned());
            pass(update);
            pass(outcome(update, Outcome.TRANSFERRED, OutcomeReason.BYTES, 48_213));

            assertThat(delivered().get(1).message())
                    .endsWith("; the update got through (48,213 bytes from the server)");
            assertThat(sink.alerts.get(1).severity()).isEqualTo(Severity.CRITICAL);
        }

        @Test
        void anOutcomeWithoutItsContactRaisesTheAlertWithThatOutcome() {
            pass(outcome(contact, Outcome.CONNECTED, OutcomeReason.TLS_HANDSHAKE, 4_000));

            assertThat(delivered()).singleElement().satisfies(a -> {
                assertThat(a.reason()).isEqualTo(Alert.Reason.NEW);
                assertThat(a.outcome()).isEqualTo(Outcome.CONNECTED);
                assertThat(a.count()).isZero();
            });
        }

        @Test
        void outcomesOfContactsThatRaiseNoAlertAreIgnored() {
            Event web = tls(
                    "2024-10-02T14:02:00Z",
                    "10.4.7.19",
                    "www.kaspersky.com",
                    match(Category.WEB, "updates_banned", Severity.LOW));
            pass(web);
            pass(outcome(web, Outcome.TRANSFERRED, OutcomeReason.BYTES, 1_000_000));

            assertThat(delivered()).isEmpty();
        }
    }

    @Test
    void noAlertForCategoriesAndPhasesThePolicyLeavesOutOrUnmatchedEvents() {
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

        assertThat(delivered()).isEmpty();
        assertThat(registry.find("banwatch.alerts").counters()).isEmpty();
    }

    @Test
    void thePolicyDecidesWhichCategoriesAlert() {
        AlertPolicy licensingToo = new AlertPolicy() {
            @Override
            public boolean alerts(String vendor, String phase, Category category) {
                return category == Category.LICENSING && phase.equals("new_business_banned");
            }

            @Override
            public Instant phaseStart(String vendor, String phase) {
                return null;
            }
        };
        EmbeddedChannel other =
                new EmbeddedChannel(new AlertHandler(Duration.ofHours(1), licensingToo, dispatcher, registry));
        Event licensing = tls(
                "2024-09-01T14:02:00Z",
                "10.4.7.19",
                "activation.kaspersky.com",
                match(Category.LICENSING, "new_business_banned", Severity.MEDIUM));
        other.writeInbound(new PipelineEvent(licensing, "10.4.7.19", false, PipelineEvent.UNKNOWN));
        other.writeInbound(new PipelineEvent(
                tls("2024-10-02T14:02:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", updateBanned()),
                "10.4.7.19",
                false,
                PipelineEvent.UNKNOWN));

        assertThat(delivered())
                .singleElement()
                .satisfies(a -> assertThat(a.category()).isEqualTo(Category.LICENSING));
    }
}
