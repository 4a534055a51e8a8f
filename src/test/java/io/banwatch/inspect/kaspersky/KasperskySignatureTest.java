package io.banwatch.inspect.kaspersky;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.inspect.kaspersky.KasperskySignature.Verdict;
import org.junit.jupiter.api.Test;

/** The first-bytes signature of Kaspersky's native protocol (libprotoident {@code match_kaspersky}). */
class KasperskySignatureTest {

    static Verdict test(int... bytes) {
        byte[] data = new byte[bytes.length + 3];
        for (int i = 0; i < bytes.length; i++) {
            data[i + 3] = (byte) bytes[i];
        }
        return KasperskySignature.test(data, 3, bytes.length);
    }

    @Test
    void eachPrefixMatches() {
        assertThat(test('K', 'S', 0, 0)).isEqualTo(Verdict.MATCH);
        assertThat(test('K', 'S', 0, 0, 0x17, 0x42)).isEqualTo(Verdict.MATCH);
        assertThat(test('K', 'E', 0, 0, 1)).isEqualTo(Verdict.MATCH);
        assertThat(test('P', 'I')).isEqualTo(Verdict.MATCH);
    }

    @Test
    void aPrefixCutShortWaitsForMore() {
        assertThat(test()).isEqualTo(Verdict.NEED_MORE);
        assertThat(test('K')).isEqualTo(Verdict.NEED_MORE);
        assertThat(test('K', 'S')).isEqualTo(Verdict.NEED_MORE);
        assertThat(test('K', 'E', 0)).isEqualTo(Verdict.NEED_MORE);
        assertThat(test('P')).isEqualTo(Verdict.NEED_MORE);
    }

    @Test
    void otherBytesDoNotMatch() {
        assertThat(test('K', 'X')).isEqualTo(Verdict.NO_MATCH);
        assertThat(test('K', 'S', 1)).isEqualTo(Verdict.NO_MATCH);
        assertThat(test('K', 'S', 0, 1)).isEqualTo(Verdict.NO_MATCH);
        assertThat(test('P', 'I', 0, 0)).isEqualTo(Verdict.NO_MATCH); // PI is a two-byte message only
        assertThat(test('P', 'O')).isEqualTo(Verdict.NO_MATCH);
        assertThat(test(0x16, 3, 1)).isEqualTo(Verdict.NO_MATCH);
        assertThat(test('k', 's', 0, 0)).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void aDatagramMustHoldTheWholePrefix() {
        assertThat(KasperskySignature.matchesDatagram(new byte[] {'K', 'S', 0}, 0, 3))
                .isFalse();
        assertThat(KasperskySignature.matchesDatagram(new byte[] {'K', 'S', 0, 0}, 0, 4))
                .isTrue();
        assertThat(KasperskySignature.matchesDatagram(new byte[] {'P', 'I'}, 0, 2))
                .isTrue();
    }
}
