package io.banwatch.pipeline;

import io.banwatch.inspect.Protocol;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler: counts what a replay summary reports, completes {@link Barrier}s, and logs exceptions that
 * handlers before it let through, so one bad event never closes the channel.
 */
public final class SummaryHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(SummaryHandler.class);

    // equals and hashCode written out, as Findings' row key says why.
    private record CategoryPhase(Category category, String phase) {

        @Override
        public boolean equals(Object o) {
            return o instanceof CategoryPhase k && category == k.category && Objects.equals(phase, k.phase);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(category) + Objects.hashCode(phase);
        }
    }

    private final AtomicLongArray observations = new AtomicLongArray(Protocol.values().length);
    // Bounded by the catalogs: categories x phases.
    private final Map<CategoryPhase, LongAdder> matches = new ConcurrentHashMap<>();
    private final LongAdder repeats = new LongAdder();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PipelineEvent event) {
            count(event);
        } else if (msg instanceof Barrier barrier) {
            barrier.reached().trySuccess(null);
        } else {
            LOG.warn(
                    "the event pipeline dropped an unexpected message of type {}",
                    msg.getClass().getName());
        }
    }

    private void count(PipelineEvent event) {
        if (event.event().isOutcome()) {
            return; // the outcome of a contact counted already
        }
        observations.incrementAndGet(event.event().observation().protocol().ordinal());
        Match match = event.event().match();
        if (match != null) {
            matches.computeIfAbsent(new CategoryPhase(match.category(), match.phase()), k -> new LongAdder())
                    .increment();
            if (event.repeat()) {
                repeats.increment();
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Error) {
            // Out of memory or the like: the pipeline cannot be trusted to go on (see FatalErrors).
            io.banwatch.source.FatalErrors.halt("the event pipeline", cause);
        }
        LOG.warn("an event pipeline handler failed; the event was skipped", cause);
    }

    /** A snapshot, readable from any thread; alerts and queue drops are filled in by the pipeline. */
    PipelineSummary summary(long alerts, long queueDrops) {
        return summary(alerts, queueDrops, new long[Protocol.values().length]);
    }

    /**
     * A snapshot, readable from any thread; alerts, queue drops and the observations counted without being queued
     * (by protocol ordinal) are filled in by the pipeline.
     */
    PipelineSummary summary(long alerts, long queueDrops, long[] notQueued) {
        Map<Protocol, Long> byProtocol = new EnumMap<>(Protocol.class);
        for (Protocol protocol : Protocol.values()) {
            byProtocol.put(protocol, observations.get(protocol.ordinal()) + notQueued[protocol.ordinal()]);
        }
        Map<Category, Map<String, Long>> byCategory = new EnumMap<>(Category.class);
        matches.forEach((key, count) ->
                byCategory.computeIfAbsent(key.category(), c -> new TreeMap<>()).put(key.phase(), count.sum()));
        return new PipelineSummary(byProtocol, byCategory, repeats.sum(), alerts, queueDrops);
    }
}
