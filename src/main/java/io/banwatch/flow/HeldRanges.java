package io.banwatch.flow;

/**
 * The byte ranges of a stream buffer that arrived ahead of a hole: sorted, disjoint and not touching, positions
 * relative to the start of the buffer.
 */
final class HeldRanges {

    private final int[] starts;
    private final int[] ends;
    private int count;

    HeldRanges(int maxRanges) {
        starts = new int[maxRanges];
        ends = new int[maxRanges];
    }

    int count() {
        return count;
    }

    int start(int index) {
        return starts[index];
    }

    int end(int index) {
        return ends[index];
    }

    /** The end of the last range, or 0 when none is held. */
    int extent() {
        return count == 0 ? 0 : ends[count - 1];
    }

    /** Whether {@code [start, end)} can be added without exceeding the cap of separate ranges. */
    boolean canAdd(int start, int end) {
        if (count < starts.length) {
            return true;
        }
        for (int i = 0; i < count; i++) {
            if (starts[i] <= end && ends[i] >= start) {
                return true;
            }
        }
        return false;
    }

    /** Adds {@code [start, end)}, merging it with the ranges it overlaps or touches; check {@link #canAdd} first. */
    void add(int start, int end) {
        int first = 0;
        while (first < count && ends[first] < start) {
            first++;
        }
        int last = first;
        while (last < count && starts[last] <= end) {
            start = Math.min(start, starts[last]);
            end = Math.max(end, ends[last]);
            last++;
        }
        int removed = last - first;
        if (removed == 0) {
            System.arraycopy(starts, first, starts, first + 1, count - first);
            System.arraycopy(ends, first, ends, first + 1, count - first);
            count++;
        } else if (removed > 1) {
            System.arraycopy(starts, last, starts, first + 1, count - last);
            System.arraycopy(ends, last, ends, first + 1, count - last);
            count -= removed - 1;
        }
        starts[first] = start;
        ends[first] = end;
    }

    /** Moves every range by {@code delta} (negative: towards the start), dropping what falls below 0. */
    void shift(int delta) {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int start = Math.max(0, starts[i] + delta);
            int end = ends[i] + delta;
            if (end > start) {
                starts[kept] = start;
                ends[kept] = end;
                kept++;
            }
        }
        count = kept;
    }

    /** Removes the ranges that begin at or before {@code contiguous} and returns the contiguous length they extend. */
    int absorb(int contiguous) {
        int taken = 0;
        while (taken < count && starts[taken] <= contiguous) {
            contiguous = Math.max(contiguous, ends[taken]);
            taken++;
        }
        if (taken > 0) {
            System.arraycopy(starts, taken, starts, 0, count - taken);
            System.arraycopy(ends, taken, ends, 0, count - taken);
            count -= taken;
        }
        return contiguous;
    }

    void clear() {
        count = 0;
    }
}
