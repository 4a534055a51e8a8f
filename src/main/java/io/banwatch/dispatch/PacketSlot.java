package io.banwatch.dispatch;

import org.jctools.queues.atomic.SpscAtomicArrayQueue;

/**
 * One packet on its way from a capture thread to a worker: a copy of its bytes in a buffer made once, its place in
 * the source, and the pool the worker gives it back to. Written by the capture thread before it is queued, read by
 * the worker after; the queues' ordered stores publish the writes.
 */
final class PacketSlot {

    final byte[] data;
    final SpscAtomicArrayQueue<PacketSlot> home;
    /** By worker: the sequence number of the last packet the source gave that worker before this one, or -1. */
    final long[] sentBefore;
    /** The last slot a capture thread sends each worker: the source ended. */
    final boolean end;

    long sequence;
    int linkType;
    int captureLength;
    int wireLength;
    long timestampNanos;

    PacketSlot(byte[] data, SpscAtomicArrayQueue<PacketSlot> home, int workers, boolean end) {
        this.data = data;
        this.home = home;
        this.sentBefore = new long[workers];
        this.end = end;
    }

    void fill(int linkType, byte[] from, int captureLength, int wireLength, long timestampNanos) {
        System.arraycopy(from, 0, data, 0, captureLength);
        this.linkType = linkType;
        this.captureLength = captureLength;
        this.wireLength = wireLength;
        this.timestampNanos = timestampNanos;
    }
}
