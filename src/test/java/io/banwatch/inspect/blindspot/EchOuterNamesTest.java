package io.banwatch.inspect.blindspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.inspect.blindspot.EchOuterNames.NameCount;
import org.junit.jupiter.api.Test;

class EchOuterNamesTest {

    @Test
    void countsPerNameMostFrequentFirstThenByName() {
        EchOuterNames table = new EchOuterNames(8);
        table.record("public.example");
        table.record("cloudflare-ech.com");
        table.record("cloudflare-ech.com");
        table.record("b.example");
        table.record("a.example");

        assertThat(table.snapshot())
                .containsExactly(
                        new NameCount("cloudflare-ech.com", 2),
                        new NameCount("a.example", 1),
                        new NameCount("b.example", 1),
                        new NameCount("public.example", 1));
        assertThat(table.overflow()).isZero();
    }

    @Test
    void aNewNameReplacesTheLeastCountedAndInheritsItsCount() {
        EchOuterNames table = new EchOuterNames(2);

        assertThat(table.record("one.example")).isTrue();
        assertThat(table.record("one.example")).isTrue();
        assertThat(table.record("two.example")).isTrue();
        assertThat(table.record("three.example")).isFalse();

        assertThat(table.snapshot())
                .containsExactly(new NameCount("one.example", 2), new NameCount("three.example", 2));
        assertThat(table.overflow()).isEqualTo(1);
    }

    @Test
    void aFrequentPublicNameStaysWhileGreaseNamesChurn() {
        EchOuterNames table = new EchOuterNames(8);
        for (int i = 0; i < 10_000; i++) {
            table.record(i % 4 == 0 ? "cloudflare-ech.com" : "site" + i + ".example");
        }

        assertThat(table.snapshot().get(0).name()).isEqualTo("cloudflare-ech.com");
        assertThat(table.snapshot().get(0).count()).isGreaterThanOrEqualTo(2_500);
        assertThat(table.snapshot()).hasSize(8);
    }

    @Test
    void concurrentRecordsKeepTheTableBoundedAndCountEveryHello() throws InterruptedException {
        EchOuterNames table = new EchOuterNames(16);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    table.record("n" + (i % 64) + ".example");
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        long counted = table.snapshot().stream().mapToLong(NameCount::count).sum();
        assertThat(table.snapshot()).hasSize(16);
        assertThat(counted).isEqualTo(4000);
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new EchOuterNames(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
