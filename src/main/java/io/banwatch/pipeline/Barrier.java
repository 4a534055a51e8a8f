package io.banwatch.pipeline;

import io.netty.util.concurrent.Promise;

/**
 * A marker sent down the pipeline behind the queued events; the last handler completes it, so whoever waits on it
 * knows every event sent before it has passed every handler.
 */
record Barrier(Promise<Void> reached) {}
