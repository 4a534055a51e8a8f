package io.banwatch.inspect.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DnsNameReaderTest {

    private final AnomalyCounters anomalies = new AnomalyCounters();
    private final DnsNameReader reader = new DnsNameReader(anomalies);

    /** A 12-octet header of zeros followed by {@code body}; names are read relative to offset 0. */
    private static DnsMessageBuilder message() {
        return DnsMessageBuilder.header(0, 0, 0, 0, 0, 0);
    }

    private static String repeat(char c, int count) {
        char[] chars = new char[count];
        Arrays.fill(chars, c);
        return new String(chars);
    }

    @Nested
    class Read {

        private String read(byte[] message, int position, int expectedEnd) {
            int end = reader.read(message, 0, message.length, position);
            assertThat(reader.failure()).isNull();
            assertThat(end).isEqualTo(expectedEnd);
            return reader.text();
        }

        private DnsAnomaly failure(byte[] message, int position) {
            assertThat(reader.read(message, 0, message.length, position)).isEqualTo(-1);
            return reader.failure();
        }

        @Test
        void uncompressedName() {
            byte[] message = message().name("www.example.com").build();
            assertThat(read(message, 12, message.length)).isEqualTo("www.example.com");
        }

        @Test
        void rootName() {
            byte[] message = message().root().build();
            assertThat(read(message, 12, 13)).isEqualTo(".");
        }

        @Test
        void mixedCaseIsLowered() {
            byte[] message = message().name("WwW.ExAmPlE.CoM").build();
            assertThat(read(message, 12, message.length)).isEqualTo("www.example.com");
        }

        @Test
        void nonPrintableOctetsAreOctalEscapes() {
            byte[] label = {'a', 0x04, ' ', 0x7f, (byte) 0xc9, (byte) 0xff, '~', '!'};
            byte[] message = message().label(label).labels("com").root().build();
            assertThat(read(message, 12, message.length)).isEqualTo("a\\004\\040\\177\\311\\377~!.com");
        }

        @Test
        void dotInsideLabelIsKept() {
            byte[] message = message()
                    .label(new byte[] {'a', '.', 'b'})
                    .labels("com")
                    .root()
                    .build();
            assertThat(read(message, 12, message.length)).isEqualTo("a.b.com");
        }

        @Test
        void backwardsPointer() {
            DnsMessageBuilder builder = message().name("example.com");
            int second = builder.position();
            byte[] message = builder.labels("www").pointer(12).u8(0xee).build();
            assertThat(read(message, second, second + 6)).isEqualTo("www.example.com");
        }

        @Test
        void pointerToSuffixOfEarlierName() {
            DnsMessageBuilder builder = message().name("www.example.com");
            int second = builder.position();
            byte[] message = builder.labels("mail").pointer(16).build(); // 16: "example.com" inside the first name
            assertThat(read(message, second, message.length)).isEqualTo("mail.example.com");
        }

        @Test
        void forwardPointerIsFollowedAndCounted() {
            byte[] message = message().pointer(14).name("example.com").build();
            assertThat(read(message, 12, 14)).isEqualTo("example.com");
            assertThat(anomalies.get(DnsAnomaly.NAME_POINTER_FORWARD)).isOne();
        }

        @Test
        void chainOfForwardAndBackwardPointers() {
            // 12: pointer to 16; 14: "com" root... laid out as 12: ptr->18, 14: ptr->12 (backwards), 16: "x", 18:
            // "example.com"
            DnsMessageBuilder builder = message().pointer(20).pointer(12).labels("x");
            byte[] message = builder.pointer(14).name("example.com").build();
            assertThat(read(message, 12, 14)).isEqualTo("example.com");
            assertThat(read(message, 14, 16)).isEqualTo("example.com");
            assertThat(read(message, 16, 20)).isEqualTo("x.example.com");
            assertThat(anomalies.get(DnsAnomaly.NAME_POINTER_FORWARD)).isEqualTo(3);
        }

        @Test
        void selfPointer() {
            byte[] message = message().pointer(12).build();
            assertThat(failure(message, 12)).isEqualTo(DnsAnomaly.NAME_POINTER_LOOP);
        }

        @Test
        void pointerBackIntoItsOwnLabels() {
            // 12: "a", 14: "b", 16: pointer to 14: "b" again and again
            byte[] message = message().labels("a.b").pointer(14).build();
            assertThat(failure(message, 12)).isEqualTo(DnsAnomaly.NAME_POINTER_LOOP);
        }

        @Test
        void twoPointerLoop() {
            // 12: pointer to 14; 14: pointer to 12.
            byte[] message = message().pointer(14).pointer(12).build();
            assertThat(failure(message, 12)).isEqualTo(DnsAnomaly.NAME_POINTER_LOOP);
            assertThat(failure(message, 14)).isEqualTo(DnsAnomaly.NAME_POINTER_LOOP);
            // the visited places are forgotten between names: a good name after a loop reads
            byte[] good = message().pointer(14).name("example.com").build();
            assertThat(read(good, 12, 14)).isEqualTo("example.com");
        }

        @Test
        void pointerOutOfBounds() {
            byte[] message = message().labels("www").pointer(0x3fff).build();
            assertThat(failure(message, 12)).isEqualTo(DnsAnomaly.NAME_POINTER_OUT_OF_BOUNDS);
        }

        @Test
        void pointerToTheMessageEnd() {
            byte[] message = message().pointer(14).build();
            assertThat(failure(message, 12)).isEqualTo(DnsAnomaly.NAME_POINTER_OUT_OF_BOUNDS);
        }

        @Test
        void pointerChainAtTheHopCap() {
            byte[] message = pointerChain(DnsNameReader.MAX_POINTER_HOPS);
            assertThat(read(message, message.length - 2, message.length)).isEqualTo("a");
        }

        @Test
        void pointerChainOverTheHopCap() {
            byte[] message = pointerChain(DnsNameReader.MAX_POINTER_HOPS + 1);
            assertThat(failure(message, message.length - 2)).isEqualTo(DnsAnomaly.NAME_TOO_MANY_POINTERS);
        }

        /** "a" at 12, then {@code hops} pointers each pointing at the one before, the first at the name. */
        private byte[] pointerChain(int hops) {
            DnsMessageBuilder builder = message().name("a");
            int previous = 12;
            for (int i = 0; i < hops; i++) {
                int here = builder.position();
                builder.pointer(previous);
                previous = here;
            }
            return builder.build();
        }

        @Test
        void nameOf255OctetsIsRead() {
            String name = repeat('a', 63) + "." + repeat('b', 63) + "." + repeat('c', 63) + "." + repeat('d', 61);
            byte[] message = message().name(name).build();
            assertThat(message.length - 12).isEqualTo(255);
            assertThat(read(message, 12, message.length)).isEqualTo(name);
        }

        @Test
        void nameOf256OctetsIsTooLong() {
            String name = repeat('a', 63) + "." + repeat('b', 63) + "." + repeat('c', 63) + "." + repeat('d', 62);
            byte[] message = message().name(name).build();
            assertThat(message.length - 12).isEqualTo(256);
            assertThat(failure(message, 12)).isEqualTo(DnsAnomaly.NAME_TOO_LONG);
        }

        @Test
        void nameTooLongThroughPointers() {
            DnsMessageBuilder builder = message().name(repeat('x', 62) + ".com"); // 68 octets
            int second = builder.position();
            String labels = repeat('a', 63) + "." + repeat('b', 63) + "." + repeat('c', 63); // 192 octets
            byte[] message = builder.labels(labels).pointer(12).build();
            assertThat(failure(message, second)).isEqualTo(DnsAnomaly.NAME_TOO_LONG);
        }

        @Test
        void labelOf63Octets() {
            byte[] message = message().name(repeat('q', 63)).build();
            assertThat(read(message, 12, message.length)).isEqualTo(repeat('q', 63));
        }

        @Test
        void labelLength64IsTheExtendedLabelType() {
            byte[] message =
                    message().u8(64).bytes(repeat('q', 64).getBytes()).root().build();
            assertThat(failure(message, 12)).isEqualTo(DnsAnomaly.LABEL_TYPE_RESERVED);
        }

        @Test
        void labelType10IsReserved() {
            byte[] message = message().u8(0x81, 'a').root().build();
            assertThat(failure(message, 12)).isEqualTo(DnsAnomaly.LABEL_TYPE_RESERVED);
        }

        @Test
        void truncatedLabel() {
            byte[] message = message().u8(5, 'a', 'b').build();
            assertThat(failure(message, 12)).isEqualTo(DnsAnomaly.NAME_TRUNCATED);
        }

        @Test
        void missingRootLabel() {
            byte[] message = message().labels("example.com").build();
            assertThat(failure(message, 12)).isEqualTo(DnsAnomaly.NAME_TRUNCATED);
        }

        @Test
        void truncatedPointer() {
            byte[] message = message().labels("www").u8(0xc0).build();
            assertThat(failure(message, 12)).isEqualTo(DnsAnomaly.NAME_TRUNCATED);
        }

        @Test
        void pointersAreRelativeToTheMessageStart() {
            byte[] inner =
                    message().name("example.com").labels("www").pointer(12).build();
            byte[] buffer = new byte[inner.length + 100];
            System.arraycopy(inner, 0, buffer, 40, inner.length);
            int end = reader.read(buffer, 40, 40 + inner.length, 40 + 25);
            assertThat(end).isEqualTo(40 + inner.length);
            assertThat(reader.text()).isEqualTo("www.example.com");
        }

        @Test
        void readsNothingPastTheMessageEnd() {
            byte[] message = message().name("example.com").build();
            // The root label lies beyond the end given, so the name is truncated even though the array holds it.
            assertThat(reader.read(message, 0, message.length - 1, 12)).isEqualTo(-1);
            assertThat(reader.failure()).isEqualTo(DnsAnomaly.NAME_TRUNCATED);
        }
    }

    @Nested
    class Skip {

        @Test
        void uncompressedName() {
            byte[] message = message().name("www.example.com").u8(1, 2).build();
            assertThat(reader.skip(message, message.length, 12)).isEqualTo(message.length - 2);
        }

        @Test
        void stopsAtThePointerWithoutFollowingIt() {
            byte[] message = message().labels("www").pointer(0x3fff).u8(9).build();
            assertThat(reader.skip(message, message.length, 12)).isEqualTo(message.length - 1);
        }

        @Test
        void rootName() {
            byte[] message = message().root().build();
            assertThat(reader.skip(message, message.length, 12)).isEqualTo(13);
        }

        @Test
        void truncated() {
            byte[] message = message().labels("www.example").build();
            assertThat(reader.skip(message, message.length, 12)).isEqualTo(-1);
            assertThat(reader.failure()).isEqualTo(DnsAnomaly.NAME_TRUNCATED);
        }

        @Test
        void truncatedPointer() {
            byte[] message = message().labels("www").u8(0xc0).build();
            assertThat(reader.skip(message, message.length, 12)).isEqualTo(-1);
            assertThat(reader.failure()).isEqualTo(DnsAnomaly.NAME_TRUNCATED);
        }

        @Test
        void reservedLabelType() {
            byte[] message = message().u8(0x40).root().build();
            assertThat(reader.skip(message, message.length, 12)).isEqualTo(-1);
            assertThat(reader.failure()).isEqualTo(DnsAnomaly.LABEL_TYPE_RESERVED);
        }
    }
}
