package io.banwatch.source;

import com.sun.jna.Platform;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handles a live interface is read with ({@code capture.fanout}): one, or several whose sockets share a Linux
 * {@code PACKET_FANOUT} group ({@link PacketFanout}), so that the kernel spreads the interface's flows over them and
 * each is read by a thread of its own. Opened, read, stopped, reopened and closed as one: when one member fails, all
 * stop, and the interface is reopened whole.
 *
 * <p>Its {@link #stats} are the group's: packet counters of one part per member, each with its member's capture thread
 * as its one writer, summed when read, as are the kernel's per-socket drop counters.
 */
public final class CaptureGroup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CaptureGroup.class);

    /** What is done to every member once it is open (the BPF filter, say). */
    @FunctionalInterface
    public interface Setup {
        void apply(PcapCapture capture) throws CaptureException;
    }

    private final String name;
    private final List<PcapCapture> members;
    private final CaptureStats stats;
    private final int fanoutId;

    private CaptureGroup(String name, List<PcapCapture> members, CaptureStats stats, int fanoutId) {
        this.name = name;
        this.members = List.copyOf(members);
        this.stats = stats;
        this.fanoutId = fanoutId;
    }

    /** One handle read alone: a capture file, or an interface with {@code capture.fanout} 1. */
    public static CaptureGroup of(PcapCapture capture) {
        return new CaptureGroup(capture.name(), List.of(capture), capture.stats(), -1);
    }

    /**
     * Opens {@code size} handles on a live interface with the same options, joins them to one fanout group when
     * there is more than one, and applies {@code setup} to each; all or none.
     *
     * @param stats the counters to count into ({@link CaptureStats#group} for more than one member), null for new ones
     * @throws CaptureException the interface cannot be opened, or the kernel refused the fanout group (one line naming
     *     the interface and the errno)
     */
    static CaptureGroup open(String name, LiveOptions options, int size, CaptureStats stats, Setup setup)
            throws CaptureException {
        if (size < 1) {
            throw new IllegalArgumentException("a capture group has at least one handle, not " + size);
        }
        if (size > 1 && !Platform.isLinux()) {
            throw CaptureException.usage(name + ": capture.fanout " + size + " needs Linux (PACKET_FANOUT), not "
                    + System.getProperty("os.name") + "; set capture.fanout: 1");
        }
        CaptureStats counters =
                stats != null ? stats : size == 1 ? new CaptureStats(name) : CaptureStats.group(name, size);
        if (counters.parts() != size) {
            throw new IllegalArgumentException(name + ": stats of " + counters.parts() + " handles for " + size);
        }
        List<PcapCapture> opened = new ArrayList<>();
        try {
            int id = -1;
            for (int i = 0; i < size; i++) {
                PcapCapture capture = Captures.openInterface(name, options, counters.part(i));
                opened.add(capture);
                if (size > 1) {
                    if (i == 0) {
                        id = PacketFanout.create(capture.fileno(), name, size);
                    } else {
                        PacketFanout.join(capture.fileno(), id, name, size);
                        // Until now this socket received every packet of the interface, which the group received too.
                        capture.discardBefore(nowNanos());
                    }
                }
                setup.apply(capture);
            }
            return new CaptureGroup(name, opened, counters, id);
        } catch (CaptureException | RuntimeException e) {
            opened.forEach(PcapCapture::close);
            throw e;
        }
    }

    private static long nowNanos() {
        Instant now = Instant.now(); // CLOCK_REALTIME, the clock the kernel stamps captured packets with
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }

    /** The interface name. */
    public String name() {
        return name;
    }

    /** How many handles, each read by its own thread. */
    public int size() {
        return members.size();
    }

    /** The kernel's id of the fanout group, -1 for one handle. */
    public int fanoutId() {
        return fanoutId;
    }

    public int linkType() {
        return members.get(0).linkType();
    }

    /** The interface's counters: the sums over the members. */
    public CaptureStats stats() {
        return stats;
    }

    /** Packets member {@code i} read since the interface was first opened. */
    public long packets(int i) {
        return stats.part(i).packets();
    }

    /**
     * Reads every member until one of them ends or fails, then stops the others and waits for them: member 0 on the
     * calling thread, each other member on a thread of its own named after the caller's ({@code -1}, {@code -2} ...).
     * {@code handlers.get(i)} receives member i's packets, on one thread at a time.
     *
     * @throws CaptureException the first member's read error (the group must then be closed and reopened)
     */
    public void run(List<? extends PacketHandler> handlers) throws CaptureException {
        if (handlers.size() != members.size()) {
            throw new IllegalArgumentException(handlers.size() + " handlers for " + members.size() + " handles");
        }
        if (members.size() == 1) {
            members.get(0).run(handlers.get(0));
            return;
        }
        AtomicReference<CaptureException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        String prefix = Thread.currentThread().getName();
        for (int i = 1; i < members.size(); i++) {
            int member = i;
            Thread thread = new Thread(() -> read(member, handlers.get(member), failure), prefix + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        read(0, handlers.get(0), failure);
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join(); // returns soon: every member was stopped when the first one ended
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        CaptureException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    private void read(int member, PacketHandler handler, AtomicReference<CaptureException> failure) {
        try {
            members.get(member).run(handler);
        } catch (CaptureException e) {
            failure.compareAndSet(null, e);
        } finally {
            stop(); // one member ended: the group is read whole or not at all
        }
    }

    /** Copies libpcap's drop counters of every member into the stats. */
    public void updateDrops() {
        members.forEach(PcapCapture::updateDrops);
    }

    /** Makes {@link #run} return soon; safe to call from any thread. */
    public void stop() {
        members.forEach(PcapCapture::stop);
    }

    /** Stops reading, waits for every member to return, then closes the handles. */
    @Override
    public void close() {
        stop();
        long discarded = 0;
        for (PcapCapture member : members) {
            member.close();
            discarded += member.discarded();
        }
        if (discarded > 0) {
            log.debug("{}: {} packets received before their handle joined the fanout group skipped", name, discarded);
        }
    }
}
