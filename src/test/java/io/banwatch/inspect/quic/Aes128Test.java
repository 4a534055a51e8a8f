package io.banwatch.inspect.quic;

import static io.banwatch.inspect.quic.QuicBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class Aes128Test {

    @Test
    void fips197AppendixC1() {
        int[] roundKeys = new int[Aes128.ROUND_KEY_WORDS];
        Aes128.expandKey(hex("000102030405060708090a0b0c0d0e0f"), 0, roundKeys);
        byte[] out = new byte[16];

        Aes128.encryptBlock(roundKeys, hex("00112233445566778899aabbccddeeff"), 0, out, 0);

        assertThat(hex(out)).isEqualTo("69c4e0d86a7b0430d8cdb78070b4c55a");
    }

    @Test
    void fips197AppendixA1KeyExpansion() {
        int[] roundKeys = new int[Aes128.ROUND_KEY_WORDS];
        Aes128.expandKey(hex("2b7e151628aed2a6abf7158809cf4f3c"), 0, roundKeys);

        assertThat(roundKeys[4]).isEqualTo(0xa0fafe17);
        assertThat(roundKeys[43]).isEqualTo(0xb6630ca6);
    }

    @Test
    void agreesWithTheJdkOnRandomKeysAndBlocksAtAnyOffset() throws Exception {
        SplittableRandom random = new SplittableRandom(20261205);
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        int[] roundKeys = new int[Aes128.ROUND_KEY_WORDS];
        for (int i = 0; i < 2_000; i++) {
            byte[] key = new byte[16 + 3];
            byte[] block = new byte[16 + 5];
            random.nextBytes(key);
            random.nextBytes(block);
            int keyOffset = i % 4;
            int blockOffset = i % 6;
            Aes128.expandKey(key, keyOffset, roundKeys);
            byte[] out = new byte[18];
            Aes128.encryptBlock(roundKeys, block, blockOffset, out, 2);

            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, keyOffset, 16, "AES"));
            byte[] expected = ecb.doFinal(block, blockOffset, 16);
            assertThat(hex(out).substring(4)).as("case %d", i).isEqualTo(hex(expected));
        }
    }
}
