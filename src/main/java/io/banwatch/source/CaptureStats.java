package io.banwatch.source;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Plain counters of one packet source (an interface or a capture file). Packet, byte and anomaly counters have one
 * writer, the source's capture thread, which publishes them with release stores and no read-modify-write (no locked
 * instruction per packet); the metrics layer reads them from any thread.
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

    public CaptureStats(String source) {
        this.source = source;
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
    }

    public long packets() {
        return (long) PACKETS.getAcquire(this);
    }

    public long bytes() {
        return (long) BYTES.getAcquire(this);
    }

    public long anomalies(CaptureAnomaly anomaly) {
        return anomalies.get(anomaly.ordinal());
    }

    public long kernelDrops() {
        return kernelDrops.get();
    }

    public long interfaceDrops() {
        return interfaceDrops.get();
    }

    /** Capture time of the newest packet, nanoseconds since the epoch; 0 before the first packet. */
    public long lastPacketTimestampNanos() {
        return (long) LAST_TIMESTAMP.getAcquire(this);
    }
}
