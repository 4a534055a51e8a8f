package io.banwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogAlertSinkTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(LogAlertSink.LOGGER_NAME);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void attach() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void logsEventJsonWithMessageAsOneLine() {
        Alert alert = TestEvents.alert(
                TestEvents.tls(
                        "2024-10-02T14:02:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", TestEvents.updateBanned()),
                "10.4.7.19",
                "host 10.4.7.19 reached Kaspersky update service dnl-07.geo.kaspersky.com");
        AtomicInteger retries = new AtomicInteger();

        CompletionStage<Void> delivery = new LogAlertSink().deliver(alert, retries::incrementAndGet);

        assertThat(delivery.toCompletableFuture()).isCompleted();
        assertThat(retries).hasValue(0);
        assertThat(lines.list)
                .singleElement()
                .satisfies(line -> assertThat(line.getFormattedMessage())
                        .isEqualTo("{\"@timestamp\":\"2024-10-02T14:02:00.000000Z\","
                                + "\"network\":{\"transport\":\"tcp\",\"protocol\":\"tls\"},"
                                + "\"source\":{\"ip\":\"10.4.7.19\",\"port\":51234},"
                                + "\"destination\":{\"ip\":\"203.0.113.7\",\"port\":443},"
                                + "\"tls\":{\"client\":{\"server_name\":\"dnl-07.geo.kaspersky.com\"}},"
                                + "\"banwatch\":{\"vendor\":\"kaspersky\",\"category\":\"update\","
                                + "\"rule\":\"*.geo.kaspersky.com\",\"phase\":\"updates_banned\",\"severity\":\"critical\"},"
                                + "\"message\":\"host 10.4.7.19 reached Kaspersky update service dnl-07.geo.kaspersky.com\","
                                + "\"alert\":{\"id\":\"0123456789abcdef0123456789abcdef\",\"revision\":1,"
                                + "\"reason\":\"new\",\"host\":\"10.4.7.19\",\"severity\":\"critical\","
                                + "\"phase\":\"updates_banned\",\"phase_start\":\"2024-09-29T04:00:00Z\","
                                + "\"seconds_after_phase_start\":295320,"
                                + "\"first_seen\":\"2024-10-02T14:02:00.000000Z\","
                                + "\"last_seen\":\"2024-10-02T14:02:00.000000Z\",\"count\":1,"
                                + "\"names\":[\"dnl-07.geo.kaspersky.com\"],"
                                + "\"rules\":[\"*.geo.kaspersky.com\"],\"outcome\":\"unknown\"}}"));
    }
}
