package io.banwatch.bench;

import io.banwatch.source.Captures;
import io.banwatch.source.PcapCapture;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.core.RawPacketListener;

/**
 * Bytes allocated per packet by the capture source, measured with the JVM's per-thread allocation counter over a
 * generated capture of 1,000,000 records (60 to 1,514 bytes), after a warm-up pass: banwatch's {@code
 * pcap_next_ex} reader against pcap4j 1.8.2's {@code loop()} with a raw listener, the path it replaces. Not a test:
 * run with {@code bench/alloc.sh}.
 */
public final class CaptureAllocationBench {

    private static final int PACKETS = 1_000_000;

    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile("banwatch-alloc-", ".pcap");
        try {
            write(file);
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().getId();
            for (int pass = 0; pass < 3; pass++) {
                long[] count = new long[1];
                long before = threads.getThreadAllocatedBytes(tid);
                try (PcapCapture capture = Captures.openFile(file)) {
                    capture.run((linkType, data, length, wire, ts) -> count[0] += length);
                }
                long banwatch = threads.getThreadAllocatedBytes(tid) - before;

                before = threads.getThreadAllocatedBytes(tid);
                PcapHandle handle = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO);
                try {
                    RawPacketListener listener = packet -> {
                        java.sql.Timestamp ts = handle.getTimestamp();
                        Integer original = handle.getOriginalLength();
                        count[0] += packet.length + ts.getNanos() + (original == null ? 0 : 1);
                    };
                    handle.loop(-1, listener);
                } finally {
                    handle.close();
                }
                long pcap4j = threads.getThreadAllocatedBytes(tid) - before;
                System.out.printf(
                        "pass %d: pcap_next_ex reader %.1f B/packet (%,d B in all), pcap4j loop() %.1f B/packet%n",
                        pass + 1, (double) banwatch / PACKETS, banwatch, (double) pcap4j / PACKETS);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A microsecond pcap of Ethernet frames, lengths cycling from 60 to 1,514 bytes. */
    private static void write(Path file) throws Exception {
        try (OutputStream raw = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            out.writeInt(0xa1b2c3d4); // big-endian magic: libpcap reads either order
            out.writeShort(2);
            out.writeShort(4);
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(65535);
            out.writeInt(1);
            byte[] frame = new byte[1514];
            for (int i = 0; i < PACKETS; i++) {
                int length = 60 + (i * 97) % (1514 - 60);
                out.writeInt(1_700_000_000 + i / 1000);
                out.writeInt((i % 1000) * 1000);
                out.writeInt(length);
                out.writeInt(length);
                out.write(frame, 0, length);
            }
        }
    }
}
