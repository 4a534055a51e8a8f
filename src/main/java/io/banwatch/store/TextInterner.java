package io.banwatch.store;

import java.util.concurrent.atomic.LongAdder;

/**
 * The texts of the writer's queue (client hosts, names, addresses) made into strings once: a batch's rows repeat a few
 * hundred of them thousands of times, and reading each row made four new strings, a third of what the writer allocated
 * in a replay. A text read again is the string made before, whose hash is known and which is the very key the writer's
 * caches ({@link Terms}, the batch's inventory) hold, so their look-ups end at the first comparison. Two slots per hash
 * value, the text read last in the first: a new text moves the first slot's to the second and drops the second's (made
 * again when next read), so that two texts read in turn that share their slots both stay. Used by the writer's thread
 * only.
 */
final class TextInterner {

    /**
     * Slots, two per hash value: the tap capture's replay has under a thousand distinct texts (384 client hosts, which
     * are also their source addresses, 36 names, 459 destination addresses). With one slot per hash value and 4,096
     * slots, 1.1% of its 211,000 texts read took the slot of another, most of them a few pairs of frequent texts
     * taking each other's in turn; with two per hash value, none. 32 KB of references, and the strings they keep.
     */
    static final int SLOTS = 8_192;

    private final String[] slots = new String[SLOTS];
    private final LongAdder replaced = new LongAdder(); // written by the writer's thread, read by the scrape's

    /** The text of {@code chars[start, end)}, the string made for it before when it is still in its slots. */
    String intern(char[] chars, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + chars[i]; // String.hashCode's, so the string made keeps it
        }
        int first = ((hash ^ (hash >>> 16)) & (SLOTS / 2 - 1)) * 2;
        String recent = slots[first];
        if (recent != null && recent.hashCode() == hash && sameChars(recent, chars, start, end)) {
            return recent;
        }
        String older = slots[first + 1];
        if (older != null && older.hashCode() == hash && sameChars(older, chars, start, end)) {
            slots[first + 1] = recent; // read last now: first
            slots[first] = older;
            return older;
        }
        if (older != null) {
            replaced.increment();
        }
        String made = new String(chars, start, end - start);
        slots[first + 1] = recent;
        slots[first] = made;
        return made;
    }

    /** Texts dropped from their slots by another. */
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
