package io.banwatch.sensor;

import static io.banwatch.dispatch.TestFrames.ACK;
import static io.banwatch.dispatch.TestFrames.ETHERNET;
import static io.banwatch.dispatch.TestFrames.PSH;
import static io.banwatch.dispatch.TestFrames.SYN;
import static io.banwatch.dispatch.TestFrames.dnsAnswer;
import static io.banwatch.dispatch.TestFrames.tcp;
import static io.banwatch.dispatch.TestFrames.tlsRecord;
import static io.banwatch.dispatch.TestFrames.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.attribute.NamelessFlowsTest;
import io.banwatch.config.ConfigLoader;
import io.banwatch.dispatch.PacketProcessor;
import io.banwatch.inspect.tls.ChromeHello;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One DNS-answer map per sensor: a flow without a name that one capture thread (one interface, or one worker) sees is
 * named by a DNS answer another one saw.
 */
class SharedAddressMapTest {

    static final long T0 = NamelessFlowsTest.T0;
    static final String KSN = NamelessFlowsTest.KSN;
    static final String CLIENT = "10.4.7.19";
    static final String SERVER = "203.0.113.7";

    @Test
    void aFlowOnOneInterfaceIsNamedByTheDnsAnswerSeenOnAnother() throws InterruptedException {
        ByteArrayOutputStream observations = new ByteArrayOutputStream();
        try (Sensor sensor =
                new Sensor(ConfigLoader.defaults(Map.of("BANWATCH_INSPECT_WORKERS", "1")), observations, false)) {
            PacketProcessor resolverSide = sensor.newProcessor(true);
            PacketProcessor clientSide = sensor.newProcessor(true);
            send(resolverSide, udp("10.0.0.53", 53, CLIENT, 40_000, dnsAnswer(KSN, 60, new String[0], SERVER)), T0);
            send(clientSide, tcp(CLIENT, 51_000, SERVER, 443, 1000, SYN, new byte[0]), T0 + 10);
            send(clientSide, tcp(SERVER, 443, CLIENT, 51_000, 5000, 1001, SYN | ACK, new byte[0]), T0 + 11);
            send(
                    clientSide,
                    tcp(CLIENT, 51_000, SERVER, 443, 1001, ACK | PSH, tlsRecord(ChromeHello.handshake(null, false))),
                    T0 + 12);
            sensor.drain(Duration.ofSeconds(10));

            List<String> tls = observations
                    .toString()
                    .lines()
                    .filter(line -> line.contains("\"protocol\":\"tls\""))
                    .toList();
            assertThat(tls).hasSize(1);
            assertThat(tls.getFirst())
                    .contains("\"domain\":\"" + KSN + "\"")
                    .contains("\"name_source\":\"dns_answer\"")
                    .contains("\"category\":\"ksn\"");
        }
    }

    @Test
    void withoutTheAnswerOnEitherInterfaceTheFlowStaysUnnamed() throws InterruptedException {
        ByteArrayOutputStream observations = new ByteArrayOutputStream();
        try (Sensor sensor =
                new Sensor(ConfigLoader.defaults(Map.of("BANWATCH_INSPECT_WORKERS", "1")), observations, false)) {
            PacketProcessor clientSide = sensor.newProcessor(true);
            send(clientSide, tcp(CLIENT, 51_000, SERVER, 443, 1000, SYN, new byte[0]), T0 + 10);
            send(clientSide, tcp(SERVER, 443, CLIENT, 51_000, 5000, 1001, SYN | ACK, new byte[0]), T0 + 11);
            send(
                    clientSide,
                    tcp(CLIENT, 51_000, SERVER, 443, 1001, ACK | PSH, tlsRecord(ChromeHello.handshake(null, false))),
                    T0 + 12);
            sensor.drain(Duration.ofSeconds(10));

            assertThat(observations.toString(StandardCharsets.UTF_8)).doesNotContain(KSN);
        }
    }

    private static void send(PacketProcessor processor, byte[] frame, long at) {
        processor.onPacket(ETHERNET, frame, frame.length, frame.length, at);
    }
}
