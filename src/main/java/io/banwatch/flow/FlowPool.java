package io.banwatch.flow;

/**
 * Flows, with their per-direction reassembly state, left by per-packet paths that ended, for the next path of the
 * same sensor to reuse. A replay starts a fresh path for each file that does not continue the last in time (another
 * capture, or the same file given again); without the pool each such file would fill a new flow table while the last
 * one's flows became garbage in the old generation, and a replay of many files would grow the heap towards its bound
 * with every file. With it, a sensor allocates at most a
 * table's worth of flows for each path that runs at once, however many files it reads.
 *
 * <p>Pooled flows hold nothing of their last connection: a table {@link Flow#reset() resets} each one before it
 * gives it back, and its stream buffers' bytes go back to that table's budget. Thread-safe: a path ends on one
 * thread and the next may start on another.
 */
public final class FlowPool {

    /** Which tables a pooled flow may serve: TCP flows keep their reassemblers, UDP flows never have any. */
    enum Kind {
        TCP,
        UDP
    }

    private final Flow[] chains = new Flow[Kind.values().length];
    private final int[] counts = new int[Kind.values().length];
    /** One empty slot array per kind: a table's largest part after its flows (2 MiB for the default TCP cap). */
    private final Flow[][] slots = new Flow[Kind.values().length][];

    /** Adds a chain of reset flows linked by {@link Flow#newer}, {@code count} of them. */
    synchronized void give(Kind kind, Flow chain, int count) {
        if (chain == null) {
            return;
        }
        Flow last = chain;
        while (last.newer != null) {
            last = last.newer;
        }
        last.newer = chains[kind.ordinal()];
        chains[kind.ordinal()] = chain;
        counts[kind.ordinal()] += count;
    }

    /** Takes at most {@code max} flows, as a chain linked by {@link Flow#newer} (null when none is pooled). */
    synchronized Flow take(Kind kind, int max) {
        Flow head = chains[kind.ordinal()];
        if (head == null || max <= 0) {
            return null;
        }
        Flow last = head;
        int taken = 1;
        while (taken < max && last.newer != null) {
            last = last.newer;
            taken++;
        }
        chains[kind.ordinal()] = last.newer;
        last.newer = null;
        counts[kind.ordinal()] -= taken;
        return head;
    }

    /** Keeps an emptied (all null) slot array of a table that ended, one per kind. */
    synchronized void giveSlots(Kind kind, Flow[] empty) {
        slots[kind.ordinal()] = empty;
    }

    /** An empty slot array of {@code capacity} entries when one is pooled, else null. */
    synchronized Flow[] takeSlots(Kind kind, int capacity) {
        Flow[] pooled = slots[kind.ordinal()];
        if (pooled != null && pooled.length == capacity) {
            slots[kind.ordinal()] = null;
            return pooled;
        }
        return null;
    }

    /** Flows pooled for {@code kind} tables. */
    synchronized int pooled(Kind kind) {
        return counts[kind.ordinal()];
    }
}
