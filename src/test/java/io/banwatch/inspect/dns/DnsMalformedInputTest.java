package io.banwatch.inspect.dns;

import static io.banwatch.inspect.dns.DnsMessageBuilder.query;
import static io.banwatch.inspect.dns.DnsMessageBuilder.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Transport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the inspector does with messages that are cut short, lie in their header or are randomly corrupted. */
class DnsMalformedInputTest {

    private static final int A = 1;

    private final AnomalyCounters anomalies = new AnomalyCounters();
    private final List<Observation> observations = new ArrayList<>();
    private final DnsInspector inspector = new DnsInspector(anomalies, observations::add);

    private void inspect(byte[] message, int length) {
        inspector.inspectMessage(
                0, Transport.UDP, DnsInspectorTest.SERVER, DnsInspectorTest.CLIENT, -1, -1, message, 0, length);
    }

    private void inspect(byte[] message) {
        inspect(message, message.length);
    }

    @Nested
    class Truncation {

        @Test
        void responseCutAtEveryLengthCountsAndNeverThrows() {
            byte[] full = DnsInspectorTest.cnameChainResponse();
            for (int length = 0; length < full.length; length++) {
                observations.clear();
                long before = anomalies.total();
                // An exact-size copy: any read past the given length would throw.
                inspect(Arrays.copyOf(full, length));

                assertThat(anomalies.total()).as("length %d", length).isEqualTo(before + 1);
                if (length < DnsWire.HEADER_LENGTH) {
                    assertThat(observations).isEmpty();
                } else if (!observations.isEmpty()) {
                    // What was complete before the cut is still reported, in order.
                    List<DnsRecord> answers = observations.getFirst().dns().answers();
                    assertThat(answers).isEqualTo(DnsInspectorTest.CNAME_CHAIN_ANSWERS.subList(0, answers.size()));
                }
            }
            assertThat(anomalies.get(DnsAnomaly.MESSAGE_TOO_SHORT)).isEqualTo(12);
            observations.clear();
            long before = anomalies.total();
            inspect(full);
            assertThat(anomalies.total()).isEqualTo(before);
            assertThat(observations.getFirst().dns().answers()).isEqualTo(DnsInspectorTest.CNAME_CHAIN_ANSWERS);
        }

        @Test
        void queryCutAtEveryLength() {
            byte[] full = query(1, 2)
                    .question("www.example.com", A)
                    .labels("mail")
                    .pointer(16)
                    .questionFields(A)
                    .build();
            int firstQuestionEnd = 12 + 17 + 4;
            for (int length = 0; length < full.length; length++) {
                observations.clear();
                long before = anomalies.total();
                inspect(Arrays.copyOf(full, length));
                assertThat(anomalies.total()).as("length %d", length).isEqualTo(before + 1);
                assertThat(observations).hasSize(length >= firstQuestionEnd ? 1 : 0);
            }
        }

        @Test
        void questionWithoutTypeAndClass() {
            inspect(query(1, 1).name("example.com").u16(A).build());
            assertThat(observations).isEmpty();
            assertThat(anomalies.get(DnsAnomaly.QUESTION_TRUNCATED)).isEqualTo(1);
        }

        @Test
        void recordWhoseRdataRunsPastTheEnd() {
            byte[] message = response(1, 0, 1, 2)
                    .question("example.com", A)
                    .pointer(12)
                    .address(9, "192.0.2.1")
                    .pointer(12)
                    .recordFields(16, 9, 200)
                    .u8(5, 'h', 'e', 'l', 'l', 'o')
                    .build();
            inspect(message);
            assertThat(observations.getFirst().dns().answers())
                    .containsExactly(DnsRecord.parse("example.com", "A", 9, "192.0.2.1"));
            assertThat(anomalies.get(DnsAnomaly.RECORD_TRUNCATED)).isEqualTo(1);
        }
    }

    @Nested
    class HeaderCounts {

        @Test
        void allCounts65535WithOnlyAHeader() {
            inspect(DnsMessageBuilder.header(1, 0, 0xffff, 0xffff, 0xffff, 0xffff)
                    .build());
            inspect(DnsMessageBuilder.header(1, DnsMessageBuilder.QR, 0xffff, 0xffff, 0xffff, 0xffff)
                    .build());
            assertThat(observations).isEmpty();
            assertThat(anomalies.get(DnsAnomaly.NAME_TRUNCATED)).isEqualTo(2);
            assertThat(anomalies.total()).isEqualTo(2);
        }

        @Test
        void questionCount65535WithOneQuestion() {
            inspect(query(1, 0xffff).question("example.com", A).build());
            assertThat(observations).extracting(Observation::name).containsExactly("example.com");
            assertThat(anomalies.get(DnsAnomaly.NAME_TRUNCATED)).isEqualTo(1);
        }

        @Test
        void answerCount65535WithOneRecord() {
            inspect(response(1, 0, 1, 0xffff)
                    .question("example.com", A)
                    .pointer(12)
                    .address(9, "192.0.2.1")
                    .build());
            assertThat(observations.getFirst().dns().answers())
                    .containsExactly(DnsRecord.parse("example.com", "A", 9, "192.0.2.1"));
            assertThat(anomalies.get(DnsAnomaly.NAME_TRUNCATED)).isEqualTo(1);
            assertThat(anomalies.get(DnsAnomaly.TOO_MANY_RECORDS)).isZero();
        }

