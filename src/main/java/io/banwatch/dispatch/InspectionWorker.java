package io.banwatch.dispatch;

import io.banwatch.source.FatalErrors;
import io.banwatch.source.PacketHandler;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

/**
 * One inspection thread: takes packets from its queue (fed by every capture thread of the sensor), runs its own
 * per-packet path on them, and gives each slot back to the pool it came from. The path's state (flow tables,
 * followed contacts) is this thread's alone; only the DNS-answer map is shared, and in a replay
 * {@link #awaitEarlierPackets} orders it.
 */
final class InspectionWorker implements Runnable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InspectionWorker.class);

    /** Empty polls spent spinning before the worker parks: a burst's next packet usually arrives within them. */
    private static final int SPINS = 256;

    /** How long an idle or waiting worker parks between checks: idle costs no CPU, a packet waits at most this. */
    private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final int index;
    private final MpscAtomicArrayQueue<PacketSlot> inbound;
    private final PacketHandler handler;
    private final Runnable finish;
    private final int sources;
    private final boolean ordered;
    private final CountDownLatch ended = new CountDownLatch(1);
    /** The sequence number of the last packet this worker inspected; read by the others' barrier. */
    private final AtomicLong done = new AtomicLong(-1);

    private List<InspectionWorker> all = List.of();
    /** Whether an internal error was logged already; on this thread only. */
    private boolean reportedFailure;
    /** The slot being inspected, on this thread only. */
    private PacketSlot current;

    /**
     * @param capacity packets queued at most; every capture thread holds at most its own pool's share of them
     * @param finish run on this thread after the last source ended (contacts still followed get their outcome)
     * @param sources how many capture threads send an end slot; the worker ends after the last
     * @param ordered whether {@link #awaitEarlierPackets} waits (one lossless source: a replay)
     */
    InspectionWorker(int index, int capacity, PacketHandler handler, Runnable finish, int sources, boolean ordered) {
        this.index = index;
        this.inbound = new MpscAtomicArrayQueue<>(capacity);
        this.handler = handler;
        this.finish = finish;
        this.sources = sources;
        this.ordered = ordered;
    }

    /** Before start: every worker of the set, this one included, indexed as they were made. */
    void peers(List<InspectionWorker> workers) {
        this.all = workers;
    }

    /** From a capture thread; never fails while the senders together hold no more slots than the capacity. */
    boolean offer(PacketSlot slot) {
        return inbound.offer(slot);
    }

    @Override
    public void run() {
        try {
            int endsSeen = 0;
            int idle = 0;
            while (endsSeen < sources) {
                PacketSlot slot = inbound.relaxedPoll();
                if (slot == null) {
                    if (++idle > SPINS) {
                        LockSupport.parkNanos(PARK_NANOS);
                    } else {
                        Thread.onSpinWait();
                    }
                    continue;
                }
                idle = 0;
                current = slot;
                if (slot.end) {
                    endsSeen++;
                    continue;
                }
                inspect(slot);
            }
            // What is still followed is decided from what every worker saw, as one thread decides it at the end.
            awaitEarlierPackets();
            current = null;
            finish.run();
        } catch (Error e) {
            FatalErrors.halt("an inspection worker", e);
        } finally {
            ended.countDown();
        }
    }

    private void inspect(PacketSlot slot) {
        try {
            handler.onPacket(slot.linkType, slot.data, slot.captureLength, slot.wireLength, slot.timestampNanos);
        } catch (RuntimeException e) {
            // A bug, not bad input (that is counted): skip the packet rather than stall every capture thread, and
            // say so once, as the capture thread does, so that a bug hit by every packet cannot flood the log.
            if (!reportedFailure) {
                reportedFailure = true;
                LOG.error("internal error while inspecting a packet on worker {}; such packets are skipped", index, e);
            }
        } finally {
            done.lazySet(slot.sequence);
            slot.home.offer(slot); // the pool has room for every slot it made
        }
    }

    /**
     * On this worker's thread, in a replay: waits until every other worker has inspected every packet the source
     * gave it before the current one. The source numbers its packets in capture order and gives each worker its
     * packets in that order, so this is the state one thread would be in. It cannot deadlock: a worker waits only
     * for packets earlier than its own, which the others reach without waiting for later ones.
     */
    void awaitEarlierPackets() {
        PacketSlot slot = current;
        if (!ordered || slot == null) {
            return;
        }
        long[] before = slot.sentBefore;
        for (InspectionWorker other : all) {
            if (other == this) {
                continue;
            }
            long needed = before[other.index];
            int spins = 0;
            while (other.done.get() < needed) {
                if (++spins > SPINS) {
                    LockSupport.parkNanos(PARK_NANOS);
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /** Waits until the worker has ended (every source sent its end) or the timeout passed. */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }
}
