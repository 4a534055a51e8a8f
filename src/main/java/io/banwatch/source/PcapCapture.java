package io.banwatch.source;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapStat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open libpcap handle (a capture file or a live interface), read with {@code pcap_next_ex} into one reused
 * buffer: nothing is allocated per packet. pcap4j opens the handle, compiles the filter and reads the statistics.
 */
public final class PcapCapture implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PcapCapture.class);

    /**
     * The most bytes of one record handed on: libpcap's MAXIMUM_SNAPLEN ({@code pcap-int.h}), the most it captures
     * on an interface or accepts in a file for every link type banwatch decodes. Anything longer is counted as
     * {@link CaptureAnomaly#RECORD_OVER_LONG} and cut.
     */
    public static final int MAX_RECORD_BYTES = 262_144;

    /**
     * All-zero record headers in a row after which a file is taken to hold only zeros from there on (a sparse or
     * preallocated file, a disk image's hole): 65,536 of them are 1 MiB of zeros, far more than any capture writes
     * (no tool writes a record of time 0 and length 0), and reading a terabyte hole record by record would take hours.
     */
    static final int MAX_ZERO_RECORDS_IN_A_ROW = 65_536;

    // struct pcap_pkthdr { struct timeval ts; bpf_u_int32 caplen; bpf_u_int32 len; } (pcap/pcap.h). timeval is two
    // C longs on Linux and Windows; on macOS tv_usec is a 32-bit int padded to a long's size.
    private static final int LONG = Native.LONG_SIZE;
    private static final int CAPLEN_OFFSET = 2 * LONG;
    private static final int LEN_OFFSET = CAPLEN_OFFSET + 4;
    private static final boolean WIDE_USEC = LONG == 8 && !Platform.isMac();

    private final PcapHandle handle;
    private final Pointer pcap;
    private final String name;
    private final boolean live;
    private final long fileBytes;
    private final int linkType;
    private final CaptureStats stats;
    private final RecordTimestamps timestamps;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    // Held while the handle is freed, and while another thread breaks a read loop on it.
    private final Object handleLock = new Object();
    // Held while reading, so that close() never frees the pcap_t under a pcap_next_ex of another thread.
    private final ReentrantLock reading = new ReentrantLock();
    private final Runnable onClose;

    private final Memory headerSlot = new Memory(Native.POINTER_SIZE);
    private final Memory dataSlot = new Memory(Native.POINTER_SIZE);
    private final Pointer header = new Pointer(0);
    private final Pointer packet = new Pointer(0);
    private final byte[] buffer = new byte[MAX_RECORD_BYTES];
    private int zeroRecordsInARow;
    /**
     * Packets stamped before this (nanoseconds since 1970) are skipped: a handle that joined a fanout group after it
     * was opened received every packet of the interface until it joined, and those went to the group as well.
     * Long.MIN_VALUE (skip none) unless {@link #discardBefore} was called before reading.
     */
    private long discardBeforeNanos = Long.MIN_VALUE;

    private long discarded;

    /**
     * stdio's buffer for a capture file. libpcap reads a file record by record through fread, and glibc's buffer is
     * the file's block size, 4 KiB: a read system call every 4 KiB, about half a second of system time per GB of
     * capture, as much as banwatch spends inspecting it. 1 MiB makes those calls 256 times rarer and still fits in
     * the CPU's cache.
     */
    static final int FILE_READ_BUFFER_BYTES = 1 << 20;

    /** The stdio buffer given to the file's stream, freed once the handle is closed; null when none was given. */
    private Memory fileReadBuffer;

    PcapCapture(PcapHandle handle, String name, boolean live) {
        this(handle, name, live, -1, () -> {});
    }

    /**
     * @param fileBytes the size of the file read (for how much of a damaged file was read), -1 for an interface
     * @param onClose run once after the handle is closed (deletes a decompressed temporary file)
     */
    PcapCapture(PcapHandle handle, String name, boolean live, long fileBytes, Runnable onClose) {
        this(handle, name, live, fileBytes, onClose, new CaptureStats(name));
    }

    /** @param stats the counters to add to: a reopened interface keeps counting where its closed handle stopped */
    PcapCapture(PcapHandle handle, String name, boolean live, long fileBytes, Runnable onClose, CaptureStats stats) {
        this.onClose = onClose;
        this.handle = handle;
        this.pcap = PcapNative.pcapOf(handle);
        this.name = name;
        this.live = live;
        this.fileBytes = fileBytes;
        this.linkType = handle.getDlt().value();
        this.stats = stats;
        this.timestamps = new RecordTimestamps(stats);
    }

    /**
     * Gives the capture file's stream a {@link #FILE_READ_BUFFER_BYTES} buffer; call before {@link #run}, for a
     * regular file only (glibc gives a stream a new buffer after reads began by seeking back to where the reader is,
     * which a pipe cannot do). Where that is not possible the file is read with stdio's own buffer, more slowly.
     */
    void bufferFileReads() {
        if (live || !Platform.isLinux() || Native.SIZE_T_SIZE != Long.BYTES) {
            return;
        }
        try {
            Pointer file = PcapNative.pcap_file(pcap);
            Memory buffer = new Memory(FILE_READ_BUFFER_BYTES);
            if (file != null
                    && PcapNative.Stdio.setvbuf(file, buffer, PcapNative.Stdio.FULLY_BUFFERED, buffer.size()) == 0) {
                fileReadBuffer = buffer;
            } else {
                buffer.close();
            }
        } catch (UnsatisfiedLinkError e) {
            log.debug("setvbuf unavailable: {}", e.getMessage());
        }
    }

    /** Whether {@link #bufferFileReads} gave the file's stream banwatch's buffer. */
    boolean readsThroughOwnBuffer() {
        return fileReadBuffer != null;
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

    /** The descriptor of a live handle's socket (pcap_fileno), -1 for a capture file. */
    int fileno() {
        return PcapNative.pcap_fileno(pcap);
    }

    /** Skips the packets stamped before {@code nanos} (see {@link #discardBeforeNanos}); call before {@link #run}. */
    void discardBefore(long nanos) {
        discardBeforeNanos = nanos;
    }

    /** Packets skipped as received before the handle joined its fanout group. */
    long discarded() {
        return discarded;
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
     * thread. A handler's runtime exception is a bug: it is logged once and the packet skipped, so one bad packet
     * never ends a capture. An {@link Error} (out of memory and the like) ends the process: see {@link FatalErrors}.
     *
     * @throws CaptureException when libpcap reports a read error (a truncated or damaged capture file, an interface
     *     that went away); the message says how much was read
     */
    public void run(PacketHandler handler) throws CaptureException {
        reading.lock();
        try {
            if (closed.get()) {
                throw new CaptureException(name + ": capture handle closed before reading");
            }
            boolean reportedFailure = false;
            while (!stopping.get()) {
                int status = PcapNative.pcap_next_ex(pcap, headerSlot, dataSlot);
                if (status == PcapNative.NEXT_OK) {
                    if (zeroRecordsInARow >= MAX_ZERO_RECORDS_IN_A_ROW) {
                        throw new CaptureException(name + ": only zeros follow (" + MAX_ZERO_RECORDS_IN_A_ROW
                                + " records of time 0 and length 0 in a row: a sparse or preallocated file?)"
                                + readSoFar());
                    }
                    try {
                        deliver(handler);
                    } catch (RuntimeException e) {
                        if (!reportedFailure) {
                            reportedFailure = true;
                            log.error(
                                    "internal error while inspecting a packet from {}; such packets are skipped",
                                    name,
                                    e);
                        }
                    } catch (Error e) {
                        // A broken JVM must not go on reading: the service manager restarts a process that ends.
                        FatalErrors.halt("the capture of " + name, e);
                    }
                } else if (status == PcapNative.NEXT_END) {
                    return; // end of file, or pcap_breakloop
                } else if (status != PcapNative.NEXT_TIMEOUT) {
                    if (stopping.get()) {
                        return;
                    }
                    throw new CaptureException(name + ": " + oneLine(PcapNative.pcap_geterr(pcap)) + readSoFar());
                }
            }
        } finally {
            reading.unlock();
            updateDrops();
        }
    }

    /** Hands the record pcap_next_ex just read to the handler, from the reused buffer. */
    private void deliver(PacketHandler handler) {
        Pointer.nativeValue(header, address(headerSlot));
        long seconds = LONG == 8 ? header.getLong(0) : header.getInt(0);
        long fraction = WIDE_USEC ? header.getLong(LONG) : header.getInt(LONG);
        long nanos = timestamps.toNanos(seconds, fraction);
        if (nanos < discardBeforeNanos) {
            discarded++; // a copy of a packet the fanout group also received
            return;
        }
        long captured = header.getInt(CAPLEN_OFFSET) & 0xFFFF_FFFFL;
        long wire = header.getInt(LEN_OFFSET) & 0xFFFF_FFFFL;
        zeroRecordsInARow = (seconds | fraction | captured | wire) == 0 ? zeroRecordsInARow + 1 : 0;
        if (captured == 0) {
            stats.anomaly(CaptureAnomaly.EMPTY_RECORD);
        } else if (captured > wire) {
            stats.anomaly(CaptureAnomaly.CAPLEN_BEYOND_WIRE_LENGTH);
            wire = captured;
        }
        int length = (int) captured;
        if (captured > buffer.length) {
            stats.anomaly(CaptureAnomaly.RECORD_OVER_LONG);
            length = buffer.length;
        }
        if (length > 0) {
            Pointer.nativeValue(packet, address(dataSlot));
            packet.read(0, buffer, 0, length);
        }
        int wireLength = (int) Math.min(wire, Integer.MAX_VALUE);
        stats.packet(wireLength, nanos);
        handler.onPacket(linkType, buffer, length, wireLength, nanos);
    }

    private static long address(Memory slot) {
        return Native.POINTER_SIZE == 8 ? slot.getLong(0) : slot.getInt(0) & 0xFFFF_FFFFL;
    }

    /** " at byte N of M" for a file, from the stdio position libpcap left; the report says how many packets. */
    private String readSoFar() {
        if (live) {
            return "";
        }
        long position = -1;
        try {
            Pointer file = PcapNative.pcap_file(pcap);
            if (file != null) {
                position = PcapNative.Stdio.ftell(file);
            }
        } catch (UnsatisfiedLinkError e) {
            log.debug("ftell unavailable: {}", e.getMessage());
        }
        return position < 0 ? "" : " at byte " + position + (fileBytes >= 0 ? " of " + fileBytes : "");
    }

    /** Copies libpcap's drop counters (live captures only) into the stats. */
    public void updateDrops() {
        if (!live || closed.get() || !handle.isOpen()) {
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
            synchronized (handleLock) { // a stop from another thread never reaches a handle that close() freed
                if (!closed.get()) {
                    PcapNative.pcap_breakloop(pcap); // wakes a pcap_next_ex blocked on a live interface (libpcap 1.10)
                }
            }
        }
    }

    /** Stops reading, waits for {@link #run} to return, then closes the handle. */
    @Override
    public void close() {
        stop();
        reading.lock();
        try {
            synchronized (handleLock) {
                if (!closed.compareAndSet(false, true)) {
                    return; // pcap4j logs "Already closed" for a second close
                }
                handle.close();
            }
            if (fileReadBuffer != null) {
                fileReadBuffer.close(); // after pcap_close: fclose leaves a buffer it was given alone
            }
        } finally {
            reading.unlock();
        }
        onClose.run();
    }

    static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown libpcap error";
        }
        return message.replace('\n', ' ').strip();
    }
}
