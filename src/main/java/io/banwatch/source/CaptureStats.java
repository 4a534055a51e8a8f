package io.banwatch.source;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Plain counters of one packet source (an interface or a capture file), written by its capture thread and read by
 * the metrics layer.
 */
public final class CaptureStats {

    private final String source;
    private final LongAdder packets = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final AtomicLong kernelDrops = new AtomicLong();
    private final AtomicLong interfaceDrops = new AtomicLong();
    private volatile long lastPacketTimestampNanos;

    public CaptureStats(String source) {
        this.source = source;
    }

    /** The source's name as used in the {@code source} metric label: an interface name or a file name. */
    public String source() {
        return source;
    }

    public void packet(int wireLength, long timestampNanos) {
        packets.increment();
        bytes.add(wireLength);
        lastPacketTimestampNanos = timestampNanos;
    }

    /** Records libpcap's cumulative drop counters (pcap_stats: ps_drop and ps_ifdrop). */
    public void drops(long kernel, long iface) {
        kernelDrops.set(kernel);
        interfaceDrops.set(iface);
    }

    public long packets() {
        return packets.sum();
    }

    public long bytes() {
        return bytes.sum();
    }

    public long kernelDrops() {
        return kernelDrops.get();
    }

    public long interfaceDrops() {
        return interfaceDrops.get();
    }

    /** Capture time of the newest packet, nanoseconds since the epoch; 0 before the first packet. */
    public long lastPacketTimestampNanos() {
        return lastPacketTimestampNanos;
    }
}
