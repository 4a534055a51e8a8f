package io.banwatch.attribute;

import io.banwatch.decode.AnomalyCounters;
import java.util.SplittableRandom;

/**
 * The storage of the {@link DnsAddressMap}: addresses (as {@link AddressKey} pairs) in an open-addressing table with
 * linear probing and backward-shift deletion, each with up to a fixed number of names, newest first, and two
 * least-recently-used lists: addresses a vendor name resolved to, and the others. A full table forgets the least
 * recently used other address first and a vendor's only when there is no other, so a flood of answers for other names
 * cannot push out the address of a vendor contact that is still to come. Every array is sized once, so storing and
 * looking up allocate nothing.
 */
final class AddressTable {

    /** Two per learned answer: each answer adds a handful of addresses, so expiry keeps pace without a scan. */
    static final int EXPIRIES_PER_CALL = 2;

    private static final int NONE = -1;

    private final AnomalyCounters anomalies;
    private final int capacity;
    private final int namesPerAddress;
    /** Random per table, so that nobody can choose addresses that collide in it. */
    private final long seed = new SplittableRandom().nextLong();

    private final long[] keyHigh, keyLow;
    private final int[] hashOf;
    /** The latest expiry of an address's names, in packet nanoseconds. */
    private final long[] expiresAt;

    private final int[] nameCount;
    private final String[] names;
    private final long[] nameClients;
    private final long[] nameExpiresAt;

    /**
     * The least-recently-used lists through {@code newer}/{@code older}; index {@code capacity} is the sentinel of
     * the other addresses' list, {@code capacity + 1} that of the vendors'.
     */
    private final int[] newer, older;

    private final boolean[] vendor;
    private final int otherList, vendorList;

    /**
     * Per slot, the entry's hash in the high half and its index + 1 in the low half, 0 for an empty slot: a probe
     * compares hashes without reading the entry, so that finding, adding and evicting an address in a table larger
     * than the CPU caches costs one cache miss for the slot instead of one more per entry probed or shifted.
     */
    private final long[] slots;

    private final int mask;
    private int size;
    /** Caps hit since the last {@link #flushCounts()}. */
    private long pendingFull, pendingVendorEvicted, pendingNamesCap;

    private int unused;
    private int freeList = NONE;

    AddressTable(int capacity, int namesPerAddress, AnomalyCounters anomalies) {
        this.anomalies = anomalies;
        this.capacity = capacity;
        this.namesPerAddress = namesPerAddress;
        keyHigh = new long[capacity];
        keyLow = new long[capacity];
        hashOf = new int[capacity];
        expiresAt = new long[capacity];
        nameCount = new int[capacity];
        names = new String[capacity * namesPerAddress];
        nameClients = new long[names.length];
        nameExpiresAt = new long[names.length];
        newer = new int[capacity + 2];
        older = new int[capacity + 2];
        vendor = new boolean[capacity];
        otherList = capacity;
        vendorList = capacity + 1;
        newer[otherList] = otherList;
        older[otherList] = otherList;
        newer[vendorList] = vendorList;
        older[vendorList] = vendorList;
        // At most half full, so probe sequences stay short.
        int slotCount = Integer.highestOneBit(capacity - 1 | 1) << 2;
        slots = new long[slotCount];
        mask = slotCount - 1;
    }

    int size() {
        return size;
    }

    /**
     * Adds the caps hit since the last call to the anomaly counters: an answer of a hundred new addresses into a full
     * table evicts a hundred times, and one counter update per answer costs less than one per eviction.
     */
    void flushCounts() {
        anomalies.count(AttributionAnomaly.ADDRESS_MAP_FULL, pendingFull);
        anomalies.count(AttributionAnomaly.VENDOR_ADDRESS_EVICTED, pendingVendorEvicted);
        anomalies.count(AttributionAnomaly.NAMES_PER_ADDRESS_CAP, pendingNamesCap);
        pendingFull = 0;
        pendingVendorEvicted = 0;
        pendingNamesCap = 0;
    }

