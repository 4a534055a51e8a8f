package io.banwatch.outcome;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Followed contacts by connection, found from a packet of either direction: open addressing with linear probing and
 * backward-shift deletion, keys compared in place, so a lookup allocates nothing. The hash is symmetric in the two
 * endpoints, so that both directions of a connection land on the same slot, and seeded per table, so that nobody
 * can choose addresses that collide. Holds at most {@code capacity} contacts, in least-recently-active order.
 */
final class ContactTable {

    private static final VarHandle LONG_AT = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_AT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final int capacity;
    private final FollowedContact[] slots;
    private final int mask;
    private final long seed = new SplittableRandom().nextLong();
    /** Sentinel of the least-recently-active list, oldest first. */
    private final FollowedContact lru = new FollowedContact(0, false);

    private int size;
    private boolean lastFromClient;

    ContactTable(int capacity) {
        this.capacity = capacity;
        int slotCount = Integer.highestOneBit(Math.max(capacity, 2) - 1) << 2; // at most half full
        this.slots = new FollowedContact[slotCount];
        this.mask = slotCount - 1;
        lru.older = lru;
        lru.newer = lru;
    }

    int size() {
        return size;
    }

    boolean full() {
        return size >= capacity;
    }

    /** Whether the packet last found by {@link #find} came from the contact's client. */
    boolean lastFromClient() {
        return lastFromClient;
    }

    /**
     * The contact of the connection between {@code (source, sourcePort)} and {@code (destination, destinationPort)},
     * either way round, or null.
     */
    FollowedContact find(
            int ipVersion,
            int transport,
            long tunnelId,
            byte[] source,
            int sourcePort,
            byte[] destination,
            int destinationPort) {
        int length = ipVersion == 6 ? 16 : 4;
        int hash = hash(ipVersion, transport, tunnelId, source, sourcePort, destination, destinationPort);
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            FollowedContact c = slots[slot];
            if (c == null) {
                return null;
            }
            if (c.hash != hash || c.transport != transport || c.ipVersion != ipVersion || c.tunnelId != tunnelId) {
                continue;
            }
            if (c.clientPort == sourcePort
                    && c.serverPort == destinationPort
                    && Arrays.equals(c.client, 0, length, source, 0, length)
                    && Arrays.equals(c.server, 0, length, destination, 0, length)) {
                lastFromClient = true;
                return c;
            }
            if (c.serverPort == sourcePort
                    && c.clientPort == destinationPort
                    && Arrays.equals(c.server, 0, length, source, 0, length)
                    && Arrays.equals(c.client, 0, length, destination, 0, length)) {
                lastFromClient = false;
                return c;
            }
        }
    }

    /** Adds a contact whose key fields are set; the caller has made room ({@link #full()} is false). */
    void insert(FollowedContact c) {
        c.hash = hash(c.ipVersion, c.transport, c.tunnelId, c.client, c.clientPort, c.server, c.serverPort);
        int slot = c.hash & mask;
        while (slots[slot] != null) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = c;
        size++;
        append(c);
    }

    /** Marks the contact active now: it moves to the young end of the list. */
    void touch(FollowedContact c) {
        unlink(c);
        append(c);
    }

    /** The least recently active contact, or null when the table is empty. */
    FollowedContact oldest() {
        return lru.newer == lru ? null : lru.newer;
    }

    void remove(FollowedContact c) {
        int slot = c.hash & mask;
        while (slots[slot] != c) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = null;
        // Backward-shift deletion: later members of the probe run move into the hole, so lookups need no tombstones.
        for (int next = (slot + 1) & mask; slots[next] != null; next = (next + 1) & mask) {
            int home = slots[next].hash & mask;
            boolean homeOutsideHoleToNext = slot <= next ? home <= slot || home > next : home <= slot && home > next;
            if (homeOutsideHoleToNext) {
                slots[slot] = slots[next];
                slots[next] = null;
                slot = next;
            }
        }
        unlink(c);
        size--;
    }

    private int hash(int ipVersion, int transport, long tunnelId, byte[] a, int portA, byte[] b, int portB) {
        // A sum of the two endpoints' hashes: the same for either direction of the connection.
        long endpoints = endpoint(ipVersion, a, portA) + endpoint(ipVersion, b, portB);
        long h = mix(seed ^ endpoints ^ ((long) transport << 56 | (long) ipVersion << 48));
        h = mix(h ^ tunnelId);
        return (int) (h ^ (h >>> 32));
    }

    private long endpoint(int ipVersion, byte[] address, int port) {
        long h;
        if (ipVersion == 6) {
            h = mix((long) LONG_AT.get(address, 0) ^ seed);
            h = mix(h ^ (long) LONG_AT.get(address, 8));
        } else {
            h = mix(((int) INT_AT.get(address, 0) & 0xffffffffL) ^ seed);
        }
        return mix(h ^ port);
    }

    /** The finaliser of MurmurHash3's 64-bit variant: every input bit affects every output bit. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private void append(FollowedContact c) {
        c.older = lru.older;
        c.newer = lru;
        lru.older.newer = c;
        lru.older = c;
    }

    private static void unlink(FollowedContact c) {
        if (c.older != null) {
            c.older.newer = c.newer;
            c.newer.older = c.older;
            c.older = null;
            c.newer = null;
        }
    }
}
