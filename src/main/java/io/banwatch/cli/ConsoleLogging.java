package io.banwatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import io.banwatch.alert.LogAlertSink;

/**
 * banwatch's logging, set up in code: logs go to stderr so that stdout stays free for data (observations written to
 * "-", query output), and alerts, JSON lines, are printed as they are so they can be piped into jq or a log shipper.
 * Logback finds this class through {@code META-INF/services} before it looks for a {@code logback.xml}; reading
 * one with logback's XML configurator took a fifth of the start-up of every command. A configuration file named
 * with {@code -Dlogback.configurationFile} (or a {@code logback-test.xml} on the class path) still replaces it.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class ConsoleLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY) != null
                || ConsoleLogging.class.getClassLoader().getResource(ContextInitializer.TEST_AUTOCONFIG_FILE) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        context.getStatusManager().add(new NopStatusListener());

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr(context, "CONSOLE", "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{36} - %msg%n"));

        Logger alerts = context.getLogger(LogAlertSink.LOGGER_NAME);
        alerts.setLevel(Level.INFO);
        alerts.setAdditive(false);
        alerts.addAppender(stderr(context, "ALERT_JSON", "%msg%n"));

        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("com.sun.jna").setLevel(Level.WARN);
        context.getLogger("org.pcap4j").setLevel(Level.WARN);
        // kafka-clients logs its configuration and version at INFO on every start. Its NetworkClient warns on every
        // reconnect attempt (once a second) while a broker is down; the sink warns once a minute with its counts.
        context.getLogger("org.apache.kafka").setLevel(Level.WARN);
        context.getLogger("org.apache.kafka.clients.NetworkClient").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context, String name, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