    /** The entry of an address, or -1. */
    int find(long high, long low) {
        int hash = hash(high, low);
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            long occupant = slots[slot];
            if (occupant == 0) {
                return NONE;
            }
            int entry = entryOf(occupant);
            if (hashOf(occupant) == hash && keyHigh[entry] == high && keyLow[entry] == low) {
                return entry;
            }
        }
    }

    /**
     * Adds an address that {@link #find} did not find, evicting when full the least recently used other address, or
     * if every address is a vendor's, the least recently used of those.
     */
    int add(long high, long low, boolean vendorName) {
        if (size == capacity) {
            pendingFull++;
            int oldestOther = newer[otherList];
            if (oldestOther != otherList) {
                remove(oldestOther);
            } else {
                pendingVendorEvicted++;
                remove(newer[vendorList]);
            }
        }
        int entry = allocate();
        int hash = hash(high, low);
        keyHigh[entry] = high;
        keyLow[entry] = low;
        hashOf[entry] = hash;
        expiresAt[entry] = Long.MIN_VALUE;
        nameCount[entry] = 0;
        vendor[entry] = vendorName;
        int slot = hash & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = occupant(hash, entry);
        size++;
        link(entry);
        return entry;
    }

    /** Puts {@code name} first among the entry's names (moving it if present, dropping the oldest if full). */
    void addName(int entry, String name, long client, long expires) {
        int base = entry * namesPerAddress;
        int count = nameCount[entry];
        int at = 0;
        while (at < count && !names[base + at].equals(name)) {
            at++;
        }
        if (at == count) {
            if (count == namesPerAddress) {
                pendingNamesCap++;
                at = count - 1;
            } else {
                nameCount[entry] = ++count;
            }
        }
        for (int i = base + at; i > base; i--) {
            names[i] = names[i - 1];
            nameClients[i] = nameClients[i - 1];
            nameExpiresAt[i] = nameExpiresAt[i - 1];
        }
        names[base] = name;
        nameClients[base] = client;
        nameExpiresAt[base] = expires;
        long latest = Long.MIN_VALUE;
        for (int i = base; i < base + count; i++) {
            latest = Math.max(latest, nameExpiresAt[i]);
        }
        expiresAt[entry] = latest;
    }

    /**
     * Copies the entry's unexpired names into {@code out}: first those a given client resolved, then the others,
     * newest first within each group. Returns how many were copied.
     */
    int collect(int entry, long client, long nowNanos, String[] out) {
        int base = entry * namesPerAddress;
        int end = base + nameCount[entry];
        int copied = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = base; i < end && copied < out.length; i++) {
                boolean sameClient = nameClients[i] == client;
                if (sameClient == (pass == 0) && nameExpiresAt[i] >= nowNanos) {
                    out[copied++] = names[i];
                }
            }
        }
        return copied;
    }

    boolean expired(int entry, long nowNanos) {
        return expiresAt[entry] < nowNanos;
    }

    /** Marks the entry as just used, and as a vendor's from now on when {@code vendorName}. */
    void touch(int entry, boolean vendorName) {
        unlink(entry);
        vendor[entry] |= vendorName;
        link(entry);
    }

    /** Forgets a few least recently used addresses of each list whose names have all expired. */
    void expireOldest(long nowNanos) {
        expireOldest(otherList, nowNanos);
        expireOldest(vendorList, nowNanos);
    }

    private void expireOldest(int list, long nowNanos) {
        for (int i = 0; i < EXPIRIES_PER_CALL; i++) {
            int oldest = newer[list];
            if (oldest == list || !expired(oldest, nowNanos)) {
                return;
            }
            remove(oldest);
        }
    }

    void remove(int entry) {
        long self = occupant(hashOf[entry], entry);
        int slot = hashOf[entry] & mask;
        while (slots[slot] != self) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = 0;
        // Backward-shift deletion: move later members of the probe run into the hole so lookups need no tombstones.
        for (int next = (slot + 1) & mask; slots[next] != 0; next = (next + 1) & mask) {
            int home = hashOf(slots[next]) & mask;
            boolean homeOutsideHoleToNext = slot <= next ? home <= slot || home > next : home <= slot && home > next;
            if (homeOutsideHoleToNext) {
                slots[slot] = slots[next];
                slots[next] = 0;
                slot = next;
            }
        }
        unlink(entry);
        int base = entry * namesPerAddress;
        for (int i = base; i < base + nameCount[entry]; i++) {
            names[i] = null; // let the strings of forgotten answers go
        }
        nameCount[entry] = 0;
        size--;
        newer[entry] = freeList;
        freeList = entry;
    }

    private int allocate() {
        if (freeList != NONE) {
            int entry = freeList;
            freeList = newer[entry];
            return entry;
        }
        return unused++;
    }

    /** Appends the entry to its list as the most recently used: a sentinel's {@code newer} is the oldest. */
    private void link(int entry) {
        int list = vendor[entry] ? vendorList : otherList;
        int newest = older[list];
        older[entry] = newest;
        newer[entry] = list;
        newer[newest] = entry;
        older[list] = entry;
    }

    private void unlink(int entry) {
        newer[older[entry]] = newer[entry];
        older[newer[entry]] = older[entry];
    }

    private static long occupant(int hash, int entry) {
        return (long) hash << 32 | (entry + 1);
    }

    private static int hashOf(long occupant) {
        return (int) (occupant >>> 32);
    }

    private static int entryOf(long occupant) {
        return (int) occupant - 1;
    }

    private int hash(long high, long low) {
        long h = AddressKey.mix(seed ^ high);
        h = AddressKey.mix(h ^ low);
        return (int) (h ^ (h >>> 32));
    }
}
