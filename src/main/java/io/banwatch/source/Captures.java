package io.banwatch.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/** Opens capture files and live interfaces through pcap4j, with errors a user can act on. */
public final class Captures {

    private Captures() {}

    /**
     * Opens a pcap or pcapng file with nanosecond timestamps (libpcap scales microsecond files).
     *
     * @throws CaptureException when the file is missing, unreadable or not a capture
     */
    public static PcapCapture openFile(Path file) throws CaptureException {
        return openFile(file, new CaptureStats(file.getFileName().toString()));
    }

    /**
     * As {@link #openFile(Path)}, counting into {@code stats} (made before the file is opened, for the metrics), whose
     * source is the capture's name.
     */
    public static PcapCapture openFile(Path file, CaptureStats stats) throws CaptureException {
        checkReadable(file);
        Libpcap.require();
        Path readable = file;
        Runnable cleanup = () -> {};
        if (CaptureFileKind.of(file) == CaptureFileKind.GZIP) {
            readable = GzipCaptures.decompress(file);
            Path temporary = readable;
            cleanup = () -> GzipCaptures.delete(temporary);
        }
        CaptureFileKind kind = CaptureFileKind.of(readable);
        if (sizeOf(readable) == 0) {
            cleanup.run();
            throw CaptureException.usage("not a capture file but an empty file (0 bytes): " + file);
        }
        if (kind == CaptureFileKind.UNKNOWN) {
            cleanup.run();
            throw CaptureException.usage("not a pcap or pcapng capture file (unknown magic number 0x"
                    + CaptureFileKind.magicHex(readable) + "): " + file);
        }
        try {
            PcapHandle handle = Pcaps.openOffline(readable.toString(), PcapHandle.TimestampPrecision.NANO);
            PcapCapture capture = new PcapCapture(handle, stats.source(), false, sizeOf(readable), cleanup, stats);
            if (Files.isRegularFile(readable)) {
                capture.bufferFileReads();
            }
            return capture;
        } catch (PcapNativeException e) {
            cleanup.run();
            // The magic number was a capture's, so libpcap refused the header that follows it: the file is damaged.
            throw CaptureException.usage("not a readable capture file: " + file + " (" + kind.label()
                    + " header is damaged: " + PcapCapture.oneLine(e.getMessage()) + ")");
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            cleanup.run();
            throw Libpcap.missing();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** @throws CaptureException naming the package to install when libpcap cannot be loaded */
    public static void requireLibpcap() throws CaptureException {
        Libpcap.require();
    }

    /**
     * Starts loading libpcap on a thread of its own, so that it overlaps the command's start (its options, its
     * configuration): loading JNA, which runs {@code ldconfig -p} to find libraries, and then libpcap took about 50 ms
     * of a replay's start. {@link #requireLibpcap()} then finds it loaded, or waits for it and says what is missing.
     */
    public static void loadLibpcapInBackground() {
        Thread.ofPlatform().name("banwatch-libpcap").daemon().start(() -> {
            try {
                Libpcap.require();
            } catch (CaptureException | RuntimeException | LinkageError e) {
                // requireLibpcap() tries again on the command's thread and reports it there.
            }
        });
    }

    /** True for a gzip-compressed capture, which {@link #openFile} decompresses into a temporary file first. */
    public static boolean isCompressed(Path file) throws CaptureException {
        return Files.isRegularFile(file) && CaptureFileKind.of(file) == CaptureFileKind.GZIP;
    }

    /**
     * Checks that a file can be read as a capture without opening it in libpcap, so a command can refuse a wrong
     * argument before it touches anything else.
     */
    public static void check(Path file) throws CaptureException {
        checkReadable(file);
        if (sizeOf(file) == 0) {
            throw CaptureException.usage("not a capture file but an empty file (0 bytes): " + file);
        }
        if (CaptureFileKind.of(file) == CaptureFileKind.UNKNOWN) {
            throw CaptureException.usage("not a pcap or pcapng capture file (unknown magic number 0x"
                    + CaptureFileKind.magicHex(file) + "): " + file);
        }
    }

    /** A missing file, a folder, and a file or folder that may not be read are three different mistakes. */
    private static void checkReadable(Path file) throws CaptureException {
        try {
            if (Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class)
                    .isDirectory()) {
                throw CaptureException.usage("not a capture file but a directory: " + file);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw CaptureException.usage("capture file not found: " + file);
        } catch (java.nio.file.AccessDeniedException e) {
            throw CaptureException.usage("permission denied: cannot reach " + file + " (a folder on its path may not "
                    + "be searched by this user)");
        } catch (IOException e) {
            throw CaptureException.usage("cannot read " + file + ": " + e.getMessage());
        }
        if (!Files.isReadable(file)) {
            throw CaptureException.usage("permission denied: cannot read " + file);
        }
    }

    /** Opens a live interface with the given options. */
    public static PcapCapture openInterface(String name, LiveOptions options) throws CaptureException {
        return openInterface(name, options, new CaptureStats(name));
    }

    /**
     * Opens a live interface again after its capture failed, counting into the stats of the handle it replaces.
     *
     * @throws CaptureException as {@link #openInterface(String, LiveOptions)}: the interface is still gone, say
     */
    public static PcapCapture reopenInterface(String name, LiveOptions options, CaptureStats stats)
            throws CaptureException {
        stats.newHandle();
        return openInterface(name, options, stats);
    }

    /**
     * Opens a live interface with {@code fanout} handles in one Linux PACKET_FANOUT group (one plain handle for 1),
     * applying {@code setup} (the filter) to each.
     *
     * @throws CaptureException as {@link #openInterface(String, LiveOptions)}, or when the kernel refuses the group
     */
    public static CaptureGroup openGroup(String name, LiveOptions options, int fanout, CaptureGroup.Setup setup)
            throws CaptureException {
        return CaptureGroup.open(name, options, fanout, null, setup);
    }

    /**
     * Opens a live interface's group again after it failed, counting into the stats of the group it replaces.
     *
     * @throws CaptureException as {@link #openGroup}: the interface is still gone, say
     */
    public static CaptureGroup reopenGroup(
            String name, LiveOptions options, CaptureStats stats, CaptureGroup.Setup setup) throws CaptureException {
        stats.newHandle();
        return CaptureGroup.open(name, options, stats.parts(), stats, setup);
    }

    static PcapCapture openInterface(String name, LiveOptions options, CaptureStats stats) throws CaptureException {
        Libpcap.require();
        try {
            PcapNetworkInterface device = Pcaps.getDevByName(name);
            if (device == null) {
                throw CaptureException.usage(
                        "no such capture interface: " + name + " (list them with: banwatch interfaces)");
            }
            PcapHandle handle = new PcapHandle.Builder(name)
                    .snaplen(options.snaplen())
                    .promiscuousMode(
                            options.promiscuous()
                                    ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                                    : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(options.timeoutMillis())
                    .bufferSize(options.bufferBytes())
                    .immediateMode(options.immediate())
                    .timestampPrecision(PcapHandle.TimestampPrecision.NANO)
                    .build();
            return new PcapCapture(handle, name, true, -1, () -> {}, stats);
        } catch (PcapNativeException e) {
            String message = PcapCapture.oneLine(e.getMessage());
            if (message.contains("permission") || message.contains("Operation not permitted")) {
                message += " (capturing needs root or the CAP_NET_RAW and CAP_NET_ADMIN capabilities)";
            }
            throw new CaptureException("cannot capture on " + name + ": " + message, e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw Libpcap.missing();
        }
    }

    /** The interfaces libpcap can capture on. */
    public static List<InterfaceInfo> interfaces() throws CaptureException {
        Libpcap.require();
        try {
            List<InterfaceInfo> result = new ArrayList<>();
            for (PcapNetworkInterface device : Pcaps.findAllDevs()) {
                List<java.net.InetAddress> addresses = new ArrayList<>();
                device.getAddresses().forEach(a -> {
                    if (a.getAddress() != null) {
                        addresses.add(a.getAddress());
                    }
                });
                result.add(new InterfaceInfo(
                        device.getName(), device.getDescription(), device.isUp(), device.isLoopBack(), addresses));
            }
            return result;
        } catch (PcapNativeException e) {
            throw new CaptureException("cannot list interfaces: " + PcapCapture.oneLine(e.getMessage()), e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw Libpcap.missing();
        }
    }

    /** The libpcap version string, for {@code --version}. */
    public static String libpcapVersion() {
        try {
            return Pcaps.libVersion();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return "libpcap not found";
        }
    }

    /** What {@code banwatch interfaces} lists. */
    public record InterfaceInfo(
            String name, String description, boolean up, boolean loopback, List<java.net.InetAddress> addresses) {}
}
