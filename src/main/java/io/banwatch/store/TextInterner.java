package io.banwatch.store;

import java.util.concurrent.atomic.LongAdder;

/**
 * The texts of the writer's queue (client hosts, names, addresses) made into strings once: a batch's rows repeat a few
 * hundred of them thousands of times, and reading each row made four new strings, a third of what the writer allocated
 * in a replay. A text read again is the string made before, whose hash is known and which is the very key the writer's
 * caches ({@link Terms}, the batch's inventory) hold, so their look-ups end at the first comparison. Direct-mapped:
 * a text whose slot holds another takes its place (the other is made again when next read). Used by the writer's
 * thread only.
 */
final class TextInterner {

    /**
     * Slots: the tap capture's replay has under a thousand distinct texts (384 client hosts, which are also their
     * source addresses, 36 names, 459 destination addresses); four times that keeps most from sharing a slot.
     */
    static final int SLOTS = 4_096;

    private final String[] slots = new String[SLOTS];
    private final LongAdder replaced = new LongAdder(); // written by the writer's thread, read by the scrape's

    /** The text of {@code chars[start, end)}, the string made for it before when it is still in its slot. */
    String intern(char[] chars, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + chars[i]; // String.hashCode's, so the string made keeps it
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        String known = slots[slot];
        if (known != null && known.hashCode() == hash && sameChars(known, chars, start, end)) {
            return known;
        }
        if (known != null) {
            replaced.increment();
        }
        String made = new String(chars, start, end - start);
        slots[slot] = made;
        return made;
    }

    /** Texts that took the slot of another. */
    long replaced() {
        return replaced.sum();
    }

    private static boolean sameChars(String text, char[] chars, int start, int end) {
        if (text.length() != end - start) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != chars[start + i]) {
                return false;
            }
        }
        return true;
    }
}
