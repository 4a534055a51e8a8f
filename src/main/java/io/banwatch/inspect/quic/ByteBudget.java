package io.banwatch.inspect.quic;

/** The bytes that the reassembly buffers of one connection table may hold together. */
final class ByteBudget {

    private final long limit;
    private long used;

    ByteBudget(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes} from the budget, or returns false and takes nothing when that would exceed it. */
    boolean tryReserve(int bytes) {
        if (limit - used < bytes) {
            return false;
        }
        used += bytes;
        return true;
    }

    void release(int bytes) {
        used -= bytes;
    }

    long used() {
        return used;
    }
}
