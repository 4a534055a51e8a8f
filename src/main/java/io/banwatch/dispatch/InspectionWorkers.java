package io.banwatch.dispatch;

import io.banwatch.source.PacketHandler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.atomic.SpscAtomicArrayQueue;

/**
 * Inspection sharded over several threads: each capture thread hands every packet, copied into a preallocated slot,
 * to the worker {@link FlowShard} picks, and each worker runs a per-packet path of its own. Used when
 * {@code inspect.workers} is more than 1; with one worker the capture thread inspects in place.
 *
 * <p>Create it, take one {@link #source} per capture thread, {@link #start}, and after every source has
 * {@linkplain Source#end ended}, {@link #await}.
 */
public final class InspectionWorkers {

    /**
     * Packets of up to 2,048 bytes each pool holds per worker: 1,024, about 1 ms of a busy gigabit link, so a burst
     * rides out a worker's pause; 2 MiB per pool and worker. Typical captured frames are under 1,514 bytes.
     */
    static final int SMALL_SLOTS = 1_024;

    static final int SMALL_BYTES = 2_048;

    /** Larger packets (jumbo frames, offloaded segments, up to libpcap's 256 KiB snapshot): 16 per pool, 4 MiB. */
    static final int LARGE_SLOTS = 16;

    static final int LARGE_BYTES = 262_144;

    /** How long a lossless source waits between attempts when its worker has no free slot. */
    private static final long WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final List<InspectionWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final int sources;
    private int sourcesMade;
    private final LongAdder drops = new LongAdder();

    /**
     * @param handlers one per-packet path per worker, each used on its worker's thread only
     * @param finishers run on each worker's thread after the last packet of every source
     * @param sources how many capture threads will feed the workers
     * @param ordered whether {@link #barrier}s wait for earlier packets: for one lossless source (a replay), whose
     *     events must not depend on how the workers' threads were scheduled
     */
    public InspectionWorkers(
            String name,
            List<? extends PacketHandler> handlers,
            List<Runnable> finishers,
            int sources,
            boolean ordered) {
        if (handlers.size() != finishers.size() || handlers.isEmpty() || sources < 1) {
            throw new IllegalArgumentException("one finisher per handler, at least one of each and one source");
        }
        if (ordered && sources != 1) {
            throw new IllegalArgumentException("only the packets of one source are in one order");
        }
        this.sources = sources;
        int capacity = sources * (SMALL_SLOTS + LARGE_SLOTS) + sources; // every slot of every pool, and the ends
        for (int i = 0; i < handlers.size(); i++) {
            InspectionWorker worker =
                    new InspectionWorker(i, capacity, handlers.get(i), finishers.get(i), sources, ordered);
            workers.add(worker);
            Thread thread = new Thread(worker, name + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        workers.forEach(worker -> worker.peers(List.copyOf(workers)));
    }

    /** How many workers share the inspection. */
    public int size() {
        return workers.size();
    }

    /**
     * What worker {@code index}'s path runs before it reads or writes state the workers share (the DNS-answer map):
     * when ordered, it waits until the other workers have inspected every packet before the current one. Called on
     * that worker's thread only.
     */
    public Runnable barrier(int index) {
        return workers.get(index)::awaitEarlierPackets;
    }

    /**
     * The hand-off of one capture thread.
     *
     * @param lossless wait for a free slot (replay) instead of dropping and counting the packet (live)
     */
    public synchronized Source source(boolean lossless) {
        if (sourcesMade == sources) {
            throw new IllegalStateException("all " + sources + " sources are taken");
        }
        sourcesMade++;
        return new Source(lossless);
    }

    public void start() {
        threads.forEach(Thread::start);
    }

    /** Packets a live source dropped because its worker had no free slot (the worker fell behind). */
    public long drops() {
        return drops.sum();
    }

    /** Waits for every worker to end, after every source ended. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (InspectionWorker worker : workers) {
            if (!worker.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /** One capture thread's way to the workers: its own pools of slots, so taking one needs no lock. */
    public final class Source implements PacketHandler {

        private final boolean lossless;
        private final SpscAtomicArrayQueue<PacketSlot>[] small;
        private final SpscAtomicArrayQueue<PacketSlot>[] large;
        /** By worker: the sequence number of the last packet given to it, or -1. */
        private final long[] lastSent;

        private long sequence;
        private boolean ended;

        @SuppressWarnings("unchecked")
        private Source(boolean lossless) {
            this.lossless = lossless;
            int n = workers.size();
            this.small = new SpscAtomicArrayQueue[n];
            this.large = new SpscAtomicArrayQueue[n];
            this.lastSent = new long[n];
            Arrays.fill(lastSent, -1);
            for (int w = 0; w < n; w++) {
                small[w] = pool(SMALL_SLOTS, SMALL_BYTES);
                large[w] = pool(LARGE_SLOTS, LARGE_BYTES);
            }
        }

        private SpscAtomicArrayQueue<PacketSlot> pool(int slots, int bytes) {
            SpscAtomicArrayQueue<PacketSlot> pool = new SpscAtomicArrayQueue<>(slots);
            for (int i = 0; i < slots; i++) {
                pool.offer(new PacketSlot(new byte[bytes], pool, workers.size(), false));
            }
            return pool;
        }

        @Override
        public void onPacket(int linkType, byte[] data, int captureLength, int wireLength, long timestampNanos) {
            if (captureLength > LARGE_BYTES) {
                drops.increment(); // libpcap's largest snapshot: a source never reads more (PcapCapture's cap)
                return;
            }
            int w = FlowShard.worker(linkType, data, captureLength, workers.size());
            SpscAtomicArrayQueue<PacketSlot> pool = captureLength <= SMALL_BYTES ? small[w] : large[w];
            PacketSlot slot = pool.relaxedPoll();
            while (slot == null) {
                if (!lossless) {
                    drops.increment();
                    return;
                }
                LockSupport.parkNanos(WAIT_NANOS);
                slot = pool.relaxedPoll();
            }
            slot.fill(linkType, data, captureLength, wireLength, timestampNanos);
            slot.sequence = sequence;
            System.arraycopy(lastSent, 0, slot.sentBefore, 0, lastSent.length);
            lastSent[w] = sequence++;
            workers.get(w).offer(slot);
        }

        /** The source ended: tells every worker; call once, on the capture thread, after the last packet. */
        public void end() {
            if (ended) {
                return;
            }
            ended = true;
            for (InspectionWorker worker : workers) {
                PacketSlot end = new PacketSlot(new byte[0], null, workers.size(), true);
                System.arraycopy(lastSent, 0, end.sentBefore, 0, lastSent.length);
                while (!worker.offer(end)) {
                    LockSupport.parkNanos(WAIT_NANOS);
                }
            }
        }
    }
}
