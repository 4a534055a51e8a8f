package io.banwatch.source;

import java.util.concurrent.atomic.AtomicBoolean;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.RawPacketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open libpcap handle (a capture file or a live interface) read with {@code pcap_loop} and a
 * {@link RawPacketListener}: the fastest pcap4j path, which hands over the bytes without building pcap4j packet
 * objects.
 */
public final class PcapCapture implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PcapCapture.class);

    private final PcapHandle handle;
    private final String name;
    private final boolean live;
    private final int linkType;
    private final CaptureStats stats;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;

    PcapCapture(PcapHandle handle, String name, boolean live) {
        this(handle, name, live, () -> {});
    }

    /** @param onClose run once after the handle is closed (deletes a decompressed temporary file) */
    PcapCapture(PcapHandle handle, String name, boolean live, Runnable onClose) {
        this.onClose = onClose;
        this.handle = handle;
        this.name = name;
        this.live = live;
        this.linkType = handle.getDlt().value();
        this.stats = new CaptureStats(name);
    }

    /** The interface name, or the capture file's name. */
    public String name() {
        return name;
    }

    public int linkType() {
        return linkType;
    }

    public CaptureStats stats() {
        return stats;
    }

    /**
     * Installs a BPF filter; an empty expression installs none.
     *
     * @throws CaptureException when libpcap cannot compile the expression
     */
    public void setFilter(String expression) throws CaptureException {
        if (expression == null || expression.isBlank()) {
            return;
        }
        try {
            handle.setFilter(expression, BpfProgram.BpfCompileMode.OPTIMIZE);
        } catch (PcapNativeException | NotOpenException e) {
            throw CaptureException.usage("BPF filter rejected by libpcap for " + name + ": " + oneLine(e.getMessage())
                    + " (filter: " + expression + "); fix the expression (see pcap-filter(7)) or use auto or none");
        }
    }

    /**
     * Installs the default filter of {@link CaptureFilter} for this link type. libpcap cannot filter some link types
     * (NFLOG, for one); those are read unfiltered, which costs speed but loses nothing.
     *
     * @return the filter installed, or an empty string when none could be
     */
    public String setDefaultFilter(java.util.List<Integer> serverPorts) {
        String filter = CaptureFilter.forServerPorts(linkType, serverPorts);
        try {
            setFilter(filter);
            return filter;
        } catch (CaptureException e) {
            log.info("{}: libpcap cannot filter this link type; reading every packet", name);
            return "";
        }
    }

    /**
     * Reads packets until the file ends or {@link #stop()} is called, handing each to {@code handler} on the calling
     * thread. A handler exception is a bug: it is logged once per class and the packet skipped, so one bad packet
     * never ends a capture. An {@link Error} (out of memory and the like) ends the process: see {@link FatalErrors}.
     *
     * @throws CaptureException when libpcap reports a read error, for example a truncated capture file
     */
    public void run(PacketHandler handler) throws CaptureException {
        RawPacketListener listener = new Listener(handler);
        try {
            handle.loop(-1, listener);
        } catch (InterruptedException e) {
            // pcap_breakloop() makes pcap_loop return -2, which pcap4j reports as an interruption.
            if (!stopping.get()) {
                Thread.currentThread().interrupt();
            }
        } catch (PcapNativeException e) {
            throw new CaptureException(name + ": " + oneLine(e.getMessage()), e);
        } catch (NotOpenException e) {
            if (!stopping.get()) {
                throw new CaptureException(name + ": capture handle closed while reading", e);
            }
        } finally {
            updateDrops();
        }
    }

    /** Copies libpcap's drop counters (live captures only) into the stats. */
    public void updateDrops() {
        if (!live || !handle.isOpen()) {
            return;
        }
        try {
            PcapStat stat = handle.getStats();
            stats.drops(stat.getNumPacketsDropped(), stat.getNumPacketsDroppedByIf());
        } catch (PcapNativeException | NotOpenException | UnsupportedOperationException e) {
            log.debug("pcap_stats failed on {}: {}", name, e.getMessage());
        }
    }

    /** Makes {@link #run} return soon; safe to call from any thread. */
    public void stop() {
        if (stopping.compareAndSet(false, true)) {
            try {
                handle.breakLoop();
            } catch (NotOpenException e) {
                // already closed: nothing to stop
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // pcap4j logs "Already closed" for a second close
        }
        stop();
        handle.close();
        onClose.run();
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unknown libpcap error";
        }
        return message.replace('\n', ' ').strip();
    }

    private final class Listener implements RawPacketListener {

        private final PacketHandler handler;
        private boolean reportedFailure;

        Listener(PacketHandler handler) {
            this.handler = handler;
        }

        @Override
        public void gotPacket(byte[] packet) {
            java.sql.Timestamp ts = handle.getTimestamp();
            long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
            Integer original = handle.getOriginalLength();
            int wireLength = original == null ? packet.length : original;
            stats.packet(wireLength, nanos);
            try {
                handler.onPacket(linkType, packet, packet.length, wireLength, nanos);
            } catch (RuntimeException e) {
                if (!reportedFailure) {
                    reportedFailure = true;
                    log.error("internal error while inspecting a packet from {}; such packets are skipped", name, e);
                }
            } catch (Error e) {
                // Not left to JNA, which would swallow it and keep calling back into a broken JVM.
                FatalErrors.halt("the capture of " + name, e);
            }
        }
    }
}
