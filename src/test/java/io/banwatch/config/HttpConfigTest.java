package io.banwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code http.*} limits: defaults, overrides and errors that name the key. */
class HttpConfigTest {

    @Test
    void defaults() {
        BanwatchConfig.Http http = ConfigLoader.defaults(Map.of()).http();
        assertThat(http.readTimeoutSeconds()).isEqualTo(15);
        assertThat(http.maxConnections()).isEqualTo(256);
        assertThat(http.maxConnectionsPerClient()).isEqualTo(32);
    }

    @Test
    void fileAndEnvironment() {
        BanwatchConfig.Http http = ConfigLoader.parse(
                        "b.yaml",
                        "http:\n  read_timeout_seconds: 5\n  max_connections: 64\n",
                        Map.of("BANWATCH_HTTP_MAX_CONNECTIONS_PER_CLIENT", "8"))
                .http();
        assertThat(http).isEqualTo(new BanwatchConfig.Http("0.0.0.0", 19153, 5, 64, 8));
    }

    @Test
    void outOfRangeNamesTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "http:\n  read_timeout_seconds: 0\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("b.yaml: http.read_timeout_seconds:");
        assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "http:\n  max_connections: -1\n", Map.of()))
                .hasMessageStartingWith("b.yaml: http.max_connections:");
    }

    @Test
    void oneClientMayNotHaveMoreThanAll() {
        assertThatThrownBy(() -> ConfigLoader.parse(
                        "b.yaml", "http:\n  max_connections: 10\n  max_connections_per_client: 11\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.max_connections_per_client: 11 is more than http.max_connections (10)");
    }
}
