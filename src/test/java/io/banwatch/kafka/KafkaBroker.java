package io.banwatch.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) in a child JVM running {@code kafka.Kafka}
 * from the test classpath, on free loopback ports, with its log directory formatted by {@code kafka.tools.StorageTool}
 * as {@code kafka-storage.sh format} does. It can be stopped and started again on the same ports and data.
 */
final class KafkaBroker implements AutoCloseable {

    // A cold JVM on two busy cores loads the broker and elects its controller in 5-15 s.
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final int saslPort;
    private final int tlsPort;
    private Process process;

    KafkaBroker(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        this.port = freePort();
        this.controllerPort = freePort();
        this.saslPort = freePort();
        this.tlsPort = freePort();
        makeCertificate();
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, properties());
        String clusterId = Uuid.randomUuid().toString();
        Process format = java("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties.toString())
                .redirectOutput(dir.resolve("format.log").toFile())
                .redirectErrorStream(true)
                .start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException(
                    "kafka-storage format failed: " + Files.readString(dir.resolve("format.log")));
        }
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** A listener that takes SASL/PLAIN user {@link #SASL_USER} with password {@link #SASL_PASSWORD}. */
    String saslBootstrap() {
        return "127.0.0.1:" + saslPort;
    }

    /** A TLS listener whose certificate (for 127.0.0.1) is signed by nothing but itself: {@link #caFile()}. */
    String tlsBootstrap() {
        return "127.0.0.1:" + tlsPort;
    }

    /** The TLS listener's self-signed certificate, PEM: the one CA a client must trust. */
    Path caFile() {
        return dir.resolve("ca.pem");
    }

    // A throwaway key for a test broker on loopback.
    private static final String STORE_PASSWORD = "broker-store";

    /** A self-signed certificate for 127.0.0.1 made with the JDK's keytool, and its PEM export. */
    private void makeCertificate() throws IOException, InterruptedException {
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(
                keytool,
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-keystore",
                dir.resolve("broker.p12").toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD,
                "-keypass",
                STORE_PASSWORD);
        run(
                keytool,
                "-exportcert",
                "-rfc",
                "-alias",
                "broker",
                "-keystore",
                dir.resolve("broker.p12").toString(),
                "-storepass",
                STORE_PASSWORD,
                "-file",
                caFile().toString());
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("keytool.log").toFile()))
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
        }
    }

    static final String SASL_USER = "banwatch";
    static final String SASL_PASSWORD = "banwatch-secret";

    private String properties() {
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort
                        + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort + ",SSL://127.0.0.1:" + tlsPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort
                        + ",SSL://127.0.0.1:" + tlsPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,"
                        + "SSL:SSL",
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + dir.resolve("broker.p12"),
                "ssl.keystore.password=" + STORE_PASSWORD,
                "ssl.key.password=" + STORE_PASSWORD,
                "sasl.enabled.mechanisms=PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config="
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + SASL_USER + "=\""
                        + SASL_PASSWORD + "\";",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    /** Starts the broker and waits until it accepts connections and answers an admin request. */
    void start() throws Exception {
        process = java("kafka.Kafka", dir.resolve("server.properties").toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("broker.log").toFile()))
                .redirectErrorStream(true)
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka broker did not start: " + tail());
            }
            Thread.sleep(100);
        }
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Stops the broker as an operator does (SIGTERM: a controlled shutdown that flushes the log). */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        process = null;
    }

    void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) START_TIMEOUT.toMillis()));
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("broker.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no broker log)";
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small and quick to start: a test broker holds a few thousand records.
        command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss1m"));
        command.add("-Dlogback.configurationFile=" + dir.resolve("logback.xml"));
        command.addAll(List.of("-cp", classpath(), mainClass));
        command.addAll(List.of(args));
        writeLogbackConfig();
        return new ProcessBuilder(command).directory(dir.toFile());
    }

    private void writeLogbackConfig() {
        try {
            Files.writeString(dir.resolve("logback.xml"), """
                    <configuration>
                      <statusListener class="ch.qos.logback.core.status.NopStatusListener"/>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d %-5level %logger{30} - %msg%n</pattern></encoder>
                      </appender>
                      <logger name="org.apache.kafka" level="INFO"/>
                      <logger name="kafka" level="INFO"/>
                      <root level="WARN"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Surefire and failsafe run tests from a manifest-only jar; the real classpath is in this property. */
    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
