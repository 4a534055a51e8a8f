package io.banwatch.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading packets allocates nothing per packet: what a file costs is its reader's buffer, however many packets it
 * holds. Counted with the JVM's per-thread allocation counter, not timed (the figure is in the README, from
 * {@code bench/alloc.sh}).
 */
class PcapCaptureAllocationTest {

    private static final int PACKETS = 50_000;

    @Test
    void aFileOfManyPacketsCostsNoMoreThanItsBuffer(@TempDir Path dir) throws Exception {
        CaptureBytes bytes = CaptureBytes.pcap(65535);
        for (int i = 0; i < PACKETS; i++) {
            bytes.record(1_700_000_000L + i, i % 1_000_000, 60 + i % 1400, 60 + i % 1400);
        }
        Path file = Files.write(dir.resolve("many.pcap"), bytes.toByteArray());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long[] seen = new long[1];
        read(file, seen); // loads and initialises the classes involved
        long before = threads.getThreadAllocatedBytes(thread);

        read(file, seen);

        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(seen[0]).isEqualTo(2L * PACKETS);
        // The reader's buffer and a few objects per file; one byte per packet would already be 50 KB more.
        assertThat(allocated).isLessThan(PcapCapture.MAX_RECORD_BYTES + 32 * 1024);
    }

    private static void read(Path file, long[] seen) throws CaptureException {
        try (PcapCapture capture = Captures.openFile(file)) {
            capture.run((linkType, data, length, wire, ts) -> seen[0]++);
        }
    }
}
