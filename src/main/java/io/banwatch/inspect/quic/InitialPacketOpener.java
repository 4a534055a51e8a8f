package io.banwatch.inspect.quic;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Removes header protection (RFC 9001 5.4) from a client Initial packet and decrypts its payload with
 * AEAD_AES_128_GCM (RFC 9001 5.3), reading the datagram in place and writing the plaintext into a reused buffer.
 * Reuses its {@link Cipher}s: one instance per capture thread.
 */
final class InitialPacketOpener {

    /** RFC 9001 5.4.2: the sample is taken as if the packet number were 4 bytes long. */
    static final int MAX_PACKET_NUMBER_LENGTH = 4;

    /** RFC 9001 5.4.3: AES header protection samples 16 bytes. */
    static final int SAMPLE_LENGTH = 16;

    /** RFC 5116 5.1: AEAD_AES_128_GCM appends a 16-byte tag. */
    static final int TAG_LENGTH = 16;

    /** A UDP payload is at most 65,527 bytes, so no packet's plaintext is larger than this buffer. */
    static final int MAX_PLAINTEXT_LENGTH = 65_536;

    /** RFC 9001 5.4.1: the low 4 bits of a long header's first byte are protected. */
    private static final int LONG_HEADER_PROTECTED_BITS = 0x0f;

    /** RFC 9000 17.2.2: the Reserved Bits of a long header, 0x0c, under header protection. */
    private static final int RESERVED_BITS = 0x0c;

    /** AES block length, and the GCM counter block: the 12-byte nonce and a 32-bit block counter (NIST SP 800-38D). */
    private static final int BLOCK_LENGTH = 16;

    private final InitialKeyDerivation derivation;
    private final Cipher aead;

    private final byte[] counterBlock = new byte[BLOCK_LENGTH];
    private final byte[] keyStream = new byte[BLOCK_LENGTH];
    private final byte[] mask = new byte[SAMPLE_LENGTH];
    private final byte[] nonce = new byte[InitialKeys.IV_LENGTH];
    private final byte[] firstByte = new byte[1];
    private final byte[] packetNumberBytes = new byte[MAX_PACKET_NUMBER_LENGTH];
    private final byte[] plaintext = new byte[MAX_PLAINTEXT_LENGTH];

    private int plaintextLength;
    private int packetNumberLength;
    private long packetNumber;

    InitialPacketOpener() {
        this(new InitialKeyDerivation());
    }

    /** @param derivation derives a connection's AEAD key and IV once a packet passes the header protection check */
    InitialPacketOpener(InitialKeyDerivation derivation) {
        this.derivation = derivation;
        try {
            this.aead = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no AES-GCM", e);
        }
    }

