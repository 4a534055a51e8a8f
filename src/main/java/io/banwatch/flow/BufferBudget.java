package io.banwatch.flow;

/** The reassembly buffer bytes allocated across all flows, against {@link FlowLimits#globalBufferBytes()}. */
final class BufferBudget {

    private final long maxBytes;
    private long usedBytes;

    BufferBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Takes {@code bytes} from the budget, or returns false and takes nothing when that would exceed it. */
    boolean tryReserve(int bytes) {
        if (usedBytes + bytes > maxBytes) {
            return false;
        }
        usedBytes += bytes;
        return true;
    }

    void release(int bytes) {
        usedBytes -= bytes;
    }

    long usedBytes() {
        return usedBytes;
    }
}
