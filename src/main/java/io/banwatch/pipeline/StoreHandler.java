package io.banwatch.pipeline;

import io.banwatch.event.JsonOutput;
import io.banwatch.store.StoreWriter;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Hands every matched event (contacts and their outcomes) to the store's writer thread. Live capture never waits:
 * a full store queue drops and counts; a replay waits for room, so the store holds every match of the capture.
 */
@ChannelHandler.Sharable
public final class StoreHandler extends ChannelInboundHandlerAdapter {

    private final StoreWriter writer;
    private final String observer;
    private final boolean lossless;
    // Every event is read on the pipeline's one event loop, so one output serves them all.
    private final JsonOutput scratch = new JsonOutput(512);

    /** @param lossless wait for room in the store's queue instead of dropping (replays) */
    public StoreHandler(StoreWriter writer, String observer, boolean lossless) {
        this.writer = writer;
        this.observer = observer;
        this.lossless = lossless;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PipelineEvent event && event.event().matched()) {
            if (lossless) {
                try {
                    writer.put(event.event(), observer, scratch);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                writer.offer(event.event(), observer, scratch);
            }
        }
        ctx.fireChannelRead(msg);
    }
}
