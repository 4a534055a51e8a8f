package io.banwatch.inspect.dns;

import static io.banwatch.inspect.dns.DnsMessageBuilder.query;
import static io.banwatch.inspect.dns.DnsMessageBuilder.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Observation.DnsMessageType;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsInspectorTest {

    static final int A = 1, NS = 2, CNAME = 5, NULL = 10, MX = 15, TXT = 16, AAAA = 28, HTTPS = 65;
    static final Endpoint CLIENT = Endpoint.parse("10.1.2.3", 51234);
    static final Endpoint SERVER = Endpoint.parse("8.8.8.8", 53);
    static final long TIME = 1_727_704_992_123_456_000L;

    private final AnomalyCounters anomalies = new AnomalyCounters();
    private final List<Observation> observations = new ArrayList<>();
    private final DnsInspector inspector = new DnsInspector(anomalies, observations::add);

    private void inspect(byte[] message) {
        inspector.inspectMessage(TIME, Transport.UDP, SERVER, CLIENT, -1, -1, message, 0, message.length);
    }

    private Observation.Dns onlyDns() {
        assertThat(observations).hasSize(1);
        return observations.getFirst().dns();
    }

    private static String repeat(char c, int count) {
        char[] chars = new char[count];
        Arrays.fill(chars, c);
        return new String(chars);
    }

    /**
     * www.example.com A; answers: CNAME edge.example.com (compressed), CNAME cdn.example.net, A and AAAA of
     * cdn.example.net, and an MX record that is skipped.
     */
    static byte[] cnameChainResponse() {
        DnsMessageBuilder b = response(0x1234, 0, 1, 5).question("www.example.com", A);
        b.pointer(12).recordFields(CNAME, 300, 7);
        int edge = b.position();
        b.labels("edge").pointer(16);
        b.pointer(edge).cname(60, "cdn.example.net");
        int cdn = b.position() - 17;
        b.pointer(cdn).address(0xffff_ffffL, "93.184.216.34");
        b.pointer(cdn).address(30, "2001:db8::1");
        b.pointer(cdn).recordFields(MX, 30, 4).u16(10).pointer(cdn);
        return b.build();
    }

    static final List<DnsRecord> CNAME_CHAIN_ANSWERS = List.of(
            DnsRecord.parse("www.example.com", "CNAME", 300, "edge.example.com"),
            DnsRecord.parse("edge.example.com", "CNAME", 60, "cdn.example.net"),
            DnsRecord.parse("cdn.example.net", "A", 0xffff_ffffL, "93.184.216.34"),
            DnsRecord.parse("cdn.example.net", "AAAA", 30, "2001:db8::1"));

    @Nested
    class InspectMessage {

        @Test
        void simpleQuery() {
            byte[] message =
                    query(0xbeef, 1).question("dnl-01.geo.kaspersky.com", A).build();
            inspector.inspectMessage(TIME, Transport.UDP, CLIENT, SERVER, 10, 77, message, 0, message.length);

            assertThat(observations)
                    .containsExactly(Observation.dns(
                            TIME,
                            Transport.UDP,
                            CLIENT,
                            SERVER,
                            10,
                            77,
                            "dnl-01.geo.kaspersky.com",
                            new Observation.Dns(DnsMessageType.QUERY, 0xbeef, "A", null, List.of())));
            assertThat(observations.getFirst().protocol()).isEqualTo(Protocol.DNS);
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void responseWithCnameChainAddressesAndSkippedRecord() {
            inspect(cnameChainResponse());

            assertThat(observations.getFirst().name()).isEqualTo("www.example.com");
            assertThat(observations.getFirst().source()).isEqualTo(SERVER);
            assertThat(onlyDns())
                    .isEqualTo(new Observation.Dns(DnsMessageType.ANSWER, 0x1234, "A", "NOERROR", CNAME_CHAIN_ANSWERS));
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void onlyTheAnswerSectionIsRead() {
            // One answer announced; an A record follows as authority data and must not be reported.
            byte[] message = DnsMessageBuilder.header(7, DnsMessageBuilder.QR, 1, 1, 1, 0)
                    .question("example.com", A)
                    .pointer(12)
                    .address(5, "192.0.2.1")
                    .pointer(12)
                    .address(5, "192.0.2.2")
                    .build();
            inspect(message);
            assertThat(onlyDns().answers()).containsExactly(DnsRecord.parse("example.com", "A", 5, "192.0.2.1"));
        }

        @Test
        void multipleQuestionsGiveOneObservationEach() {
            byte[] message = query(9, 3)
                    .question("Example.COM", A)
                    .labels("www")
                    .pointer(12)
                    .questionFields(AAAA)
                    .question(".", NS)
                    .build();
            inspect(message);

            assertThat(observations)
                    .extracting(Observation::name)
                    .containsExactly("example.com", "www.example.com", ".");
            assertThat(observations).extracting(o -> o.dns().questionType()).containsExactly("A", "AAAA", "NS");
            assertThat(observations).allSatisfy(o -> {
                assertThat(o.dns().type()).isEqualTo(DnsMessageType.QUERY);
                assertThat(o.dns().id()).isEqualTo(9);
                assertThat(o.dns().responseCode()).isNull();
                assertThat(o.dns().answers()).isEmpty();
            });
        }

        @Test
        void queryWithoutQuestionsGivesNoObservation() {
            inspect(query(1, 0).build());
            assertThat(observations).isEmpty();
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void responseWithoutQuestion() {
            inspect(response(3, 5, 0, 0).build());
            assertThat(observations.getFirst().name()).isNull();
            assertThat(onlyDns()).isEqualTo(new Observation.Dns(DnsMessageType.ANSWER, 3, null, "REFUSED", List.of()));
        }

        @ParameterizedTest
        @CsvSource({
            "0, NOERROR",
            "1, FORMERR",
            "2, SERVFAIL",
            "3, NXDOMAIN",
            "4, NOTIMP",
            "5, REFUSED",
            "6, YXDOMAIN",
            "7, YXRRSET",
            "8, NXRRSET",
            "9, NOTAUTH",
            "10, NOTZONE",
            "11, RCODE11",
            "15, RCODE15"
        })
        void responseCodes(int rcode, String mnemonic) {
            inspect(response(1, rcode, 1, 0).question("example.com", A).build());
            assertThat(onlyDns().responseCode()).isEqualTo(mnemonic);
        }

        @ParameterizedTest
        @CsvSource({
            "1, A",
            "28, AAAA",
            "5, CNAME",
            "15, MX",
            "16, TXT",
            "65, HTTPS",
            "64, SVCB",
            "12, PTR",
            "2, NS",
            "6, SOA",
            "33, SRV",
            "255, ANY",
            "0, TYPE0",
            "100, TYPE100",
            "65280, TYPE65280",
            "65535, TYPE65535"
        })
        void questionTypes(int type, String mnemonic) {
            inspect(query(1, 1).question("example.com", type).build());
            assertThat(onlyDns().questionType()).isEqualTo(mnemonic);
        }

        @Test
        void extraCnameTooLongIsSkippedAndTheOthersReported() {
            // A long owner name makes the second CNAME's target (192 octets + pointer) exceed 255 octets.
            String longOwner = repeat('x', 62) + ".example.com";
            DnsMessageBuilder b = response(5, 0, 1, 4).question(longOwner, CNAME);
            b.pointer(12).cname(60, "edge.example.net");
            int edge = b.position() - 18;
            b.pointer(12).recordFields(CNAME, 60, 192 + 2);
            b.labels(repeat('a', 63) + "." + repeat('b', 63) + "." + repeat('c', 63))
                    .pointer(12);
            b.pointer(edge).address(20, "198.51.100.7");
            b.pointer(edge).address(20, "2001:db8:0:0:1:0:0:1");
            inspect(b.build());

            assertThat(onlyDns().answers())
                    .containsExactly(
                            DnsRecord.parse(longOwner, "CNAME", 60, "edge.example.net"),
                            DnsRecord.parse("edge.example.net", "A", 20, "198.51.100.7"),
                            DnsRecord.parse("edge.example.net", "AAAA", 20, "2001:db8::1:0:0:1"));
            assertThat(anomalies.get(DnsAnomaly.NAME_TOO_LONG)).isEqualTo(1);
            assertThat(anomalies.total()).isEqualTo(1);
        }

        @Test
        void recordWithBadOwnerNameIsSkippedAndTheNextRead() {
            DnsMessageBuilder b = response(5, 0, 1, 2).question("example.com", A);
            int self = b.position();
            b.pointer(self).address(20, "192.0.2.9"); // owner points at itself
            b.pointer(12).address(20, "192.0.2.10");
            inspect(b.build());

            assertThat(onlyDns().answers()).containsExactly(DnsRecord.parse("example.com", "A", 20, "192.0.2.10"));
            assertThat(anomalies.get(DnsAnomaly.NAME_POINTER_LOOP)).isEqualTo(1);
        }

        @Test
        void pointerChainInsideRdataAtAndOverTheHopCap() {
            for (int hops : new int[] {DnsNameReader.MAX_POINTER_HOPS, DnsNameReader.MAX_POINTER_HOPS + 1}) {
                observations.clear();
                // A NULL record's RDATA holds the pointer chain; the A record's owner is its last pointer.
                DnsMessageBuilder b = response(5, 0, 1, 2).question("example.com", A);
                b.pointer(12).recordFields(NULL, 1, 2 * (hops - 1));
                int previous = 12;
                for (int i = 0; i < hops - 1; i++) {
                    int here = b.position();
                    b.pointer(previous);
                    previous = here;
                }
                b.pointer(previous).address(20, "192.0.2.1");
                inspect(b.build());

                if (hops == DnsNameReader.MAX_POINTER_HOPS) {
                    assertThat(onlyDns().answers())
                            .containsExactly(DnsRecord.parse("example.com", "A", 20, "192.0.2.1"));
                    assertThat(anomalies.total()).isZero();
                } else {
                    assertThat(onlyDns().answers()).isEmpty();
                    assertThat(anomalies.get(DnsAnomaly.NAME_TOO_MANY_POINTERS)).isEqualTo(1);
                }
            }
        }

        @Test
        void addressOfWrongLengthIsSkipped() {
            DnsMessageBuilder b = response(5, 0, 1, 3).question("example.com", A);
            b.pointer(12).recordFields(A, 20, 5).u8(1, 2, 3, 4, 5);
            b.pointer(12).recordFields(AAAA, 20, 4).u8(1, 2, 3, 4);
            b.pointer(12).address(20, "192.0.2.1");
            inspect(b.build());

            assertThat(onlyDns().answers()).containsExactly(DnsRecord.parse("example.com", "A", 20, "192.0.2.1"));
            assertThat(anomalies.get(DnsAnomaly.ADDRESS_LENGTH_INVALID)).isEqualTo(2);
        }

        @Test
        void cnameTargetRunningPastItsRdataIsSkipped() {
            DnsMessageBuilder b = response(5, 0, 1, 2).question("example.com", A);
            b.pointer(12).recordFields(CNAME, 20, 2).name("target.example"); // RDLENGTH 2, name of 16
            inspect(b.build());

            assertThat(onlyDns().answers()).isEmpty();
            assertThat(anomalies.get(DnsAnomaly.RDATA_NAME_OVERRUN)).isEqualTo(1);
        }

        @Test
        void messageInsideALargerBuffer() {
            byte[] message = cnameChainResponse();
            byte[] buffer = new byte[message.length + 64];
            Arrays.fill(buffer, (byte) 0xc0);
            System.arraycopy(message, 0, buffer, 31, message.length);
            inspector.inspectMessage(TIME, Transport.TCP, SERVER, CLIENT, -1, -1, buffer, 31, message.length);

            assertThat(onlyDns().answers()).isEqualTo(CNAME_CHAIN_ANSWERS);
            assertThat(observations.getFirst().transport()).isEqualTo(Transport.TCP);
            assertThat(anomalies.total()).isZero();
        }
    }

    @Nested
    class InspectDatagram {

        @Test
        void endpointsTimeVlanAndTunnelComeFromThePacket() {
            byte[] message = query(42, 1)
                    .question("ksn-a-stat-geo.kaspersky-labs.com", HTTPS)
                    .build();
            DecodedPacket packet = new DecodedPacket();
            packet.timestampNanos = TIME;
            packet.ipVersion = 6;
            packet.transport = DecodedPacket.UDP;
            System.arraycopy(DnsMessageBuilder.ip("2001:db8::10"), 0, packet.sourceAddress, 0, 16);
            System.arraycopy(DnsMessageBuilder.ip("2001:db8::53"), 0, packet.destinationAddress, 0, 16);
            packet.sourcePort = 40000;
            packet.destinationPort = 53;
            packet.vlanId = 12;
            packet.tunnelId = 4096;
            packet.data = new byte[message.length + 62];
            System.arraycopy(message, 0, packet.data, 62, message.length);
            packet.payloadOffset = 62;
            packet.payloadLength = message.length;

            inspector.inspectDatagram(packet);

            assertThat(observations)
                    .containsExactly(Observation.dns(
                            TIME,
                            Transport.UDP,
                            Endpoint.parse("2001:db8::10", 40000),
                            Endpoint.parse("2001:db8::53", 53),
                            12,
                            4096,
                            "ksn-a-stat-geo.kaspersky-labs.com",
                            new Observation.Dns(DnsMessageType.QUERY, 42, "HTTPS", null, List.of())));
        }

        @Test
        void ipv4Response() {
            byte[] message = cnameChainResponse();
            DecodedPacket packet = new DecodedPacket();
            packet.ipVersion = 4;
            packet.transport = DecodedPacket.UDP;
            System.arraycopy(new byte[] {8, 8, 4, 4}, 0, packet.sourceAddress, 0, 4);
            System.arraycopy(new byte[] {10, 0, 0, 1}, 0, packet.destinationAddress, 0, 4);
            packet.sourcePort = 53;
            packet.destinationPort = 5000;
            packet.data = message;
            packet.payloadLength = message.length;

            inspector.inspectDatagram(packet);

            assertThat(observations.getFirst().source()).isEqualTo(Endpoint.parse("8.8.4.4", 53));
            assertThat(observations.getFirst().destination()).isEqualTo(Endpoint.parse("10.0.0.1", 5000));
            assertThat(observations.getFirst().vlanId()).isEqualTo(-1);
            assertThat(onlyDns().answers()).isEqualTo(CNAME_CHAIN_ANSWERS);
        }
    }
}
