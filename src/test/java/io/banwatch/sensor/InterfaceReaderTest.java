package io.banwatch.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.source.CaptureBytes;
import io.banwatch.source.CaptureException;
import io.banwatch.source.CaptureGroup;
import io.banwatch.source.Captures;
import io.banwatch.source.InterfaceState;
import io.banwatch.source.PacketHandler;
import io.banwatch.source.PcapCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reopen loop on real libpcap handles: a capture file cut inside its last record fails the way a deleted interface
 * does (pcap_next_ex returns PCAP_ERROR), and stands in for the interface's first handle.
 */
class InterfaceReaderTest {

    @TempDir
    Path dir;

    private final CopyOnWriteArrayList<Integer> packets = new CopyOnWriteArrayList<>();
    private final PacketHandler handler = (linkType, data, length, wire, nanos) -> packets.add(wire);

    /** One whole 60-byte record, then a record header whose data is cut short: a read error after one packet. */
    private Path broken(String name) throws Exception {
        byte[] whole = CaptureBytes.pcap(65535)
                .record(1, 0, 60, 60)
                .record(2, 0, 60, 60)
                .toByteArray();
        return Files.write(dir.resolve(name), Arrays.copyOf(whole, whole.length - 10));
    }

    @Test
    void stopEndsTheReaderWhileItWaitsToReopen() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        InterfaceState state = new InterfaceState("eth1");
        InterfaceReader reader =
                new InterfaceReader(CaptureGroup.of(Captures.openFile(broken("a.pcap"))), state, () -> {
                    attempts.incrementAndGet();
                    throw new CaptureException("no such capture interface: eth1");
                });
        Thread thread = new Thread(() -> reader.run(handler));
        thread.start();
        awaitDown(state);

        reader.stop();
        thread.join(2_000);

        assertThat(thread.isAlive()).as("reader still running 2 s after stop()").isFalse();
        assertThat(attempts.get())
                .as("reopen attempts: the first comes after 1 s")
                .isZero();
        assertThat(state.reopens()).isZero();
        reader.close();
    }

    @Test
    void aReopenedHandleIsReadAndCounted() throws Exception {
        Path second = broken("b.pcap");
        InterfaceState state = new InterfaceState("eth1");
        PcapCapture first = Captures.openFile(broken("a.pcap"));
        AtomicInteger attempts = new AtomicInteger();
        InterfaceReader reader = new InterfaceReader(CaptureGroup.of(first), state, () -> {
            if (attempts.incrementAndGet() > 1) {
                throw new CaptureException("no such capture interface: eth1");
            }
            return CaptureGroup.of(Captures.openFile(second));
        });
        Thread thread = new Thread(() -> reader.run(handler));
        thread.start();

        // The second handle fails too (the same cut file), so the reader ends down again, having reopened once.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((state.reopens() < 1 || state.up()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        reader.stop();
        thread.join(2_000);

        assertThat(thread.isAlive()).isFalse();
        assertThat(state.reopens()).isEqualTo(1);
        assertThat(state.up()).isFalse();
        assertThat(packets).as("one packet from each handle").containsExactly(60, 60);
        reader.close();
    }

    private static void awaitDown(InterfaceState state) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (state.up() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(state.up()).as("down after the read error").isFalse();
    }
}
