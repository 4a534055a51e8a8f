package io.banwatch.alert;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": before retry {@code n} (1-based) wait a random time between half and all
 * of {@code min(cap, base * 2^(n-1))}, so many sensors retrying against one receiver spread out instead of arriving
 * together, while each still waits at least half the step (AWS Architecture Blog, "Exponential Backoff And Jitter",
 * 2015).
 */
public record Backoff(Duration base, Duration cap) {

    public Duration delayBefore(int retry) {
        long ceiling = base.toMillis() << Math.min(Math.max(retry - 1, 0), 20);
        long bounded = Math.max(1, Math.min(ceiling, cap.toMillis()));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bounded / 2, bounded + 1));
    }
}
