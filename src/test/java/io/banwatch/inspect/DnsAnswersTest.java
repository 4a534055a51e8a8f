package io.banwatch.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The packed answers and the reused builder that makes them. */
class DnsAnswersTest {

    private static final byte[] WIRE = {
        9, 9, (byte) 192, 0, 2, 1, 0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53, 9
    };

    @Nested
    class Builder {

        @Test
        void recordsReadBackPackedAndAsObjects() {
            DnsAnswers.Builder builder = new DnsAnswers.Builder(4);
            int owner = builder.addName("www.example.com");
            int target = builder.addName("edge.example.net");
            builder.addCname(owner, 300, target);
            builder.addAddress(target, 0xffffffffL, WIRE, 2, 4);
            builder.addAddress(target, 60, WIRE, 6, 16);
            DnsAnswers answers = builder.build();

            assertThat(answers)
                    .containsExactly(
                            DnsRecord.cname("www.example.com", 300, "edge.example.net"),
                            DnsRecord.parse("edge.example.net", "A", 0xffffffffL, "192.0.2.1"),
                            DnsRecord.parse("edge.example.net", "AAAA", 60, "2001:db8::53"));
            assertThat(answers.type(0)).isEqualTo(DnsRecord.CNAME);
            assertThat(answers.target(0)).isEqualTo("edge.example.net");
            assertThat(answers.addressLength(0)).isZero();
            assertThat(answers.type(1)).isEqualTo(DnsRecord.A);
            assertThat(answers.ttl(1)).isEqualTo(0xffffffffL); // RFC 2181 8: unsigned
            assertThat(answers.target(1)).isNull();
            assertThat(answers.type(2)).isEqualTo(DnsRecord.AAAA);
            assertThat(answers.addressOffset(2)).isEqualTo(4);
            assertThat(answers.addressBytes()).hasSize(20); // exactly the bytes added
            assertThat(answers.name(1)).isSameAs(answers.name(2)); // one string per name, not per record
        }

        @Test
        void reusedAcrossMessagesLeavesBuiltAnswersAlone() {
            DnsAnswers.Builder builder = new DnsAnswers.Builder(2);
            builder.addAddress(builder.addName("one.example"), 10, WIRE, 2, 4);
            DnsAnswers first = builder.build();
            builder.clear();
            builder.addAddress(builder.addName("two.example"), 20, WIRE, 6, 16);
            builder.addAddress(0, 30, WIRE, 2, 4);
            DnsAnswers second = builder.build();

            assertThat(first).containsExactly(DnsRecord.parse("one.example", "A", 10, "192.0.2.1"));
            assertThat(second)
                    .containsExactly(
                            DnsRecord.parse("two.example", "AAAA", 20, "2001:db8::53"),
                            DnsRecord.parse("two.example", "A", 30, "192.0.2.1"));
            builder.clear();
            assertThat(builder.build()).isSameAs(DnsAnswers.EMPTY);
        }

        @Test
        void boundsAreChecked() {
            DnsAnswers.Builder builder = new DnsAnswers.Builder(1);
            int name = builder.addName("a.example");
            assertThatThrownBy(() -> builder.addAddress(name, 1, WIRE, 0, 5))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.addCname(name, 1, 7)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> builder.addAddress(3, 1, WIRE, 2, 4))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            builder.addAddress(name, 1, WIRE, 2, 4);
            assertThat(builder.isFull()).isTrue();
            assertThatThrownBy(() -> builder.addAddress(name, 1, WIRE, 2, 4)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> new DnsAnswers.Builder(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new DnsAnswers.Builder(DnsAnswers.MAX_RECORDS + 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void fullCapacityOfSixteenByteAddressesStillPacks() {
            DnsAnswers.Builder builder = new DnsAnswers.Builder(DnsAnswers.MAX_RECORDS);
            int name = builder.addName("pool.example");
            for (int i = 0; i < DnsAnswers.MAX_RECORDS; i++) {
                WIRE[21] = (byte) i;
                builder.addAddress(name, i, WIRE, 6, 16);
            }
            DnsAnswers answers = builder.build();
            int last = DnsAnswers.MAX_RECORDS - 1;
            assertThat(answers.addressOffset(last)).isEqualTo(16 * last);
            assertThat(answers.get(last).data()).isEqualTo("2001:db8::" + Integer.toHexString(last & 0xff));
            assertThat(answers.ttl(last)).isEqualTo(last);
            WIRE[21] = 0x53;
        }
    }

    @Test
    void accessorsReadListsOfRecordsAsPackedOnes() {
        List<DnsRecord> records = List.of(
                DnsRecord.cname("a.example", 5, "b.example"), DnsRecord.parse("b.example", "A", 7, "192.0.2.1"));
        DnsAnswers.Builder builder = new DnsAnswers.Builder(2);
        int a = builder.addName("a.example");
        int b = builder.addName("b.example");
        builder.addCname(a, 5, b);
        builder.addAddress(b, 7, WIRE, 2, 4);
        DnsAnswers packed = builder.build();

        assertThat(packed).isEqualTo(records).hasSameHashCodeAs(records);
        for (List<DnsRecord> form : List.of(records, packed)) {
            assertThat(DnsAnswers.typeOf(form, 0)).isEqualTo(DnsRecord.CNAME);
            assertThat(DnsAnswers.targetOf(form, 0)).isEqualTo("b.example");
            assertThat(DnsAnswers.addressLengthOf(form, 0)).isZero();
            assertThat(DnsAnswers.addressBytesOf(form, 0)).isNull();
            assertThat(DnsAnswers.nameOf(form, 1)).isEqualTo("b.example");
            assertThat(DnsAnswers.ttlOf(form, 1)).isEqualTo(7);
            assertThat(DnsAnswers.addressLengthOf(form, 1)).isEqualTo(4);
            int at = DnsAnswers.addressOffsetOf(form, 1);
            assertThat(DnsAnswers.addressBytesOf(form, 1)[at]).isEqualTo((byte) 192);
        }
    }
}
