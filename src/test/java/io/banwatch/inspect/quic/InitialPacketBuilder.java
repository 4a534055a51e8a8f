package io.banwatch.inspect.quic;

import static io.banwatch.inspect.quic.QuicBytes.concat;
import static io.banwatch.inspect.quic.QuicBytes.varint;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Builds protected client Initial packets the way a client does (RFC 9001 5.3, 5.4): the AEAD seals the payload
 * with the unprotected header as associated data, then a sample of the ciphertext masks the first byte and the
 * packet number. Also builds unprotected long headers of other types for coalescing.
 */
final class InitialPacketBuilder {

    private QuicVersion version = QuicVersion.V1;
    private byte[] dcid = QuicBytes.hex("8394c8f03e515708");
    private byte[] scid = new byte[0];
    private byte[] token = new byte[0];
    private long packetNumber;
    private int packetNumberLength = 4;
    private int lengthFieldBytes = 2;
    private byte[] keyDcid;

    InitialPacketBuilder version(QuicVersion version) {
        this.version = version;
        return this;
    }

    InitialPacketBuilder dcid(byte[] dcid) {
        this.dcid = dcid.clone();
        return this;
    }

    InitialPacketBuilder scid(byte[] scid) {
        this.scid = scid.clone();
        return this;
    }

    InitialPacketBuilder token(byte[] token) {
        this.token = token.clone();
        return this;
    }

    InitialPacketBuilder packetNumber(long packetNumber, int length) {
        this.packetNumber = packetNumber;
        this.packetNumberLength = length;
        return this;
    }

    /** The Length field's encoding: 2 or 4 bytes, as clients send it whatever the value. */
    InitialPacketBuilder lengthFieldBytes(int bytes) {
        this.lengthFieldBytes = bytes;
        return this;
    }

    /** Derives the keys from another DCID: the original one of a client that has switched (RFC 9001 5.2). */
    InitialPacketBuilder keysFrom(byte[] originalDcid) {
        this.keyDcid = originalDcid.clone();
        return this;
    }

    /** The unprotected header of an Initial whose payload (frames, without the tag) is {@code payloadLength}. */
    byte[] header(int payloadLength) {
        int first = 0xc0 | version.initialType() << 4 | (packetNumberLength - 1);
        long length = packetNumberLength + payloadLength + InitialPacketOpener.TAG_LENGTH;
        byte[] pn = bigEndian(packetNumber, packetNumberLength);
        return concat(
                new byte[] {(byte) first},
                u32(version.wire()),
                new byte[] {(byte) dcid.length},
                dcid,
                new byte[] {(byte) scid.length},
                scid,
                varint(token.length),
                token,
                fixedVarint(length, lengthFieldBytes),
                pn);
    }

    /** The protected packet carrying {@code frames}. */
    byte[] build(byte[] frames) {
        byte[] header = header(frames.length);
        InitialKeys keys = new InitialKeyDerivation()
                .derive(version, keyDcid != null ? keyDcid : dcid, 0, keyDcid != null ? keyDcid.length : dcid.length);
        try {
            byte[] nonce = keys.iv().clone();
            for (int i = 0; i < 8; i++) {
                nonce[nonce.length - 1 - i] ^= (byte) (packetNumber >>> (8 * i));
            }
            Cipher aead = Cipher.getInstance("AES/GCM/NoPadding");
            aead.init(Cipher.ENCRYPT_MODE, keys.packetKey(), new GCMParameterSpec(128, nonce));
            aead.updateAAD(header);
            byte[] sealed = aead.doFinal(frames);
            int pnOffset = header.length - packetNumberLength;
            int sampleOffset = InitialPacketOpener.MAX_PACKET_NUMBER_LENGTH - packetNumberLength; // in sealed
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, keys.headerProtectionKey());
            byte[] mask = ecb.doFinal(Arrays.copyOfRange(sealed, sampleOffset, sampleOffset + 16));
            header[0] ^= (byte) (mask[0] & 0x0f);
            for (int i = 0; i < packetNumberLength; i++) {
                header[pnOffset + i] ^= mask[1 + i];
            }
            return concat(header, sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A protected Initial whose frames are padded with PADDING so that the packet is {@code size} bytes. */
    byte[] buildPadded(byte[] frames, int size) {
        int overhead = header(frames.length).length + InitialPacketOpener.TAG_LENGTH;
        int padding = Math.max(0, size - overhead - frames.length);
        return build(concat(frames, new byte[padding]));
    }

    /** An unprotected long-header packet of another type (0-RTT, Handshake) with an opaque payload. */
    static byte[] otherLongPacket(QuicVersion version, int type, byte[] dcid, byte[] scid, byte[] payload) {
        return concat(
                new byte[] {(byte) (0xc0 | type << 4 | 0x03)},
                u32(version.wire()),
                new byte[] {(byte) dcid.length},
                dcid,
                new byte[] {(byte) scid.length},
                scid,
                fixedVarint(payload.length, 2),
                payload);
    }

    static byte[] u32(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** The low {@code bytes} bytes of {@code value}, most significant first: a truncated packet number. */
    static byte[] bigEndian(long value, int bytes) {
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[i] = (byte) (value >>> (8 * (bytes - 1 - i)));
        }
        return out;
    }

    /** A varint in exactly {@code bytes} bytes (RFC 9000 16 allows any length that fits). */
    static byte[] fixedVarint(long value, int bytes) {
        byte[] out = bigEndian(value, bytes);
        out[0] |= (byte) (Integer.numberOfTrailingZeros(bytes) << 6);
        return out;
    }
}
