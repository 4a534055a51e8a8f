package io.banwatch.source;

import java.io.IOException;
import java.io.InputStream;
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
        if (!Files.exists(file)) {
            throw CaptureException.usage("capture file not found: " + file);
        }
        if (Files.isDirectory(file)) {
            throw CaptureException.usage("not a capture file but a directory: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new CaptureException("capture file not readable (permissions): " + file);
        }
        checkMagic(file);
        try {
            PcapHandle handle = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO);
            return new PcapCapture(handle, file.getFileName().toString(), false);
        } catch (PcapNativeException e) {
            throw new CaptureException("cannot read " + file + ": " + PcapCapture.oneLine(e.getMessage()));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw libpcapMissing(e);
        }
    }

    /** Opens a live interface with the given options. */
    public static PcapCapture openInterface(String name, LiveOptions options) throws CaptureException {
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
            return new PcapCapture(handle, name, true);
        } catch (PcapNativeException e) {
            String message = PcapCapture.oneLine(e.getMessage());
            if (message.contains("permission") || message.contains("Operation not permitted")) {
                message += " (capturing needs root or the CAP_NET_RAW and CAP_NET_ADMIN capabilities)";
            }
            throw new CaptureException("cannot capture on " + name + ": " + message, e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw libpcapMissing(e);
        }
    }

    /** The interfaces libpcap can capture on. */
    public static List<InterfaceInfo> interfaces() throws CaptureException {
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
            throw libpcapMissing(e);
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

    /** Catches files that are not captures before libpcap answers with a less helpful message. */
    private static void checkMagic(Path file) throws CaptureException {
        byte[] magic = new byte[4];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(magic, 0, 4);
        } catch (IOException e) {
            throw new CaptureException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (read < 4) {
            throw CaptureException.usage("not a capture file (only " + read + " bytes): " + file);
        }
        int value =
                ((magic[0] & 0xff) << 24) | ((magic[1] & 0xff) << 16) | ((magic[2] & 0xff) << 8) | (magic[3] & 0xff);
        boolean known = switch (value) {
            // pcap microsecond and nanosecond magic, both byte orders; pcapng Section Header Block type.
            case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a -> true;
            default -> false;
        };
        if (!known) {
            throw CaptureException.usage("not a pcap or pcapng capture file (unknown magic number 0x"
                    + String.format("%08x", value) + "): " + file);
        }
    }

    private static CaptureException libpcapMissing(Throwable e) {
        return new CaptureException("libpcap is not installed or cannot be loaded (" + e.getMessage()
                + "); install it, for example: apt-get install libpcap0.8");
    }

    /** What {@code banwatch interfaces} lists. */
    public record InterfaceInfo(
            String name, String description, boolean up, boolean loopback, List<java.net.InetAddress> addresses) {}
}
