package io.banwatch.source;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Plain counters of one packet source (an interface or a capture file). Packet, byte and anomaly counters have one
 * writer, the source's capture thread, which publishes them with release stores and no read-modify-write (no locked
 * instruction per packet); the metrics layer reads them from any thread.
 *
 * <p>An interface read by several handles of one fanout group ({@link CaptureGroup}) has the counters of a
 * {@linkplain #group group}: one {@linkplain #part part} per handle, each with its own capture thread as its one
 * writer, and every getter of the group sums its parts (the newest packet time is their latest).
 */
public final class CaptureStats {

    private static final VarHandle PACKETS;
    private static final VarHandle BYTES;
    private static final VarHandle LAST_TIMESTAMP;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PACKETS = lookup.findVarHandle(CaptureStats.class, "packets", long.class);
            BYTES = lookup.findVarHandle(CaptureStats.class, "bytes", long.class);
            LAST_TIMESTAMP = lookup.findVarHandle(CaptureStats.class, "lastPacketTimestampNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String source;
    private long packets;
    private long bytes;
    private long lastPacketTimestampNanos;
    private final AtomicLongArray anomalies = new AtomicLongArray(CaptureAnomaly.values().length);
    private final AtomicLong kernelDrops = new AtomicLong();
    private final AtomicLong interfaceDrops = new AtomicLong();
    // Drops of handles closed before the current one: pcap_stats counts from the opening of a handle, so a reopened
    // interface would otherwise count from zero again and the counters would go backwards.
    private long kernelDropsBefore;
    private long interfaceDropsBefore;
    /** The counters of the handles of a fanout group; empty for a source read by one handle. */
    private final CaptureStats[] parts;

    public CaptureStats(String source) {
        this.source = source;
        this.parts = new CaptureStats[0];
    }

    private CaptureStats(String source, int members) {
        this.source = source;
        this.parts = new CaptureStats[members];
        for (int i = 0; i < members; i++) {
            parts[i] = new CaptureStats(source);
        }
    }

    /**
     * The counters of an interface read by {@code members} handles: the sums of one part per handle.
     *
     * @throws IllegalArgumentException for fewer than two members (one handle counts into plain stats)
     */
    public static CaptureStats group(String source, int members) {
        if (members < 2) {
            throw new IllegalArgumentException("a group has at least two members, not " + members);
        }
        return new CaptureStats(source, members);
    }

    /** How many handles count into these stats: 1, or the members of a group. */
    public int parts() {
        return Math.max(1, parts.length);
    }

    /** The counters of member {@code i} of a group; for plain stats, member 0 is the stats themselves. */
    public CaptureStats part(int i) {
        if (parts.length == 0 && i == 0) {
            return this;
        }
        return parts[i];
    }

    /** The source's name as used in the {@code source} metric label: an interface name or a file name. */
    public String source() {
        return source;
    }

    /** One packet read; called by the capture thread only. */
    public void packet(int wireLength, long timestampNanos) {
        PACKETS.setRelease(this, packets + 1);
        BYTES.setRelease(this, bytes + wireLength);
        LAST_TIMESTAMP.setRelease(this, timestampNanos);
    }

    /** One record with something odd; called by the capture thread only. */
    public void anomaly(CaptureAnomaly anomaly) {
        int i = anomaly.ordinal();
        anomalies.lazySet(i, anomalies.get(i) + 1);
    }

    /** Records libpcap's cumulative drop counters (pcap_stats: ps_drop and ps_ifdrop). */
    public synchronized void drops(long kernel, long iface) {
        kernelDrops.set(kernelDropsBefore + kernel);
        interfaceDrops.set(interfaceDropsBefore + iface);
    }

    /**
     * A new handle replaces the closed one (a live interface reopened): the drops counted so far stay, and the new
     * handle's counters, which start at zero, add to them.
     */
    public synchronized void newHandle() {
        kernelDropsBefore = kernelDrops.get();
        interfaceDropsBefore = interfaceDrops.get();
        for (CaptureStats part : parts) {
            part.newHandle();
        }
    }

    public long packets() {
        long sum = (long) PACKETS.getAcquire(this);
        for (CaptureStats part : parts) {
            sum += part.packets();
        }
        return sum;
    }

    public long bytes() {
        long sum = (long) BYTES.getAcquire(this);
        for (CaptureStats part : parts) {
            sum += part.bytes();
        }
        return sum;
    }

    public long anomalies(CaptureAnomaly anomaly) {
        long sum = anomalies.get(anomaly.ordinal());
        for (CaptureStats part : parts) {
            sum += part.anomalies(anomaly);
        }
        return sum;
    }

    public long kernelDrops() {
        long sum = kernelDrops.get();
        for (CaptureStats part : parts) {
            sum += part.kernelDrops();
        }
        return sum;
    }

    /**
     * The interface's own drops. A group reports the most any member saw, not the sum: libpcap reads them from the
     * interface's counters ({@code /sys/class/net/IF/statistics/rx_dropped}, pcap-linux.c), which every handle of
     * the group shares, so a sum would count each drop once per handle.
     */
    public long interfaceDrops() {
        long most = interfaceDrops.get();
        for (CaptureStats part : parts) {
            most = Math.max(most, part.interfaceDrops());
        }
        return most;
    }

    /** Capture time of the newest packet, nanoseconds since the epoch; 0 before the first packet. */
    public long lastPacketTimestampNanos() {
        long latest = (long) LAST_TIMESTAMP.getAcquire(this);
        for (CaptureStats part : parts) {
            latest = Math.max(latest, part.lastPacketTimestampNanos());
        }
        return latest;
    }
}
