package io.banwatch.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The HTTP/1.1 server for {@code /metrics}, health and the API: Netty NIO, small request limits, routes do the work. */
public final class HttpApiServer implements AutoCloseable {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 19153;

    // Requests are GETs with a path, a query and a few headers; anything bigger is not for this server.
    static final int MAX_INITIAL_LINE_BYTES = 4 * 1024;
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final int MAX_CONTENT_BYTES = 16 * 1024;
    // More header fields than any scraper or browser sends (they send about 10 to 20); a flood of tiny headers fits in
    // 8 KiB and would otherwise cost a map entry each.
    static final int MAX_HEADERS = 100;
    // Scrapes and small queries; two threads keep one slow request from stalling health checks.
    private static final int IO_THREADS = 2;

    private final EventLoopGroup group;
    private final Channel server;

    /** Binds with the default limits and metrics nobody reads (tests, tools). */
    public HttpApiServer(String host, int port, ApiRoutes routes) {
        this(host, port, routes, HttpLimits.DEFAULTS, new SimpleMeterRegistry());
    }

    /**
     * Binds and starts serving.
     *
     * @param port 0 binds any free port; see {@link #port()}
     * @param registry where {@code banwatch_http_refusals_total} and {@code banwatch_http_connections} go
     * @throws ApiBindException when the address cannot be bound, for example because the port is in use
     */
    public HttpApiServer(String host, int port, ApiRoutes routes, HttpLimits limits, MeterRegistry registry) {
        this.group = new MultiThreadIoEventLoopGroup(
                IO_THREADS, new DefaultThreadFactory("banwatch-http", true), NioIoHandler.newFactory());
        HttpServerMetrics metrics = new HttpServerMetrics(registry);
        ConnectionLimiter limiter = new ConnectionLimiter(limits, metrics);
        HttpApiHandler handler = new HttpApiHandler(routes, metrics);
        try {
            this.server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(limiter)
                                    .addLast(new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, 8 * 1024))
                                    .addLast(new HttpServerKeepAliveHandler())
                                    .addLast(new CountingAggregator(MAX_CONTENT_BYTES, metrics))
                                    .addLast(new RequestDeadline(limits.readTimeoutSeconds(), metrics))
                                    .addLast(handler);
                        }
                    })
                    .bind(host, port)
                    .syncUninterruptibly()
                    .channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new ApiBindException(host, port, e);
        }
    }

    /** The aggregator, counting the bodies it refuses with 413. */
    private static final class CountingAggregator extends HttpObjectAggregator {
        private final HttpServerMetrics metrics;

        CountingAggregator(int maxContentLength, HttpServerMetrics metrics) {
            super(maxContentLength);
            this.metrics = metrics;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
            metrics.refused(HttpRefusal.BODY_TOO_LARGE);
            super.handleOversizedMessage(ctx, oversized);
        }
    }

    /** The bound port; the actual one when constructed with port 0. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
