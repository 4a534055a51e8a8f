package io.banwatch.alert.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsExactBodiesAcrossReopeningAndForgetsDeliveredOnes() throws Exception {
        Outbox outbox = new Outbox(dir, 10, registry);
        assertThat(outbox.put("aa-1", utf8("{\"a\":1}"))).isTrue();
        assertThat(outbox.put("bb-2", utf8("{\"b\":2}"))).isTrue();
        assertThat(outbox.put("aa-1", utf8("{\"a\":1}")))
                .as("the same delivery again")
                .isTrue();

        Outbox reopened = new Outbox(dir, 10, new SimpleMeterRegistry());
        assertThat(reopened.depth()).isEqualTo(2);
        assertThat(reopened.entries())
                .extracting(e -> e.key() + " " + new String(e.body(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("aa-1 {\"a\":1}", "bb-2 {\"b\":2}");

        reopened.delete("aa-1");
        reopened.delete("aa-1");
        assertThat(reopened.depth()).isEqualTo(1);
        assertThat(reopened.entries()).extracting(Outbox.Entry::key).containsExactly("bb-2");
    }

    @Test
    void aTemporaryFileLeftByACrashIsNotADelivery() throws Exception {
        Files.write(dir.resolve("cc-1.tmp"), utf8("{\"half"));

        Outbox outbox = new Outbox(dir, 10, registry);

        assertThat(outbox.depth()).isZero();
        assertThat(outbox.entries()).isEmpty();
        assertThat(dir.resolve("cc-1.tmp")).doesNotExist();
    }

    @Test
    void refusesAndCountsPastItsCap() throws Exception {
        Outbox outbox = new Outbox(dir, 1, registry);

        assertThat(outbox.put("aa-1", utf8("{}"))).isTrue();
        assertThat(outbox.put("bb-1", utf8("{}"))).isFalse();

        assertThat(registry.get("banwatch.alert.outbox.full").counter().count()).isEqualTo(1);
        assertThat(registry.get("banwatch.alert.outbox.depth").gauge().value()).isEqualTo(1);
    }

    @Test
    void keysCannotNameOtherFiles() throws Exception {
        Outbox outbox = new Outbox(dir, 10, registry);

        assertThatThrownBy(() -> outbox.put("../x-1", utf8("{}"))).isInstanceOf(IllegalArgumentException.class);
    }
}
