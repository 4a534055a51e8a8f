package io.banwatch.concurrent;

import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Daemon threads (Netty's factory, for its thread-locals) that run below the capture threads' priority
 * ({@link GivingWay}): the event pipeline's loop, whose events wait in a bounded queue until it gets a core, and the
 * API's queries, which a person waits for a moment longer rather than the capture losing packets.
 */
public final class GivingWayThreads extends DefaultThreadFactory {

    public GivingWayThreads(String poolName) {
        super(poolName, true);
    }

    @Override
    protected Thread newThread(Runnable work, String name) {
        return super.newThread(
                () -> {
                    GivingWay.lowerThisThread();
                    work.run();
                },
                name);
    }
}
