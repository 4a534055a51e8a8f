package io.banwatch.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A start-up step run ahead on a thread of its own, joined where its result is needed. */
class StartedAheadTest {

    @Test
    void aStepRunsOnItsOwnThreadAndJoinHandsOverItsResult() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        CountDownLatch begun = new CountDownLatch(1);
        StartedAhead<String> ahead = StartedAhead.start("ahead-test", () -> {
            thread.set(Thread.currentThread().getName());
            begun.countDown();
            return "done";
        });
        assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ahead.join()).isEqualTo("done");
        assertThat(thread).hasValue("ahead-test");
    }

    @Test
    void aStepNoThreadHasBegunRunsOnceInTheJoiningThread() {
        AtomicInteger runs = new AtomicInteger();
        StartedAhead<Integer> ahead = StartedAhead.of(runs::incrementAndGet);
        assertThat(ahead.join()).isEqualTo(1);
        ahead.run();
        assertThat(ahead.join()).isEqualTo(1);
        assertThat(runs).hasValue(1);
    }

    @Test
    void whatTheStepThrewIsThrownByJoin() {
        IllegalArgumentException failure = new IllegalArgumentException("store.path: no such folder");
        assertThatThrownBy(StartedAhead.of(() -> {
                    throw failure;
                })::join)
                .isSameAs(failure);
        assertThatThrownBy(StartedAhead.of(() -> {
                    throw new IOException("disk gone");
                })::join)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("disk gone")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void anInterruptWhileWaitingIsKeptAndTheResultStillHandedOver() throws Exception {
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StartedAhead<String> ahead = StartedAhead.start("ahead-test-slow", () -> {
            begun.countDown();
            release.await();
            return "open";
        });
        assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicReference<String> result = new AtomicReference<>();
        AtomicReference<Boolean> interruptKept = new AtomicReference<>();
        Thread joiner = Thread.ofPlatform().start(() -> {
            result.set(ahead.join());
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        joiner.interrupt();
        Thread.sleep(50);
        release.countDown();
        joiner.join(10_000);
        assertThat(result).hasValue("open");
        assertThat(interruptKept).hasValue(true);
    }
}
