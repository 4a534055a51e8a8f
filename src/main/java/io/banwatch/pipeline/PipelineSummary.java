package io.banwatch.pipeline;

import io.banwatch.inspect.Protocol;
import io.banwatch.match.Category;
import java.util.Map;

/**
 * Totals for a replay summary.
 *
 * @param observations events per protocol, matched or not
 * @param matches matched events per category and policy phase
 * @param repeats matched events marked as repeats by dedup
 * @param alerts alerts raised
 * @param queueDrops events dropped because the hand-off queue was full
 */
public record PipelineSummary(
        Map<Protocol, Long> observations,
        Map<Category, Map<String, Long>> matches,
        long repeats,
        long alerts,
        long queueDrops) {

    public long totalObservations() {
        return observations.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalMatches() {
        return matches.values().stream()
                .flatMap(byPhase -> byPhase.values().stream())
                .mapToLong(Long::longValue)
                .sum();
    }
}
