package io.banwatch.pipeline;

import io.banwatch.event.EventJson;
import io.banwatch.event.JsonOutput;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every event, matched or not, as one line of event JSON ({@code --observations}). Writes are buffered and
 * flushed at the end of each read (one drain of the pipeline's queue), at a {@link Barrier} and on close, keeping
 * file I/O off capture threads. A write failure is logged once and stops this writer only.
 */
public final class ObservationWriterHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ObservationWriterHandler.class);

    // Event lines are ~300-600 bytes; 64 KiB batches a hundred or more of them per write system call.
    private static final int BUFFER_SIZE = 64 * 1024;

    private final BufferedOutputStream out;
    private final JsonOutput line = new JsonOutput(1024); // one event at a time, the array reused
    private final boolean closeWhenDone;
    private boolean failed;
    private long written;

    /** @param closeWhenDone false for a stream the caller owns, such as standard output */
    public ObservationWriterHandler(OutputStream out, boolean closeWhenDone) {
        this.out = new BufferedOutputStream(out, BUFFER_SIZE);
        this.closeWhenDone = closeWhenDone;
    }

    /** Lines written so far. */
    public long written() {
        return written;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PipelineEvent event && !failed) {
            try {
                EventJson.write(event.event(), null, EventJson.Form.WHOLE, line.reset());
                line.writeTo(out);
                out.write('\n');
                written++;
            } catch (IOException | UncheckedIOException e) {
                fail(e);
            }
        } else if (msg instanceof Barrier) {
            // A barrier shares its read with the events before it, and whoever waits on it reads the file next.
            flush();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        flush();
        if (closeWhenDone && !failed) {
            try {
                out.close();
            } catch (IOException e) {
                fail(e);
            }
        }
    }

    private void flush() {
        if (failed) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(Exception e) {
        if (!failed) {
            failed = true;
            LOG.error("writing observations failed, no more will be written: {}", e.toString());
        }
    }
}