    /**
     * Opens the packet {@code header} describes.
     *
     * @param largestPacketNumber the largest packet number opened so far in this connection, or -1
     * @return null when the packet opened (see {@link #plaintext()}), else why not
     */
    QuicAnomaly open(byte[] data, LongHeader header, InitialKeys keys, long largestPacketNumber) {
        int pnOffset = header.packetNumberOffset;
        int end = header.packetEnd;
        if (end - pnOffset < MAX_PACKET_NUMBER_LENGTH + SAMPLE_LENGTH) {
            return QuicAnomaly.SAMPLE_TRUNCATED;
        }
        // RFC 9001 5.4.3: mask = AES-ECB(hp_key, sample)
        Aes128.encryptBlock(keys.headerProtectionRoundKeys, data, pnOffset + MAX_PACKET_NUMBER_LENGTH, mask, 0);
        int first = (data[header.packetStart] ^ mask[0] & LONG_HEADER_PROTECTED_BITS) & 0xff;
        if ((first & RESERVED_BITS) != 0) { // RFC 9000 17.2.2: a receiver refuses the packet; 3 in 4 junk packets
            return QuicAnomaly.RESERVED_BITS_SET;
        }
        firstByte[0] = (byte) first;
        packetNumberLength = (first & 0x03) + 1; // RFC 9000 17.2: Packet Number Length bits
        long truncated = 0;
        for (int i = 0; i < packetNumberLength; i++) {
            packetNumberBytes[i] = (byte) (data[pnOffset + i] ^ mask[1 + i]);
            truncated = truncated << 8 | packetNumberBytes[i] & 0xff;
        }
        packetNumber = decodePacketNumber(largestPacketNumber, truncated, packetNumberLength * 8);
        int payload = pnOffset + packetNumberLength;
        int ciphertextLength = end - payload;
        if (ciphertextLength - TAG_LENGTH > plaintext.length) {
            return QuicAnomaly.DECRYPT_FAILED;
        }
        derivation.derivePacketKeys(keys); // only now: most junk is refused above, before these two HMACs
        byte[] iv = keys.iv();
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] = iv[i];
        }
        for (int i = 0; i < 8; i++) { // RFC 9001 5.3: the IV XORed with the packet number, left-padded
            nonce[nonce.length - 1 - i] ^= (byte) (packetNumber >>> (8 * i));
        }
        if (ciphertextLength <= TAG_LENGTH) {
            return QuicAnomaly.DECRYPT_FAILED; // no frame at all, which RFC 9000 12.4 forbids
        }
        QuicAnomaly implausible = firstFrameAllowed(data[payload], keys);
        if (implausible != null) {
            return implausible;
        }
        return decrypt(data, header.packetStart, pnOffset, payload, ciphertextLength, keys);
    }

    /**
     * Decrypts the first payload byte alone, from the first GCM key stream block (NIST SP 800-38D 7.2: with a 96-bit
     * IV the payload is enciphered from counter block IV || 2), and refuses the packet unless that byte is a frame
     * type an Initial may carry (RFC 9000 12.4: PADDING, PING, ACK, CRYPTO, CONNECTION_CLOSE). A packet that the AEAD
     * would accept but that fails this could not be read by the frame reader either; junk fails it 250 times in 256,
     * so it rarely reaches the tag check, whose failure the JCE reports only by throwing.
     */
    private QuicAnomaly firstFrameAllowed(byte firstCiphertextByte, InitialKeys keys) {
        System.arraycopy(nonce, 0, counterBlock, 0, nonce.length);
        counterBlock[BLOCK_LENGTH - 4] = 0;
        counterBlock[BLOCK_LENGTH - 3] = 0;
        counterBlock[BLOCK_LENGTH - 2] = 0;
        counterBlock[BLOCK_LENGTH - 1] = 2;
        Aes128.encryptBlock(keys.keyRoundKeys, counterBlock, 0, keyStream, 0);
        return switch ((firstCiphertextByte ^ keyStream[0]) & 0xff) {
            case CryptoFrameReader.PADDING,
                    CryptoFrameReader.PING,
                    CryptoFrameReader.ACK,
                    CryptoFrameReader.ACK_ECN,
                    CryptoFrameReader.CRYPTO,
                    CryptoFrameReader.CONNECTION_CLOSE -> null;
            default -> QuicAnomaly.FIRST_FRAME_NOT_ALLOWED;
        };
    }

    /** RFC 9001 5.3: the associated data is the unprotected header, from the first byte to the packet number. */
    private QuicAnomaly decrypt(
            byte[] data, int packetStart, int pnOffset, int payload, int ciphertextLength, InitialKeys keys) {
        try {
            aead.init(Cipher.DECRYPT_MODE, keys.packetKey(), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            aead.updateAAD(firstByte, 0, 1);
            aead.updateAAD(data, packetStart + 1, pnOffset - packetStart - 1);
            aead.updateAAD(packetNumberBytes, 0, packetNumberLength);
            plaintextLength = aead.doFinal(data, payload, ciphertextLength, plaintext, 0);
            return null;
        } catch (GeneralSecurityException e) {
            // The JCE reports a failed tag (AEADBadTagException) only by throwing; the checks in open() let through
            // about 1 junk packet in 170 (6 frame types of 256, reserved bits 1 in 4).
            return QuicAnomaly.DECRYPT_FAILED;
        }
    }

    /** RFC 9000 A.3: the packet number closest to the next one expected. */
    static long decodePacketNumber(long largest, long truncated, int bits) {
        long expected = largest + 1;
        long window = 1L << bits;
        long halfWindow = window / 2;
        long candidate = (expected & ~(window - 1)) | truncated;
        if (candidate <= expected - halfWindow && candidate < (1L << 62) - window) {
            return candidate + window;
        }
        if (candidate > expected + halfWindow && candidate >= window) {
            return candidate - window;
        }
        return candidate;
    }

    byte[] plaintext() {
        return plaintext;
    }

    int plaintextLength() {
        return plaintextLength;
    }

    /** The first byte with its protected bits removed. */
    int firstByte() {
        return firstByte[0] & 0xff;
    }

    int packetNumberLength() {
        return packetNumberLength;
    }

    long packetNumber() {
        return packetNumber;
    }
}
