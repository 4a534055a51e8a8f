package io.banwatch.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.banwatch.config.BanwatchConfig;
import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.CatalogException;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.metrics.CatalogMetrics;
import io.banwatch.metrics.PrometheusMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Reloading a catalog file: a valid file replaces the matcher, an invalid one keeps the last good one and says why. */
class CatalogReloaderTest {

    static final String HEADER = """
            vendor: acme
            display_name: Acme
            phases:
              - name: announced
                start: "2024-06-20T00:00:00-04:00"
                description: announced
                source: test
              - name: updates_banned
                start: "2024-09-29T00:00:00-04:00"
                description: banned
                source: test
            severities:
              before_announcement: {update: info, ksn: info, licensing: info, management: info, telemetry: info, web: info, threat_intel: info}
              announced: {update: low, ksn: low, licensing: low, management: low, telemetry: info, web: info, threat_intel: info}
              updates_banned: {update: critical, ksn: critical, licensing: high, management: high, telemetry: medium, web: low, threat_intel: info}
            rules:
            """;

    /** A catalog file whose rules are the given update host patterns. */
    static String catalog(String... hosts) {
        StringBuilder yaml = new StringBuilder(HEADER);
        for (String host : hosts) {
            yaml.append("  - pattern: ")
                    .append(host)
                    .append("\n    category: update\n    description: d\n    source: s\n");
        }
        return yaml.toString();
    }

    @TempDir
    Path dir;

    private Path file;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(CatalogReloader.class);

    @BeforeEach
    void setUp() throws Exception {
        file = dir.resolve("acme.yaml");
        Files.writeString(file, catalog("upd.acme.example"));
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(log);
    }

    private CatalogReloader reloader(Clock clock) {
        return new CatalogReloader(new BanwatchConfig.Catalog(List.of(), List.of(file.toString())), clock);
    }

    private static boolean matches(CatalogMatcher matcher, String host) {
        Observation hello = Observation.tls(
                1_730_000_000_000_000_000L,
                Protocol.TLS,
                Endpoint.parse("10.1.2.3", 49_800),
                Endpoint.parse("203.0.113.7", 443),
                -1,
                -1,
                host);
        return matcher.match(hello) != null;
    }

    @Test
    void aValidFileReplacesTheMatcher() throws Exception {
        CatalogReloader reloader = reloader(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC));
        CatalogMatcher before = reloader.matcher();
        assertThat(reloader.rules()).isEqualTo(1);

        Files.writeString(file, catalog("upd.acme.example", "ksn.acme.example"));
        assertThat(reloader.reload()).isTrue();

        assertThat(reloader.matcher()).isNotSameAs(before);
        assertThat(matches(reloader.matcher(), "ksn.acme.example")).isTrue();
        assertThat(matches(before, "ksn.acme.example"))
                .as("the old matcher is unchanged")
                .isFalse();
        assertThat(reloader.rules()).isEqualTo(2);
        assertThat(reloader.reloadsSucceeded()).isEqualTo(1);
        assertThat(reloader.reloadsFailed()).isZero();
        assertThat(log.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).startsWith("catalog reloaded: 2 rules from 1 catalogs ([acme])"));
    }

    @Test
    void anInvalidFileKeepsTheLastGoodCatalogAndNamesTheKeyPath() throws Exception {
        CatalogReloader reloader = reloader(Clock.systemUTC());
        CatalogMatcher good = reloader.matcher();
        long loadedAt = reloader.loadedAtMillis();

        Files.writeString(file, catalog("upd.acme.example") + "    colour: red\n");
        assertThat(reloader.reload()).isFalse();

        assertThat(reloader.matcher()).isSameAs(good);
        assertThat(reloader.loadedAtMillis()).isEqualTo(loadedAt);
        assertThat(reloader.reloadsFailed()).isEqualTo(1);
        assertThat(reloader.reloadsSucceeded()).isZero();
        assertThat(log.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m)
                        .startsWith("catalog reload failed, keeping the catalog loaded at")
                        .contains("catalog.files: acme.yaml: rules[0].colour: unknown key"));
    }

    @Test
    void aMissingOrUnreadableFileKeepsTheLastGoodCatalog() throws Exception {
        CatalogReloader reloader = reloader(Clock.systemUTC());
        Files.delete(file);
        assertThat(reloader.reload()).isFalse();
        Files.write(file, new byte[] {(byte) 0xff, 0x00, '{', '['});
        assertThat(reloader.reload()).isFalse();
        assertThat(matches(reloader.matcher(), "upd.acme.example")).isTrue();
        assertThat(reloader.reloadsFailed()).isEqualTo(2);
        assertThat(log.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains(file + ": catalog file not found"));
    }

    @Test
    void atStartAnInvalidFileIsAnError() throws Exception {
        Files.writeString(file, "vendor: [");
        assertThatThrownBy(() -> reloader(Clock.systemUTC()))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("catalog.files: acme.yaml: line 1:");
    }

    @Test
    void metricsFollowTheCatalogInUse() throws Exception {
        CatalogReloader reloader = reloader(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC));
        PrometheusMetrics metrics = new PrometheusMetrics().bind(new CatalogMetrics(reloader));
        Files.writeString(file, catalog("a.acme.example", "b.acme.example", "c.acme.example"));
        reloader.reload();
        Files.writeString(file, "not: [a catalog");
        reloader.reload();
        reloader.reload();

        String scrape = new String(metrics.scrape(null).body(), StandardCharsets.UTF_8);
        assertThat(scrape)
                .contains("banwatch_catalog_reloads_total{result=\"success\"} 1.0")
                .contains("banwatch_catalog_reloads_total{result=\"failure\"} 2.0")
                .contains("banwatch_catalog_rules 3.0")
                .contains("banwatch_catalog_loaded_timestamp_seconds 1.7E9");
        metrics.close();
    }
}
