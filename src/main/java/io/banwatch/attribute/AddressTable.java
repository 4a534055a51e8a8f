package io.banwatch.attribute;

import io.banwatch.decode.AnomalyCounters;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The storage of the {@link DnsAddressMap}: addresses (as {@link AddressKey} pairs) in an open-addressing table with
 * linear probing and backward-shift deletion, each with up to a fixed number of names, newest first, and two
 * least-recently-used lists: addresses a vendor name resolved to, and the others. A full table forgets the least
 * recently used other address first and a vendor's only when there is no other, so a flood of answers for other names
 * cannot push out the address of a vendor contact that is still to come. The arrays start at {@link #FIRST_CAPACITY}
 * addresses and double as answers come, up to the configured bound, where they stay: storing and looking up then
 * allocate nothing.
 */
final class AddressTable {

    /** Two per learned answer: each answer adds a handful of addresses, so expiry keeps pace without a scan. */
    static final int EXPIRIES_PER_CALL = 2;

    /**
     * Addresses the arrays hold at first (about 1.5 MB with 16 names each): the answers of most captures fit, and a
     * sensor that sees more grows to its bound in a few doublings. Made at the bound (65,536 by default) they would
     * take 25 MB from the start, which a replay's first young collections would copy from space to space.
     */
    static final int FIRST_CAPACITY = 4_096;

    private static final int NONE = -1;

    private final AnomalyCounters anomalies;
    private final int maxCapacity;
    private final int namesPerAddress;
    /** Random per table, so that nobody can choose addresses that collide in it. */
    private final long seed = new SplittableRandom().nextLong();

    private long[] keyHigh, keyLow;
    private int[] hashOf;
    /** The latest expiry of an address's names, in packet nanoseconds. */
    private long[] expiresAt;

    private int[] nameCount;
    private String[] names;
    private long[] nameClients;
    private long[] nameExpiresAt;

    /**
     * The least-recently-used lists through {@code newer}/{@code older}; index {@link #capacity()} is the sentinel of
     * the other addresses' list, {@code capacity() + 1} that of the vendors'.
     */
    private int[] newer, older;

    private boolean[] vendor;
    private int otherList, vendorList;

    /**
     * Per slot, the entry's hash in the high half and its index + 1 in the low half, 0 for an empty slot: a probe
     * compares hashes without reading the entry, so that finding, adding and evicting an address in a table larger
     * than the CPU caches costs one cache miss for the slot instead of one more per entry probed or shifted.
     */
    private long[] slots;

    private int mask;
    private int size;
    /** Caps hit since the last {@link #flushCounts()}. */
    private long pendingFull, pendingVendorEvicted, pendingNamesCap;

    private int unused;
    private int freeList = NONE;

    /** @param maxCapacity addresses held at most; the arrays start smaller and grow to it */
    AddressTable(int maxCapacity, int namesPerAddress, AnomalyCounters anomalies) {
        this.anomalies = anomalies;
        this.maxCapacity = maxCapacity;
        this.namesPerAddress = namesPerAddress;
        int capacity = Math.min(maxCapacity, FIRST_CAPACITY);
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
        slots = new long[slotCount(capacity)];
        mask = slots.length - 1;
    }

    // At most half full, so probe sequences stay short.
    private static int slotCount(int capacity) {
        return Integer.highestOneBit(capacity - 1 | 1) << 2;
    }

    /** Addresses the arrays hold now: {@link #FIRST_CAPACITY} or the bound at first, doubled as needed up to it. */
    int capacity() {
        return keyHigh.length;
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
        if (size == capacity() && capacity() < maxCapacity) {
            grow();
        }
        if (size == capacity()) {
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

    /**
     * Doubles the arrays, up to the bound. Called only when every entry is in use, so no entry is on the free list:
     * entries keep their index, the two lists' sentinels move to the new end, and the slots are hashed anew.
     */
    private void grow() {
        int old = capacity();
        int grown = (int) Math.min(maxCapacity, 2L * old);
        keyHigh = Arrays.copyOf(keyHigh, grown);
        keyLow = Arrays.copyOf(keyLow, grown);
        hashOf = Arrays.copyOf(hashOf, grown);
        expiresAt = Arrays.copyOf(expiresAt, grown);
        nameCount = Arrays.copyOf(nameCount, grown);
        names = Arrays.copyOf(names, grown * namesPerAddress);
        nameClients = Arrays.copyOf(nameClients, names.length);
        nameExpiresAt = Arrays.copyOf(nameExpiresAt, names.length);
        vendor = Arrays.copyOf(vendor, grown);
        int[] grownNewer = new int[grown + 2];
        int[] grownOlder = new int[grown + 2];
        for (int i = 0; i < old + 2; i++) {
            int at = i < old ? i : grown + (i - old);
            grownNewer[at] = moved(newer[i], old, grown);
            grownOlder[at] = moved(older[i], old, grown);
        }
        newer = grownNewer;
        older = grownOlder;
        otherList = grown;
        vendorList = grown + 1;
        long[] grownSlots = new long[slotCount(grown)];
        int grownMask = grownSlots.length - 1;
        for (long occupant : slots) {
            if (occupant != 0) {
                int slot = hashOf(occupant) & grownMask;
                while (grownSlots[slot] != 0) {
                    slot = (slot + 1) & grownMask;
                }
                grownSlots[slot] = occupant;
            }
        }
        slots = grownSlots;
        mask = grownMask;
    }

    // A link to a sentinel (at old and old + 1) moves with it; links to entries stay.
    private static int moved(int link, int old, int grown) {
        return link >= old ? grown + (link - old) : link;
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
