package io.banwatch.inspect.quic;

import java.util.Arrays;

/**
 * How many new Initial keys each client address may cost per second: a token bucket per address, in packet time.
 * Deriving a connection's keys is the dearest step of reading an Initial, and a single sender of junk Initials with
 * fresh connection IDs could otherwise make every datagram pay it. {@link #SLOTS} buckets, direct-mapped by a hash
 * salted per instance, each remembering its address: an address that finds its slot held by another takes it over
 * with a full bucket, so no sender can ever spend another address's budget (a flooder only escapes its limit while
 * it keeps colliding with an active client). Senders that spoof many addresses are left to the cheap checks after
 * derivation. Not thread-safe.
 */
final class InitialSourceBudget {

    /**
     * 4,096 buckets (64 KiB): a sensor sees a few thousand active QUIC clients at once, so most share a bucket with
     * nobody or with one other client.
     */
    static final int SLOTS = 4_096;

    /**
     * 256 new connections per second per address: a browser opens a few per page and a NAT gateway in front of a few
     * hundred users rarely exceeds a hundred per second, while a flood from one address is cut to this rate.
     */
    static final long RATE_PER_SECOND = 256;

    /** A burst of 1,024: a whole office behind one address starting up at once. */
    static final long BURST = 1_024;

    private static final int MAX_ADDRESS_LENGTH = 16;

    private static final long NANOS_PER_TOKEN = 1_000_000_000L / RATE_PER_SECOND;

    private final long seed;
    /** Per bucket, the packet time at which it was empty: tokens = (now - emptyAt) / NANOS_PER_TOKEN, capped. */
    private final long[] emptyAt = new long[SLOTS];

    private final byte[] addresses = new byte[SLOTS * MAX_ADDRESS_LENGTH];
    private final byte[] addressLengths = new byte[SLOTS];

    /** Buckets whose slots are chosen by a hash salted with {@code seed}. */
    InitialSourceBudget(long seed) {
        this.seed = seed;
    }

    /** Takes one token from the bucket of {@code address[0, length)}; false when it is empty. */
    boolean take(byte[] address, int length, long nowNanos) {
        int slot = slot(address, length);
        long capacityNanos = BURST * NANOS_PER_TOKEN;
        int base = slot * MAX_ADDRESS_LENGTH;
        if (addressLengths[slot] != length || !Arrays.equals(addresses, base, base + length, address, 0, length)) {
            addressLengths[slot] = (byte) length; // a new address: a full bucket
            System.arraycopy(address, 0, addresses, base, length);
            emptyAt[slot] = nowNanos - capacityNanos;
        }
        // The bucket is a point in time: tokens accrue from emptyAt; holding more than BURST moves it forward.
        long start = Math.max(emptyAt[slot], nowNanos - capacityNanos);
        if (nowNanos - start < NANOS_PER_TOKEN) {
            emptyAt[slot] = start;
            return false;
        }
        emptyAt[slot] = start + NANOS_PER_TOKEN;
        return true;
    }

    private int slot(byte[] address, int length) {
        long h = seed;
        for (int i = 0; i < length; i++) {
            h = (h ^ (address[i] & 0xff)) * 0x100000001b3L; // FNV-1a over the salted state
        }
        h ^= h >>> 29;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 32;
        return (int) h & (SLOTS - 1);
    }
}
