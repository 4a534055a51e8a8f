package io.banwatch.inspect.quic;

/**
 * AES-128 encryption of single blocks (FIPS 197), for the two one-block steps of reading an Initial: the header
 * protection mask (RFC 9001 5.4.3) and the first GCM key stream block (NIST SP 800-38D 7.2). A junk Initial with a
 * fresh connection ID needs both under keys never seen before, and the JCE's {@code Cipher.init} schedules a key
 * for decryption too and allocates on every new key, several times the cost of the block itself. Here a key schedule
 * is 44 words written into the caller's array, and a block costs a few dozen table look-ups, allocating nothing.
 *
 * <p>Table look-ups are not constant-time; that is harmless here: Initial keys are public, derived from the
 * connection ID any observer reads (RFC 9001 5.2), so there is no secret to leak.
 */
final class Aes128 {

    /** FIPS 197 5.2: Nb (Nr + 1) words for AES-128, Nr = 10. */
    static final int ROUND_KEY_WORDS = 44;

    static final int BLOCK_LENGTH = 16;

    static final int KEY_LENGTH = 16;

    private static final int ROUNDS = 10;

    private static final int[] SBOX = new int[256];
    private static final int[] TE0 = new int[256], TE1 = new int[256], TE2 = new int[256], TE3 = new int[256];
    private static final int[] RCON = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36};

    static {
        // FIPS 197 5.1.1: the S-box is the multiplicative inverse in GF(2^8) followed by an affine transform; p walks
        // the field by multiplying by 3 and q by its inverse, so q is p's inverse at each step.
        int p = 1, q = 1;
        do {
            p = (p ^ (p << 1) ^ ((p & 0x80) != 0 ? 0x1b : 0)) & 0xff;
            q ^= q << 1;
            q ^= q << 2;
            q ^= q << 4;
            q &= 0xff;
            if ((q & 0x80) != 0) {
                q ^= 0x09;
            }
            int x = q ^ rotl8(q, 1) ^ rotl8(q, 2) ^ rotl8(q, 3) ^ rotl8(q, 4);
            SBOX[p] = (x ^ 0x63) & 0xff;
        } while (p != 1);
        SBOX[0] = 0x63;
        // FIPS 197 5.1.2-5.1.3 folded into one table per byte position: SubBytes, then MixColumns' column of {02},
        // {01}, {01}, {03} rotated by the position.
        for (int i = 0; i < 256; i++) {
            int s = SBOX[i];
            int s2 = xtime(s);
            int s3 = s2 ^ s;
            int t = s2 << 24 | s << 16 | s << 8 | s3;
            TE0[i] = t;
            TE1[i] = Integer.rotateRight(t, 8);
            TE2[i] = Integer.rotateRight(t, 16);
            TE3[i] = Integer.rotateRight(t, 24);
        }
    }

    private Aes128() {}

    /** FIPS 197 5.2 KeyExpansion of {@code key[offset, +16)} into {@code roundKeys[0, 44)}. */
    static void expandKey(byte[] key, int offset, int[] roundKeys) {
        for (int i = 0; i < 4; i++) {
            roundKeys[i] = readInt(key, offset + 4 * i);
        }
        for (int i = 4; i < ROUND_KEY_WORDS; i++) {
            int t = roundKeys[i - 1];
            if ((i & 3) == 0) {
                t = subWord(Integer.rotateLeft(t, 8)) ^ RCON[i / 4 - 1] << 24;
            }
            roundKeys[i] = roundKeys[i - 4] ^ t;
        }
    }

    /** FIPS 197 5.1 Cipher: encrypts {@code in[inOffset, +16)} into {@code out[outOffset, +16)}. */
    static void encryptBlock(int[] rk, byte[] in, int inOffset, byte[] out, int outOffset) {
        int s0 = readInt(in, inOffset) ^ rk[0];
        int s1 = readInt(in, inOffset + 4) ^ rk[1];
        int s2 = readInt(in, inOffset + 8) ^ rk[2];
        int s3 = readInt(in, inOffset + 12) ^ rk[3];
        int k = 4;
        for (int round = 1; round < ROUNDS; round++, k += 4) {
            int t0 = TE0[s0 >>> 24] ^ TE1[s1 >>> 16 & 0xff] ^ TE2[s2 >>> 8 & 0xff] ^ TE3[s3 & 0xff] ^ rk[k];
            int t1 = TE0[s1 >>> 24] ^ TE1[s2 >>> 16 & 0xff] ^ TE2[s3 >>> 8 & 0xff] ^ TE3[s0 & 0xff] ^ rk[k + 1];
            int t2 = TE0[s2 >>> 24] ^ TE1[s3 >>> 16 & 0xff] ^ TE2[s0 >>> 8 & 0xff] ^ TE3[s1 & 0xff] ^ rk[k + 2];
            int t3 = TE0[s3 >>> 24] ^ TE1[s0 >>> 16 & 0xff] ^ TE2[s1 >>> 8 & 0xff] ^ TE3[s2 & 0xff] ^ rk[k + 3];
            s0 = t0;
            s1 = t1;
            s2 = t2;
            s3 = t3;
        }
        // the last round has no MixColumns
        writeInt(out, outOffset, lastRound(s0, s1, s2, s3) ^ rk[k]);
        writeInt(out, outOffset + 4, lastRound(s1, s2, s3, s0) ^ rk[k + 1]);
        writeInt(out, outOffset + 8, lastRound(s2, s3, s0, s1) ^ rk[k + 2]);
        writeInt(out, outOffset + 12, lastRound(s3, s0, s1, s2) ^ rk[k + 3]);
    }

    private static int lastRound(int a, int b, int c, int d) {
        return SBOX[a >>> 24] << 24 | SBOX[b >>> 16 & 0xff] << 16 | SBOX[c >>> 8 & 0xff] << 8 | SBOX[d & 0xff];
    }

    private static int subWord(int w) {
        return SBOX[w >>> 24] << 24 | SBOX[w >>> 16 & 0xff] << 16 | SBOX[w >>> 8 & 0xff] << 8 | SBOX[w & 0xff];
    }

    private static int xtime(int b) {
        return (b << 1 ^ ((b & 0x80) != 0 ? 0x1b : 0)) & 0xff;
    }

    private static int rotl8(int x, int shift) {
        return (x << shift | x >>> (8 - shift)) & 0xff;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
