package io.banwatch.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adapts Netty's aggregated HTTP requests to {@link ApiRoutes} and their answers back to HTTP responses. */
@ChannelHandler.Sharable
final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);

    private static final AttributeKey<CompletableFuture<Void>> LAST_ANSWER =
            AttributeKey.valueOf(HttpApiHandler.class, "lastAnswer");

    private final ApiRoutes routes;
    private final HttpServerMetrics metrics;

    HttpApiHandler(ApiRoutes routes, HttpServerMetrics metrics) {
        this.routes = routes;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        CompletableFuture<ApiResponse> answer;
        boolean refused = true;
        if (request.decoderResult().isFailure()) {
            answer = CompletableFuture.completedFuture(
                    refusal(request.decoderResult().cause()));
        } else if (request.headers().size() > HttpApiServer.MAX_HEADERS) {
            metrics.refused(HttpRefusal.TOO_MANY_HEADERS);
            answer = CompletableFuture.completedFuture(ApiResponse.error(
                    431, "the request has more than " + HttpApiServer.MAX_HEADERS + " header fields", ""));
        } else {
            refused = false;
            answer = answer(ctx, request);
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !refused;
        String method = request.method().name();
        String path = new QueryStringDecoder(request.uri()).path();
        // Query routes answer later, on another thread; a client that pipelines requests still gets the answers in
        // the order it asked (RFC 9112 section 9.3.2), so each answer waits for the one before it on the connection.
        CompletableFuture<Void> previous = ctx.channel().attr(LAST_ANSWER).get();
        CompletableFuture<ApiResponse> inOrder = previous == null
                ? answer
                : previous.handle((done, error) -> null).thenCompose(ignored -> answer);
        CompletableFuture<Void> written = inOrder.handle((response, error) -> {
            ApiResponse out = response;
            if (error != null) {
                LOG.warn("HTTP {} {} failed", method, path, error);
                out = ApiResponse.error(500, "internal error", path);
            }
            ApiResponse finalOut = out;
            ctx.executor().execute(() -> write(ctx, finalOut, keepAlive));
            return null;
        });
        ctx.channel().attr(LAST_ANSWER).set(written);
    }

    /** A request the codec could not take: too long a line or header block, or not HTTP (RFC 9110, RFC 6585). */
    private ApiResponse refusal(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            metrics.refused(HttpRefusal.REQUEST_LINE_TOO_LONG);
            return ApiResponse.error(
                    414, "the request line is longer than " + HttpApiServer.MAX_INITIAL_LINE_BYTES + " bytes", "");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            metrics.refused(HttpRefusal.HEADERS_TOO_LARGE);
            return ApiResponse.error(
                    431, "the request's headers are longer than " + HttpApiServer.MAX_HEADER_BYTES + " bytes", "");
        }
        metrics.refused(HttpRefusal.BAD_REQUEST);
        return ApiResponse.error(400, "bad request", "");
    }

    private static void write(ChannelHandlerContext ctx, ApiResponse answer, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()),
                Unpooled.wrappedBuffer(answer.body()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        answer.headers().forEach(response.headers()::set);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private CompletableFuture<ApiResponse> answer(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Map<String, List<String>> parameters;
        try {
            parameters = uri.parameters();
        } catch (IllegalArgumentException badEscape) {
            // A query string Netty cannot decode (a broken %-escape) is the client's error, not the server's.
            return CompletableFuture.completedFuture(
                    ApiResponse.error(400, "the query string is not URL-encoded: " + badEscape.getMessage(), ""));
        }
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        SocketAddress remote = ctx.channel().remoteAddress();
        ApiRequest apiRequest = new ApiRequest(
                request.method().name(),
                uri.path(),
                parameters,
                headers,
                remote instanceof InetSocketAddress inet ? inet.getAddress() : null);
        try {
            return routes.handleAsync(apiRequest);
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} {} failed", request.method(), uri.path(), e);
            return CompletableFuture.completedFuture(ApiResponse.error(500, "internal error", uri.path()));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
