package io.banwatch.api;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose next request has not arrived whole within {@code http.read_timeout_seconds}: from the
 * connection's start, and again from each answer. Unlike an idle timeout, a slow-loris client that sends one byte
 * every few seconds cannot keep it from running out. While a request is being answered it does not run; the query's
 * own limit ({@code api.request_timeout_seconds}) bounds that.
 */
final class RequestDeadline extends ChannelDuplexHandler {

    private final long timeoutSeconds;
    private final HttpServerMetrics metrics;
    private ScheduledFuture<?> expiry;
    private int unanswered;

    RequestDeadline(long timeoutSeconds, HttpServerMetrics metrics) {
        this.timeoutSeconds = timeoutSeconds;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        arm(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest) {
            unanswered++;
            disarm();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof FullHttpResponse && --unanswered <= 0) {
            unanswered = 0;
            arm(ctx);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        expiry = ctx.executor()
                .schedule(
                        () -> {
                            if (ctx.channel().isActive()) {
                                metrics.refused(HttpRefusal.READ_TIMEOUT);
                                ctx.close();
                            }
                        },
                        timeoutSeconds,
                        TimeUnit.SECONDS);
    }

    private void disarm() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }
}
