package io.banwatch.source;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import org.pcap4j.core.PcapHandle;

/**
 * JNA direct mapping of the few libpcap calls on the per-packet path. pcap4j 1.8.2 reads packets through {@code
 * pcap_loop} and a JNA callback that copies every packet into a fresh array and builds a {@code Timestamp}, a boxed
 * length and a task per packet (about 520 bytes); {@code pcap_next_ex} called through a direct mapping with
 * pre-allocated arguments allocates nothing (https://www.tcpdump.org/manpages/pcap_next_ex.3pcap.html). pcap4j still
 * opens handles, compiles filters and reads statistics.
 */
final class PcapNative {

    /** pcap_next_ex: a packet was read. */
    static final int NEXT_OK = 1;
    /** pcap_next_ex: a live capture's read timeout expired without a packet. */
    static final int NEXT_TIMEOUT = 0;
    /** pcap_next_ex: an error; pcap_geterr says which. */
    static final int NEXT_ERROR = -1;
    /** pcap_next_ex: the file ended, or pcap_breakloop was called. */
    static final int NEXT_END = -2;

    static {
        // The same library pcap4j loads (org.pcap4j.core.NativeMappings), so both work on one pcap_t.
        String name = System.getProperty(
                "org.pcap4j.core.NativeMappings.pcapLibName", Platform.isWindows() ? "wpcap" : "pcap");
        Native.register(NativeLibrary.getInstance(name));
    }

    private PcapNative() {}

    /**
     * Reads the next packet. {@code headerOut} and {@code dataOut} are pointer-sized native slots that receive the
     * addresses of libpcap's {@code struct pcap_pkthdr} and of the packet bytes, both valid until the next call.
     */
    static native int pcap_next_ex(Pointer pcap, Pointer headerOut, Pointer dataOut);

    /** The text of the last error on {@code pcap}. */
    static native String pcap_geterr(Pointer pcap);

    /** The snapshot length of the handle (a file's header value, or the live handle's snaplen). */
    static native int pcap_snapshot(Pointer pcap);

    /** pcap_file: the stdio stream of a capture file (NULL for a live capture); used for the read position. */
    static native Pointer pcap_file(Pointer pcap);

    /** pcap_fileno: the descriptor of a live handle's socket (a PF_PACKET socket on Linux), -1 for a file. */
    static native int pcap_fileno(Pointer pcap);

    /** pcap_breakloop: makes a blocked or later pcap_next_ex return {@link #NEXT_END}; safe from any thread. */
    static native void pcap_breakloop(Pointer pcap);

    /** The pcap_t of an open pcap4j handle, which pcap4j keeps in a private field. */
    static Pointer pcapOf(PcapHandle handle) {
        try {
            Field field = PcapHandle.class.getDeclaredField("handle");
            field.setAccessible(true);
            return (Pointer) field.get(handle);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "pcap4j " + PcapHandle.class.getPackage().getImplementationVersion()
                            + " keeps no pcap_t in PcapHandle.handle; banwatch needs pcap4j 1.8.2",
                    e);
        }
    }

    /** The C library's ftell, for how far a damaged file was read. */
    static final class Stdio {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        private Stdio() {}

        static native long ftell(Pointer stream);

        /** setvbuf's mode for full buffering (0 in glibc, musl and the BSDs' stdio.h). */
        static final int FULLY_BUFFERED = 0;

        /**
         * Gives {@code stream} the buffer {@code buffer} of {@code size} bytes. The C standard allows it only before
         * the first read; glibc also allows it later and first moves the descriptor back to the logical position
         * (libio/genops.c, _IO_default_setbuf), which works on seekable files only.
         */
        static native int setvbuf(Pointer stream, Pointer buffer, int mode, long size);
    }
}
