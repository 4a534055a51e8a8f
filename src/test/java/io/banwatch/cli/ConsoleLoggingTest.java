package io.banwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import io.banwatch.alert.LogAlertSink;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleLoggingTest {

    private static String printed(Logger logger, String appender, String message) {
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) logger.getAppender(appender);
        assertThat(console.getTarget()).isEqualTo("System.err");
        LoggingEvent event = new LoggingEvent("test", logger, Level.WARN, message, null, null);
        event.setTimeStamp(0);
        return new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void alertsGoToStderrAsTheyAreAndOtherLogsWithTimeLevelAndLogger() {
        LoggerContext context = new LoggerContext();
        assertThat(new ConsoleLogging().configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        Logger alerts = context.getLogger(LogAlertSink.LOGGER_NAME);
        assertThat(alerts.isAdditive()).isFalse();
        assertThat(printed(alerts, "ALERT_JSON", "{\"alert\":{}}"))
                .isEqualTo("{\"alert\":{}}" + System.lineSeparator());

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(printed(root, "CONSOLE", "store is read-only"))
                .matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) WARN  ROOT - store is "
                                + "read-only\\R");
    }

    @Test
    void librariesSayOnlyWhatIsWrong() {
        LoggerContext context = new LoggerContext();
        new ConsoleLogging().configure(context);

        assertThat(context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.kafka.clients.producer").getEffectiveLevel())
                .isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.kafka.clients.NetworkClient").getEffectiveLevel())
                .isEqualTo(Level.ERROR);
        assertThat(context.getLogger("io.banwatch.sensor.Sensor").getEffectiveLevel())
                .isEqualTo(Level.INFO);
    }

    @Test
    void aConfigurationFileNamedOnTheCommandLineIsLeftToLogback() {
        String before = System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY);
        System.setProperty(ContextInitializer.CONFIG_FILE_PROPERTY, "/etc/banwatch/logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            assertThat(new ConsoleLogging().configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME)
                            .iteratorForAppenders()
                            .hasNext())
                    .isFalse();
        } finally {
            if (before == null) {
                System.clearProperty(ContextInitializer.CONFIG_FILE_PROPERTY);
            } else {
                System.setProperty(ContextInitializer.CONFIG_FILE_PROPERTY, before);
            }
        }
    }
}
