package io.banwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Nested
    class Defaults {

        @Test
        void matchTheShippedFile() {
            BanwatchConfig shipped = ConfigLoader.load(Path.of("config/banwatch.yaml"), Map.of());
            assertThat(shipped).isEqualTo(ConfigLoader.defaults(Map.of()));
        }

        @Test
        void haveDocumentedValues() {
            BanwatchConfig config = ConfigLoader.defaults(Map.of());
            assertThat(config.http()).isEqualTo(new BanwatchConfig.Http("0.0.0.0", 19153));
            assertThat(config.inspect().dnsPorts()).containsExactly(53);
            assertThat(config.capture().filter()).isEqualTo("auto");
            assertThat(config.catalog().builtin()).containsExactly("kaspersky");
        }

        @Test
        void everyKeyIsInTheShippedFile() throws Exception {
            String text = java.nio.file.Files.readString(Path.of("config/banwatch.yaml"));
            for (ConfigKey key : ConfigKeys.ALL) {
                String leaf = key.path().substring(key.path().lastIndexOf('.') + 1);
                assertThat(text).as(key.path()).contains(leaf + ":");
            }
        }
    }

    @Nested
    class Errors {

        @Test
        void unknownKeyNamesThePathAndTheKnownKeys() {
            assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "capture:\n  snaplenn: 100\n", Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("b.yaml: capture.snaplenn: unknown key")
                    .hasMessageContaining("snaplen");
        }

        @Test
        void inspectWorkersIsAutoOrAWholeNumberInRange() {
            int cpus = Runtime.getRuntime().availableProcessors();
            assertThat(ConfigLoader.defaults(Map.of()).inspect().workers()).isEqualTo(Math.max(1, cpus - 1));
            assertThat(ConfigLoader.parse("b.yaml", "inspect:\n  workers: 3\n", Map.of())
                            .inspect()
                            .workers())
                    .isEqualTo(3);
            assertThat(ConfigLoader.parse("b.yaml", "inspect:\n  workers: auto\n", Map.of())
                            .inspect()
                            .workers())
                    .isEqualTo(Math.max(1, cpus - 1));
            assertThat(ConfigLoader.defaults(Map.of("BANWATCH_INSPECT_WORKERS", "2"))
                            .inspect()
                            .workers())
                    .isEqualTo(2);
            assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "inspect:\n  workers: many\n", Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("b.yaml: inspect.workers: expected `auto` or an integer from 1 to 64");
            assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "inspect:\n  workers: 0\n", Map.of()))
                    .hasMessageContaining("inspect.workers: 0 is out of range");
            assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "inspect:\n  workers: 2.5\n", Map.of()))
                    .hasMessageContaining("inspect.workers: expected a `auto` or integer");
            assertThatThrownBy(() -> ConfigLoader.defaults(Map.of("BANWATCH_INSPECT_WORKERS", "")))
                    .hasMessageStartingWith("BANWATCH_INSPECT_WORKERS: expected `auto` or an integer");
        }

        @Test
        void captureFanoutIsOneByDefaultAutoOrAWholeNumberInRange() {
            int cpus = Runtime.getRuntime().availableProcessors();
            assertThat(ConfigLoader.defaults(Map.of()).capture().fanout()).isEqualTo(1);
            assertThat(ConfigLoader.parse("b.yaml", "capture:\n  fanout: 4\n", Map.of())
                            .capture()
                            .fanout())
                    .isEqualTo(4);
            assertThat(ConfigLoader.parse("b.yaml", "capture:\n  fanout: auto\n", Map.of())
                            .capture()
                            .fanout())
                    .isEqualTo(cpus);
            assertThat(ConfigLoader.defaults(Map.of("BANWATCH_CAPTURE_FANOUT", "2"))
                            .capture()
                            .fanout())
                    .isEqualTo(2);
            assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "capture:\n  fanout: 0\n", Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("b.yaml: capture.fanout: 0 is out of range; allowed: 1 to 64");
            assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "capture:\n  fanout: 65\n", Map.of()))
                    .hasMessage("b.yaml: capture.fanout: 65 is out of range; allowed: 1 to 64");
            assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "capture:\n  fanout: two\n", Map.of()))
                    .hasMessage("b.yaml: capture.fanout: expected `auto` or an integer from 1 to 64, got \"two\"");
            assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "capture:\n  fanout: [2]\n", Map.of()))
                    .hasMessageStartingWith("b.yaml: capture.fanout: expected a `auto` or integer");
            assertThatThrownBy(() -> ConfigLoader.defaults(Map.of("BANWATCH_CAPTURE_FANOUT", "-1")))
                    .hasMessageStartingWith("BANWATCH_CAPTURE_FANOUT: -1 is out of range");
        }

        @Test
        void withFanoutInspectWorkersAutoMeansEachCaptureThreadInspects() {
            int cpus = Runtime.getRuntime().availableProcessors();
            assertThat(ConfigLoader.parse("b.yaml", "capture:\n  fanout: 2\n", Map.of())
                            .inspect()
                            .workers())
                    .isEqualTo(1);
            assertThat(ConfigLoader.parse("b.yaml", "capture:\n  fanout: 2\ninspect:\n  workers: 3\n", Map.of())
                            .inspect()
                            .workers())
                    .as("a number of workers is kept: the capture threads hand over to them")
                    .isEqualTo(3);
            assertThat(ConfigLoader.parse("b.yaml", "capture:\n  fanout: 1\n", Map.of())
                            .inspect()
                            .workers())
                    .isEqualTo(Math.max(1, cpus - 1));
        }

        @Test
        void unknownSection() {
            assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "captur:\n  snaplen: 100\n", Map.of()))
                    .hasMessageStartingWith("b.yaml: captur: unknown key");
        }

        @Test
        void wrongType() {
            assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "capture:\n  promiscuous: maybe\n", Map.of()))
                    .hasMessage("b.yaml: capture.promiscuous: expected a boolean, got \"maybe\"");
        }

        @Test
        void outOfRange() {
            assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "inspect:\n  dns_ports: [53, 70000]\n", Map.of()))
                    .hasMessage("b.yaml: inspect.dns_ports[1]: 70000 is out of range; allowed: 1 to 65535");
        }

        @Test
        void badListenAddress() {
            assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "http:\n  listen: localhost\n", Map.of()))
                    .hasMessageContaining("http.listen: expected HOST:PORT");
        }

        @Test
        void invalidYamlNamesTheLine() {
            assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "capture:\n  snaplen: [\n", Map.of()))
                    .hasMessageStartingWith("b.yaml: not valid YAML at line");
        }

        @Test
        void aYamlSyntaxErrorIsOneLineWithLineAndColumn() {
            assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "capture:\n  snaplen: [1\n  x: 2\n", Map.of()))
                    .hasMessage("b.yaml: not valid YAML at line 3, column 4: expected ',' or ']', but got : "
                            + "(while parsing a flow sequence that starts at line 2)");
        }

        @Test
        void aListenPortThatIsNoNumberSaysSo() {
            assertThatThrownBy(() -> ConfigLoader.parse("b.yaml", "http:\n  listen: \"nohost:abc\"\n", Map.of()))
                    .hasMessage("http.listen: port \"abc\" is not a number (expected HOST:PORT, for example "
                            + "0.0.0.0:19153)");
        }

        @Test
        void missingFile() {
            assertThatThrownBy(() -> ConfigLoader.load(Path.of("does-not-exist.yaml"), Map.of()))
                    .hasMessage("does-not-exist.yaml: configuration file not found");
        }
    }

    @Nested
    class EnvironmentOverrides {

        @Test
        void aMisspelledVariableIsRefusedWithASuggestion() {
            assertThatThrownBy(() -> ConfigLoader.defaults(Map.of("BANWATCH_CAPTURE_SNAPLENN", "5")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("BANWATCH_CAPTURE_SNAPLENN: unknown environment variable; did you mean "
                            + "BANWATCH_CAPTURE_SNAPLEN?");
        }

        @Test
        void theLaunchersOwnVariablesAndOtherProgramsVariablesPass() {
            assertThat(ConfigLoader.defaults(Map.of(
                            "BANWATCH_HEAP", "512m",
                            "BANWATCH_JAVA_OPTS", "-Xmx1g",
                            "BANWATCHER", "x",
                            "PATH", "/usr/bin")))
                    .isEqualTo(ConfigLoader.defaults(Map.of()));
        }

        @Test
        void theApiTokenComesFromTheEnvironment() {
            BanwatchConfig config = ConfigLoader.parse(
                    "b.yaml", "api:\n  max_concurrent_requests: 2\n", Map.of("BANWATCH_API_TOKEN", "  t0ken  "));
            assertThat(config.api().token()).isEqualTo("t0ken");
            assertThat(config.api().maxConcurrentRequests()).isEqualTo(2);
            assertThat(config.api().requestTimeoutSeconds()).isEqualTo(10);
            assertThat(config.api().toString()).doesNotContain("t0ken");
            assertThat(ConfigLoader.defaults(Map.of()).api().token()).isEmpty();
        }

        @Test
        void mapMechanicallyAndWinOverTheFile() {
            BanwatchConfig config = ConfigLoader.parse(
                    "b.yaml",
                    "http:\n  listen: 1.2.3.4:1\n",
                    Map.of(
                            "BANWATCH_HTTP_LISTEN", "127.0.0.1:9000",
                            "BANWATCH_CAPTURE_INTERFACES", "eth1, eth2",
                            "BANWATCH_METRICS_MAX_HOST_SERIES", "7",
                            "BANWATCH_CAPTURE_PROMISCUOUS", "false"));
            assertThat(config.http()).isEqualTo(new BanwatchConfig.Http("127.0.0.1", 9000));
            assertThat(config.capture().interfaces()).isEqualTo(List.of("eth1", "eth2"));
            assertThat(config.metrics().maxHostSeries()).isEqualTo(7);
            assertThat(config.capture().promiscuous()).isFalse();
        }

        @Test
        void badValueNamesTheVariable() {
            assertThatThrownBy(() -> ConfigLoader.defaults(Map.of("BANWATCH_INSPECT_MAX_FLOWS", "lots")))
                    .hasMessage("BANWATCH_INSPECT_MAX_FLOWS: expected an integer, got \"lots\"");
        }
    }

    @Nested
    class KafkaSink {

        private BanwatchConfig.Kafka kafka(String yaml) {
            return ConfigLoader.parse("b.yaml", yaml, Map.of()).sinks().kafka();
        }

        private String servers(String... entries) {
            return "sinks:\n  kafka:\n    bootstrap_servers: [" + String.join(", ", entries) + "]\n";
        }

        @Test
        void isOffByDefault() {
            BanwatchConfig config = ConfigLoader.defaults(Map.of());
            assertThat(config.sinks().kafka().enabled()).isFalse();
            assertThat(config.sinks().kafka().topic()).isEqualTo("banwatch-events");
            assertThat(config.sinks().kafka().events()).isEqualTo(BanwatchConfig.StreamedEvents.MATCHED);
            assertThat(config.sinks().kafka().compression()).isEqualTo("lz4");
            assertThat(config.observer().name()).isEmpty();
        }

        @Test
        void acceptsHostNamesAddressesAndBracketedIpv6() {
            BanwatchConfig.Kafka kafka = kafka(
                    servers("kafka-1.example.net:9092", "10.0.0.7:9093", "\"[2001:db8::1]:9092\"", "broker_2:19092"));
            assertThat(kafka.enabled()).isTrue();
            assertThat(kafka.bootstrapServers())
                    .containsExactly(
                            "kafka-1.example.net:9092", "10.0.0.7:9093", "[2001:db8::1]:9092", "broker_2:19092");
        }

        @Test
        void aMissingPortNamesTheEntry() {
            assertThatThrownBy(() -> kafka(servers("kafka-1:9092", "kafka-2")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(
                            "sinks.kafka.bootstrap_servers[1]: \"kafka-2\" has no port; expected HOST:PORT");
        }

        @Test
        void aSchemeIsRefused() {
            assertThatThrownBy(() -> kafka(servers("\"PLAINTEXT://kafka-1:9092\"")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(
                            "sinks.kafka.bootstrap_servers[0]: \"PLAINTEXT://kafka-1:9092\" has a scheme");
        }

        @Test
        void anIpv6AddressNeedsBrackets() {
            assertThatThrownBy(() -> kafka(servers("\"2001:db8::1:9092\"")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("sinks.kafka.bootstrap_servers[0]: \"2001:db8::1:9092\": an IPv6 address goes in "
                            + "brackets, as [2001:db8::1]:9092");
        }

        @Test
        void portsAndHostsAreChecked() {
            assertThatThrownBy(() -> kafka(servers("kafka-1:0")))
                    .hasMessage("sinks.kafka.bootstrap_servers[0]: port must be 1 to 65535, got 0");
            assertThatThrownBy(() -> kafka(servers("kafka-1:90x2")))
                    .hasMessageStartingWith("sinks.kafka.bootstrap_servers[0]: port \"90x2\" is not a number");
            assertThatThrownBy(() -> kafka(servers("\"kafka 1:9092\"")))
                    .hasMessageStartingWith("sinks.kafka.bootstrap_servers[0]: \"kafka 1\" is not a host name");
            assertThatThrownBy(() -> kafka(servers("\":9092\"")))
                    .hasMessageStartingWith("sinks.kafka.bootstrap_servers[0]: \"\" is not a host name");
        }

        @Test
        void theEnvironmentVariableIsCheckedTheSameWay() {
            assertThat(ConfigLoader.defaults(Map.of("BANWATCH_SINKS_KAFKA_BOOTSTRAP_SERVERS", "k1:9092, k2:9092"))
                            .sinks()
                            .kafka()
                            .bootstrapServers())
                    .containsExactly("k1:9092", "k2:9092");
            assertThatThrownBy(() -> ConfigLoader.defaults(Map.of("BANWATCH_SINKS_KAFKA_BOOTSTRAP_SERVERS", "k1")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("sinks.kafka.bootstrap_servers[0]: \"k1\" has no port");
        }

        @Test
        void saslNeedsAUserNameAndAPasswordAndNamesTheVariable() {
            String yaml = servers("k1:9092") + "    security_protocol: sasl_ssl\n    sasl_username: sensor\n";
            assertThatThrownBy(() -> kafka(yaml))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("sinks.kafka.sasl_password: required when sinks.kafka.security_protocol is sasl_ssl "
                            + "(BANWATCH_SINKS_KAFKA_SASL_PASSWORD in the environment)");
            BanwatchConfig.KafkaSecurity security = ConfigLoader.parse(
                            "b.yaml", yaml, Map.of("BANWATCH_SINKS_KAFKA_SASL_PASSWORD", "s3cret"))
                    .sinks()
                    .kafka()
                    .security();
            assertThat(security.protocol()).isEqualTo("SASL_SSL");
            assertThat(security.saslMechanism()).isEqualTo("SCRAM-SHA-512");
            assertThat(security.password()).isEqualTo("s3cret");
            assertThat(security.toString()).doesNotContain("s3cret");
        }

        @Test
        void credentialsOrACaFileWithoutTheProtocolThatUsesThemAreRefused() {
            assertThatThrownBy(() -> kafka(servers("k1:9092") + "    sasl_username: sensor\n"))
                    .hasMessage("sinks.kafka.sasl_username: set, but sinks.kafka.security_protocol is plaintext; it is "
                            + "used only with sasl_ssl or sasl_plaintext");
            assertThatThrownBy(() -> kafka(servers("k1:9092") + "    ssl_ca_file: /etc/hosts\n"))
                    .hasMessageStartingWith(
                            "sinks.kafka.ssl_ca_file: set, but sinks.kafka.security_protocol is plaintext");
            assertThatThrownBy(() -> kafka(servers("k1:9092") + "    security_protocol: ssl\n"
                            + "    ssl_ca_file: /does/not/exist.pem\n"))
                    .hasMessage("sinks.kafka.ssl_ca_file: /does/not/exist.pem: no such file, or it cannot be read");
            assertThatThrownBy(() -> kafka(servers("k1:9092") + "    security_protocol: tls\n"))
                    .hasMessage("sinks.kafka.security_protocol: \"tls\" is not one of "
                            + "[plaintext, ssl, sasl_ssl, sasl_plaintext]");
        }

        @Test
        void eventsCompressionAndTopicAreChecked() {
            assertThatThrownBy(() -> kafka("sinks:\n  kafka:\n    events: some\n"))
                    .hasMessage("sinks.kafka.events: \"some\" is not one of [matched, all]");
            assertThatThrownBy(() -> kafka("sinks:\n  kafka:\n    compression: zstd\n"))
                    .hasMessage("sinks.kafka.compression: \"zstd\" is not one of [lz4, gzip, none]");
            assertThatThrownBy(() -> kafka("sinks:\n  kafka:\n    topic: \"banwatch events\"\n"))
                    .hasMessageStartingWith("sinks.kafka.topic: \"banwatch events\" is not a Kafka topic name");
            assertThatThrownBy(() -> kafka("sinks:\n  kafka:\n    buffer_bytes: 1000\n"))
                    .hasMessageContaining("sinks.kafka.buffer_bytes: 1000 is out of range");
            assertThat(kafka("sinks:\n  kafka:\n    events: all\n    compression: GZIP\n")
                            .compression())
                    .isEqualTo("gzip");
        }
    }

    @Test
    void ipv6ListenAddress() {
        BanwatchConfig config = ConfigLoader.parse("b.yaml", "http:\n  listen: \"[::1]:19153\"\n", Map.of());
        assertThat(config.http()).isEqualTo(new BanwatchConfig.Http("::1", 19153));
    }
}
