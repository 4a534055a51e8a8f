package io.banwatch.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banwatch.event.JsonOutput.Name;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonOutputTest {

    private static final JsonFactory JACKSON = JsonFactory.builder().build();
    private static final Name A = Name.of("a");
    private static final Name B = Name.of("b");

    /** What Jackson's default generator writes for {"a":value}: the bytes every earlier version wrote. */
    private static byte[] jackson(String value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JACKSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("a", value);
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static byte[] ours(String value) {
        JsonOutput out = new JsonOutput(16);
        out.startObject();
        out.field(A, value);
        out.endObject();
        return out.toByteArray();
    }

    @Nested
    class Strings {

        @Test
        void escapesAsJacksonDoes() throws IOException {
            for (String value : new String[] {
                "",
                "plain.example.org",
                "quote \" and backslash \\ and slash /",
                "\b\t\n\f\r\u0000\u0001\u001f\u007f",
                "\u00e9t\u00e9 \u0800 \u2028\u2029 \uffff",
                "\ud83d\ude00 pair, lone \ud800 and \udfff, reversed \udc00\ud800"
            }) {
                assertThat(new String(ours(value), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(value)
                        .isEqualTo(new String(jackson(value), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }

        @Test
        void randomTextIsWrittenAsJacksonWritesIt() throws IOException {
            SplittableRandom random = new SplittableRandom(8259);
            for (int round = 0; round < 2_000; round++) {
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(40);
                for (int i = 0; i < length; i++) {
                    text.append((char)
                            switch (random.nextInt(4)) {
                                case 0 -> random.nextInt(0x80);
                                case 1 -> random.nextInt(0x800);
                                case 2 -> 0xd800 + random.nextInt(0x800); // surrogates, paired or not
                                default -> random.nextInt(0x10000);
                            });
                }
                String value = text.toString();
                assertThat(ours(value)).as("round %d", round).isEqualTo(jackson(value));
            }
        }

        @Test
        void nullIsJsonNull() {
            assertThat(new String(ours(null), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("{\"a\":null}");
        }

        @Test
        void aLongStringGrowsTheArray() throws IOException {
            String value = "\u0001".repeat(10_000);
            assertThat(ours(value)).isEqualTo(jackson(value));
        }
    }

    @Nested
    class Structure {

        @Test
        void nestsObjectsAndArraysWithCommasBetweenMembersOnly() throws IOException {
            JsonOutput out = new JsonOutput(16);
            out.startObject();
            out.field(A, 1);
            out.startObject(B);
            out.endObject();
            out.startArray(Name.of("list"));
            out.startObject();
            out.field(A, true);
            out.field(B, false);
            out.endObject();
            out.startObject();
            out.endObject();
            out.endArray();
            out.startObject(Name.of("deep"));
            out.startObject(A);
            out.field(B, "x");
            out.endObject();
            out.endObject();
            out.field(Name.of("last"), -7);
            out.endObject();

            String text = out.toString();
            assertThat(text)
                    .isEqualTo(
                            "{\"a\":1,\"b\":{},\"list\":[{\"a\":true,\"b\":false},{}],\"deep\":{\"a\":{\"b\":\"x\"}},"
                                    + "\"last\":-7}");
            JsonNode parsed = new ObjectMapper().readTree(text);
            assertThat(parsed.get("deep").get("a").get("b").asText()).isEqualTo("x");
        }

        @Test
        void numbersAreDecimalAcrossTheirRange() throws IOException {
            for (long value :
                    new long[] {0, 9, 10, -1, 4_242, 1_727_582_400_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE}) {
                JsonOutput out = new JsonOutput(16);
                out.startObject();
                out.field(A, value);
                out.endObject();
                assertThat(out.toString()).isEqualTo("{\"a\":" + value + "}");
            }
        }

        @Test
        void resetStartsAFreshDocumentInTheSameArray() {
            JsonOutput out = new JsonOutput(16);
            out.startObject();
            out.field(A, "first");
            out.endObject();
            out.reset().startObject();
            out.field(B, 2);
            out.endObject();

            assertThat(out.toString()).isEqualTo("{\"b\":2}");
            assertThat(out.size()).isEqualTo(7);
        }

        @Test
        void aMemberPutFirstComesBeforeTheObjectsOwnWithACommaOnlyWhenItHasSome() {
            JsonOutput out = new JsonOutput(16);
            out.startObject();
            out.field(A, "x");
            out.endObject();
            assertThat(new String(out.toByteArrayWithFirstMember(B, 123), StandardCharsets.UTF_8))
                    .isEqualTo("{\"b\":123,\"a\":\"x\"}");
            out.reset().startObject();
            out.endObject();
            assertThat(new String(out.toByteArrayWithFirstMember(B, 0), StandardCharsets.UTF_8))
                    .isEqualTo("{\"b\":0}");
            out.reset().startArray(A);
            assertThatThrownBy(() -> out.toByteArrayWithFirstMember(B, 1)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void closingWhatIsNotOpenIsAnError() {
            JsonOutput out = new JsonOutput(16);
            assertThatThrownBy(out::endObject).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void namesThatWouldNeedEscapingAreRefused() {
        assertThat(Name.of("@timestamp").toString()).isEqualTo("@timestamp");
        for (String bad : new String[] {"quo\"te", "back\\slash", "new\nline", "caf\u00e9"}) {
            assertThatThrownBy(() -> Name.of(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
