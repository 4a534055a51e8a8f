package io.banwatch.inspect.dns;

/**
 * The names of one DNS message decoded so far, by where they stand (the place a compression pointer leads to): an
 * open-addressing table of message offsets to name indexes, cleared per message by forgetting only the slots used.
 * Allocates nothing. Not thread-safe: one per reader.
 */
final class MessageNames {

    /**
     * 257 names: the answer reader's record cap (128) times an owner and a CNAME target, and the question; every
     * message decodes at most that many, so the table is never full.
     */
    static final int MAX_NAMES = 2 * DnsAnswerReader.MAX_ANSWER_RECORDS + 1;

    /** About four slots per name: probe runs stay a slot or two long. */
    private static final int SLOTS = Integer.highestOneBit(MAX_NAMES) << 2;

    private static final int MASK = SLOTS - 1;

    /** Per slot the offset + 1 (0: empty), and the name's index. */
    private final int[] keys = new int[SLOTS];

    private final int[] values = new int[SLOTS];
    private final int[] used = new int[MAX_NAMES];
    private int count;

    /** The index of the name decoded at {@code offset} in this message, or -1. */
    int get(int offset) {
        for (int slot = home(offset); ; slot = (slot + 1) & MASK) {
            int key = keys[slot];
            if (key == 0) {
                return -1;
            }
            if (key == offset + 1) {
                return values[slot];
            }
        }
    }

    /** Remembers the name decoded at {@code offset}; a later one for the same offset replaces it. Ignored when full. */
    void put(int offset, int index) {
        int slot = home(offset);
        while (keys[slot] != 0 && keys[slot] != offset + 1) {
            slot = (slot + 1) & MASK;
        }
        if (keys[slot] == 0) {
            if (count == MAX_NAMES) {
                return; // not reached: the reader decodes at most MAX_NAMES names per message
            }
            used[count++] = slot;
            keys[slot] = offset + 1;
        }
        values[slot] = index;
    }

    /** Forgets every name, for the next message. */
    void clear() {
        for (int i = 0; i < count; i++) {
            keys[used[i]] = 0;
        }
        count = 0;
    }

    private static int home(int offset) {
        return (offset * 0x9e3779b9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(SLOTS)); // Fibonacci hashing
    }
}
