package io.banwatch.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Platform;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Threads that give way to the capture: their nice value, read back from the kernel's own view (proc(5)). */
class GivingWayTest {

    private int ownNice;

    @BeforeEach
    void onLinuxWithRoomBelow() {
        assumeTrue(Platform.isLinux() && ThreadNices.readable(), "Linux with /proc");
        ownNice = niceOfThisThread();
        assumeTrue(ownNice + GivingWay.NICE_OFFSET <= 19, "the test runs at a nice value that leaves room below it");
    }

    @Test
    void theCallingThreadAloneRunsTenNiceValuesLower() throws Exception {
        AtomicInteger lowered = new AtomicInteger(Integer.MIN_VALUE);
        Thread thread = new Thread(() -> {
            if (GivingWay.lowerThisThread()) {
                lowered.set(niceOfThisThread());
            }
        });
        thread.start();
        thread.join();
        assertThat(lowered.get()).isEqualTo(ownNice + GivingWay.NICE_OFFSET);
        assertThat(niceOfThisThread()).isEqualTo(ownNice); // the nice value is per thread on Linux
    }

    @Test
    void aThreadAtTheLowestPriorityStaysThere() throws Exception {
        AtomicInteger after = new AtomicInteger(Integer.MIN_VALUE);
        Thread thread = new Thread(() -> {
            GivingWay.lowerThisThread();
            GivingWay.lowerThisThread();
            after.set(niceOfThisThread());
        });
        thread.start();
        thread.join();
        assertThat(after.get()).isEqualTo(Math.min(19, ownNice + 2 * GivingWay.NICE_OFFSET));
    }

    @Test
    void theFactorysThreadsRunLowerAndAreDaemons() throws Exception {
        AtomicInteger nice = new AtomicInteger(Integer.MIN_VALUE);
        Thread thread = new GivingWayThreads("giving-way-test").newThread(() -> nice.set(niceOfThisThread()));
        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.getName()).startsWith("giving-way-test");
        thread.start();
        thread.join();
        assertThat(nice.get()).isEqualTo(ownNice + GivingWay.NICE_OFFSET);
    }

    private static int niceOfThisThread() {
        return ThreadNices.ofThisThread();
    }
}
