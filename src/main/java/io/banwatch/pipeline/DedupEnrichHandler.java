package io.banwatch.pipeline;

import io.banwatch.event.Event;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.Match;
import io.banwatch.metrics.BanwatchMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns each {@link Event} into a {@link PipelineEvent}: marks matched events seen again within the dedup window as
 * repeats and adds when their host first matched the vendor. Unmatched events pass unmarked, so the tables hold
 * only offenders and ordinary traffic cannot evict them. An outcome event is never a repeat: each contact has one.
 */
public final class DedupEnrichHandler extends ChannelInboundHandlerAdapter {

    // Distinct (host, protocol, name, rule) keys active within one window; 100,000 covers every host of a large
    // site reaching several names, at ~200 bytes an entry (~20 MB). Past it the least recent key is forgotten,
    // which at worst stores one more event for it.
    static final int MAX_DEDUP_KEYS = 100_000;

    // Distinct (host, vendor) pairs remembered for "first seen"; past it the least recent pair is forgotten and
    // its first-seen time restarts.
    static final int MAX_FIRST_SEEN_HOSTS = 100_000;

    // equals and hashCode written out, as Findings' row key says why.
    private record DedupKey(String host, Protocol protocol, String name, String rule) {

        @Override
        public boolean equals(Object o) {
            return o instanceof DedupKey k
                    && Objects.equals(host, k.host)
                    && protocol == k.protocol
                    && Objects.equals(name, k.name)
                    && Objects.equals(rule, k.rule);
        }

        @Override
        public int hashCode() {
            int h = Objects.hashCode(host);
            h = 31 * h + Objects.hashCode(protocol);
            h = 31 * h + Objects.hashCode(name);
            return 31 * h + Objects.hashCode(rule);
        }
    }

    private record HostVendor(String host, String vendor) {

        @Override
        public boolean equals(Object o) {
            return o instanceof HostVendor k && Objects.equals(host, k.host) && Objects.equals(vendor, k.vendor);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(host) + Objects.hashCode(vendor);
        }
    }

    private final long windowNanos;
    private final RecentTable<DedupKey> recent;
    private final RecentTable<HostVendor> firstSeen;

    public DedupEnrichHandler(Duration dedupWindow, MeterRegistry registry) {
        this.windowNanos = dedupWindow.toNanos();
        this.recent = new RecentTable<>(MAX_DEDUP_KEYS, evictions(registry, "dedup"));
        this.firstSeen = new RecentTable<>(MAX_FIRST_SEEN_HOSTS, evictions(registry, "first_seen"));
    }

    private static Counter evictions(MeterRegistry registry, String table) {
        return BanwatchMeters.PIPELINE_EVICTIONS
                .counter()
                .tag(BanwatchMeters.TABLE, table)
                .register(registry);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Event event) {
            ctx.fireChannelRead(enrich(event));
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private PipelineEvent enrich(Event event) {
        Observation o = event.observation();
        String host = PipelineEvent.clientHost(o);
        Match match = event.match();
        if (match == null) {
            return new PipelineEvent(event, host, false, PipelineEvent.UNKNOWN);
        }
        long now = o.timestampNanos();
        if (event.isOutcome()) {
            // The outcome of a contact already counted: never a repeat (each contact has one), never a new match.
            // Its contact came first and recorded the host, so this only reads the time recorded then.
            return new PipelineEvent(event, host, false, firstSeen.earliest(new HostVendor(host, match.vendor()), now));
        }
        boolean repeat = recent.seenWithin(new DedupKey(host, o.protocol(), o.name(), match.rule()), now, windowNanos);
        long hostFirstSeen = firstSeen.earliest(new HostVendor(host, match.vendor()), now);
        return new PipelineEvent(event, host, repeat, hostFirstSeen);
    }
}
