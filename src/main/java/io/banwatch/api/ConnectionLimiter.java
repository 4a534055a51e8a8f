package io.banwatch.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open connections, all together and per client address, and answers a connection beyond
 * {@code http.max_connections} or {@code http.max_connections_per_client} with 503 and closes it at once, before
 * anything of it is read: one client cannot hold every slot, many cannot hold more than the server can buffer.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf(ConnectionLimiter.class, "counted");
    private static final byte[] REFUSED = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                    + "Retry-After: 1\r\nConnection: close\r\nContent-Length: 21\r\n\r\ntoo many connections\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final HttpLimits limits;
    private final HttpServerMetrics metrics;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();

    ConnectionLimiter(HttpLimits limits, HttpServerMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress client = ctx.channel().remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        HttpRefusal refusal = admit(client);
        if (refusal != null) {
            metrics.refused(refusal);
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(REFUSED)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.channel().attr(COUNTED).set(client == null ? InetAddress.getLoopbackAddress() : client);
        super.channelActive(ctx);
    }

    /** Takes a place for a connection from {@code client}; null when it got one, else why not. */
    private HttpRefusal admit(InetAddress client) {
        if (metrics.connections.incrementAndGet() > limits.maxConnections()) {
            metrics.connections.decrementAndGet();
            return HttpRefusal.MAX_CONNECTIONS;
        }
        InetAddress key = client == null ? InetAddress.getLoopbackAddress() : client;
        AtomicInteger mine = perClient.compute(key, (k, count) -> {
            AtomicInteger next = count == null ? new AtomicInteger() : count;
            next.incrementAndGet();
            return next;
        });
        if (mine.get() > limits.maxConnectionsPerClient()) {
            release(key);
            return HttpRefusal.MAX_CONNECTIONS_PER_CLIENT;
        }
        return null;
    }

    private void release(InetAddress client) {
        metrics.connections.decrementAndGet();
        // Removed at zero so that the map holds only addresses with open connections: at most max_connections.
        perClient.computeIfPresent(client, (k, count) -> count.decrementAndGet() == 0 ? null : count);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        InetAddress client = ctx.channel().attr(COUNTED).getAndSet(null);
        if (client != null) {
            release(client);
        }
        super.channelInactive(ctx);
    }
}
