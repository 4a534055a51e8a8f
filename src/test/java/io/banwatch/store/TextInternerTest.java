package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextInternerTest {

    private static String read(TextInterner interner, String text) {
        char[] chars = ("<" + text + ">").toCharArray(); // the text in the middle of a larger array, as in a batch
        return interner.intern(chars, 1, chars.length - 1);
    }

    @Test
    void aTextReadAgainIsTheStringMadeTheFirstTime() {
        TextInterner interner = new TextInterner();
        String first = read(interner, "dnl-01.geo.kaspersky.com");
        assertThat(first).isEqualTo("dnl-01.geo.kaspersky.com");
        assertThat(read(interner, "dnl-01.geo.kaspersky.com")).isSameAs(first);
        assertThat(read(interner, "10.0.0.1")).isEqualTo("10.0.0.1").isNotSameAs(first);
        assertThat(interner.replaced()).isZero();
    }

    @Test
    void textsBeyondLatin1AndTheEmptyTextReadBackWhole() {
        TextInterner interner = new TextInterner();
        assertThat(read(interner, "bücher.例え.jp")).isEqualTo("bücher.例え.jp");
        assertThat(read(interner, "")).isEmpty();
    }

    @Test
    void twoTextsThatShareTheirSlotsBothStayAndAThirdDropsTheOneReadLongestAgo() {
        TextInterner interner = new TextInterner();
        // "AaAa", "AaBB" and "BBAa" have the same String.hashCode, hence the same two slots.
        String first = read(interner, "AaAa");
        String second = read(interner, "AaBB");
        assertThat(read(interner, "AaAa")).isSameAs(first);
        assertThat(read(interner, "AaBB")).isSameAs(second);
        assertThat(read(interner, "AaAa")).isSameAs(first);
        assertThat(interner.replaced()).isZero();

        assertThat(read(interner, "BBAa")).isEqualTo("BBAa"); // "AaBB" was read longest ago: it goes
        assertThat(interner.replaced()).isEqualTo(1);
        assertThat(read(interner, "AaAa")).isSameAs(first);
        String secondAgain = read(interner, "AaBB");
        assertThat(secondAgain).isEqualTo("AaBB").isNotSameAs(second);
        assertThat(interner.replaced()).isEqualTo(2);
    }
}
