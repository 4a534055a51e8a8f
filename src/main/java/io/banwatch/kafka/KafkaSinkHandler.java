package io.banwatch.kafka;

import io.banwatch.config.BanwatchConfig.StreamedEvents;
import io.banwatch.event.Event;
import io.banwatch.pipeline.PipelineEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The Kafka sink's place in the event pipeline: hands each event that {@code sinks.kafka.events} selects to the
 * {@link KafkaEventSink}, keyed by its client host, and passes every event on. It never waits: a full sink drops and
 * counts.
 */
public final class KafkaSinkHandler extends ChannelInboundHandlerAdapter {

    private final KafkaEventSink sink;
    private final StreamedEvents events;

    public KafkaSinkHandler(KafkaEventSink sink, StreamedEvents events) {
        this.sink = sink;
        this.events = events;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PipelineEvent event && streamed(event.event())) {
            sink.offer(event.host(), event.event());
        }
        ctx.fireChannelRead(msg);
    }

    /** Outcome events are always of matched contacts; repeats within the dedup window are streamed too. */
    private boolean streamed(Event event) {
        return events == StreamedEvents.ALL || event.matched() || event.isOutcome();
    }
}
