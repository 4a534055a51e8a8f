package io.banwatch.inspect.quic;

import io.banwatch.decode.AnomalyCounters;
import java.util.Arrays;

/**
 * The Initial keys of recently seen Destination Connection IDs (RFC 9001 5.2: the keys are a function of the version
 * and the DCID alone), so that retransmitted Initials, and Initials repeated by a flood, skip the key derivation.
 * Direct-mapped by a hash salted per instance: a lookup and a replacement cost one slot, and a replacement derives
 * into the slot's own {@link InitialKeys}, so a flood of fresh IDs allocates nothing once every slot has been used (a
 * connection keeps a copy of its keys). Not thread-safe.
 */
final class InitialKeyCache {

    /**
     * 4,096 entries (about 2.3 MiB once every slot holds keys, 580 bytes each with their AES key schedules): the
     * connections a sensor sees start within a second or so of their first retransmission, far fewer than this; a
     * flood of fresh IDs only replaces entries.
     */
    static final int SLOTS = 4_096;

    private final AnomalyCounters anomalies;
    private final long seed;
    private final byte[] ids = new byte[SLOTS * LongHeader.MAX_CID_LENGTH];
    private final byte[] idLengths = new byte[SLOTS];
    private final InitialKeys[] keys = new InitialKeys[SLOTS];

    /** A cache whose slots are chosen by a hash salted with {@code seed}. */
    InitialKeyCache(AnomalyCounters anomalies, long seed) {
        this.anomalies = anomalies;
        this.seed = seed;
    }

    /** The cached keys of this version and DCID, or null. */
    InitialKeys find(QuicVersion version, byte[] data, int dcidOffset, int dcidLength) {
        int slot = slot(version, data, dcidOffset, dcidLength);
        InitialKeys cached = keys[slot];
        if (cached == null
                || cached.version() != version
                || idLengths[slot] != dcidLength
                || !Arrays.equals(
                        ids,
                        slot * LongHeader.MAX_CID_LENGTH,
                        slot * LongHeader.MAX_CID_LENGTH + dcidLength,
                        data,
                        dcidOffset,
                        dcidOffset + dcidLength)) {
            return null;
        }
        return cached;
    }

    /**
     * The slot of this version and DCID, taken over from whatever held it (counted): its keys are to be derived
     * anew by the caller, which must not let them be used for anything else before it has.
     */
    InitialKeys claim(QuicVersion version, byte[] data, int dcidOffset, int dcidLength) {
        int slot = slot(version, data, dcidOffset, dcidLength);
        InitialKeys slotKeys = keys[slot];
        if (slotKeys == null) {
            slotKeys = keys[slot] = new InitialKeys();
        } else {
            anomalies.count(QuicAnomaly.KEY_CACHE_REPLACED);
        }
        idLengths[slot] = (byte) dcidLength;
        System.arraycopy(data, dcidOffset, ids, slot * LongHeader.MAX_CID_LENGTH, dcidLength);
        return slotKeys;
    }

    private int slot(QuicVersion version, byte[] data, int offset, int length) {
        long h = seed ^ version.ordinal();
        for (int i = offset; i < offset + length; i++) {
            h = (h ^ (data[i] & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 29;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 32;
        return (int) h & (SLOTS - 1);
    }
}