        @Test
        void questionCapIsHitAndCounted() {
            int questions = DnsInspector.MAX_QUESTIONS + 1;
            DnsMessageBuilder query = query(1, questions);
            DnsMessageBuilder response = response(1, 0, questions, 1);
            for (int i = 0; i < questions; i++) {
                query.question("q" + i + ".example", A);
                response.question("q" + i + ".example", A);
            }
            inspect(query.build());
            inspect(response.pointer(12).address(1, "192.0.2.1").build());

            assertThat(observations).hasSize(DnsInspector.MAX_QUESTIONS + 1);
            assertThat(observations.getLast().name()).isEqualTo("q0.example");
            assertThat(observations.getLast().dns().answers()).isEmpty();
            assertThat(anomalies.get(DnsAnomaly.TOO_MANY_QUESTIONS)).isEqualTo(2);
        }

        @Test
        void recordCapIsHitAndCounted() {
            int records = DnsAnswerReader.MAX_ANSWER_RECORDS + 1;
            DnsMessageBuilder b = response(1, 0, 1, records).question("example.com", A);
            for (int i = 0; i < records; i++) {
                b.pointer(12).address(1, "10.0." + (i >> 8) + "." + (i & 0xff));
            }
            inspect(b.build());

            List<DnsRecord> answers = observations.getFirst().dns().answers();
            assertThat(answers).hasSize(DnsAnswerReader.MAX_ANSWER_RECORDS);
            assertThat(answers.getLast().data()).isEqualTo("10.0.0." + (DnsAnswerReader.MAX_ANSWER_RECORDS - 1));
            assertThat(anomalies.get(DnsAnomaly.TOO_MANY_RECORDS)).isEqualTo(1);
        }

        @Test
        void answersOfOneMessageStayAsTheyWereAfterTheNext() {
            int records = DnsAnswerReader.MAX_ANSWER_RECORDS + 10;
            DnsMessageBuilder big = response(1, 0, 1, records).question("pool.example", A);
            for (int i = 0; i < records; i++) {
                big.pointer(12).address(60, "10.1." + (i >> 8) + "." + (i & 0xff));
            }
            inspect(big.build());
            inspect(response(2, 0, 1, 2)
                    .question("www.example.org", A)
                    .pointer(12)
                    .cname(300, "edge.example.net")
                    .name("edge.example.net")
                    .address(20, "192.0.2.9")
                    .build());

            List<DnsRecord> first = observations.getFirst().dns().answers();
            assertThat(first).hasSize(DnsAnswerReader.MAX_ANSWER_RECORDS);
            for (int i = 0; i < first.size(); i++) {
                assertThat(first.get(i)).isEqualTo(DnsRecord.parse("pool.example", "A", 60, "10.1.0." + i));
            }
            assertThat(observations.getLast().dns().answers())
                    .containsExactly(
                            DnsRecord.cname("www.example.org", 300, "edge.example.net"),
                            DnsRecord.parse("edge.example.net", "A", 20, "192.0.2.9"));
            assertThat(anomalies.get(DnsAnomaly.TOO_MANY_RECORDS)).isEqualTo(1);
        }
    }

    @Nested
    class RandomCorruption {

        private static final long SEED = 20240929L;
        private static final int ROUNDS = 20_000;

        @Test
        void bitFlipsNeverThrowAndYieldOnlyNormalisedNames() {
            byte[][] seeds = {
                DnsInspectorTest.cnameChainResponse(),
                query(1, 2)
                        .question("www.Example.com", A)
                        .labels("mail")
                        .pointer(16)
                        .questionFields(28)
                        .build()
            };
            SplittableRandom random = new SplittableRandom(SEED);
            for (int round = 0; round < ROUNDS; round++) {
                byte[] message = seeds[round % seeds.length].clone();
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int bit = random.nextInt(message.length * 8);
                    message[bit >> 3] ^= (byte) (1 << (bit & 7));
                }
                int length = random.nextInt(4) == 0 ? random.nextInt(message.length + 1) : message.length;
                inspect(Arrays.copyOf(message, length));
            }
            assertThat(observations).isNotEmpty().allSatisfy(observation -> {
                assertNormalised(observation.name());
                assertThat(observation.dns().answers()).hasSizeLessThanOrEqualTo(DnsAnswerReader.MAX_ANSWER_RECORDS);
                for (DnsRecord answer : observation.dns().answers()) {
                    assertNormalised(answer.name());
                    assertThat(answer.typeName()).isIn("A", "AAAA", "CNAME");
                    assertThat(answer.ttl()).isBetween(0L, 0xffff_ffffL);
                }
            });
            assertThat(anomalies.total()).isPositive();
        }

        @Test
        void randomBytesNeverThrow() {
            SplittableRandom random = new SplittableRandom(SEED);
            for (int round = 0; round < ROUNDS; round++) {
                byte[] message = new byte[random.nextInt(600)];
                random.nextBytes(message);
                if (message.length > 5 && random.nextBoolean()) {
                    message[4] = 0; // keep QDCOUNT small so questions are actually walked
                    message[5] = 1;
                }
                inspect(message);
            }
            assertThat(observations).allSatisfy(observation -> assertNormalised(observation.name()));
        }

        private static void assertNormalised(String name) {
            if (name == null) {
                return;
            }
            assertThat(name).isNotEmpty();
            assertThat(name.length()).isLessThanOrEqualTo(4 * DnsNameReader.MAX_NAME_OCTETS);
            assertThat(name.chars()).allMatch(c -> c >= 0x21 && c <= 0x7e && !(c >= 'A' && c <= 'Z'));
        }
    }
}
